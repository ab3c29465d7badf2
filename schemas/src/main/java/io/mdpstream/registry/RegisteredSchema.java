package io.mdpstream.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject.
 *
 * @param subject the subject, e.g. {@code warehouse.states-value}
 * @param version version within the subject, from 1
 * @param id      the registry-wide schema id written in each record's header
 * @param schema  the parsed schema
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {

    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
