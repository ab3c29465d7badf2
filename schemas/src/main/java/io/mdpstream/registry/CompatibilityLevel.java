package io.mdpstream.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Schema evolution rules with the names and meaning of Confluent Schema Registry's compatibility
 * levels. BACKWARD: consumers on the new schema read data written with the previous one; FORWARD:
 * consumers on the previous schema read new data; FULL: both. The transitive variants check every
 * earlier version instead of only the latest.
 */
public enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE;

    /**
     * Parses a level name as the registry's REST API spells it, ignoring case.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static CompatibilityLevel parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown compatibility level '" + name + "'; expected one of "
                    + List.of(values()), e);
        }
    }

    /**
     * Lists why {@code candidate} may not follow {@code previous} under this level.
     *
     * @param candidate the schema being registered
     * @param previous  earlier versions of the subject, oldest first
     * @return one message per incompatibility, in Confluent's style; empty when compatible
     */
    public List<String> incompatibilities(Schema candidate, List<Schema> previous) {
        if (this == NONE || previous.isEmpty()) {
            return List.of();
        }
        boolean transitive = name().endsWith("_TRANSITIVE");
        List<Schema> against = transitive ? previous : List.of(previous.get(previous.size() - 1));
        boolean backward = this != FORWARD && this != FORWARD_TRANSITIVE;
        boolean forward = this != BACKWARD && this != BACKWARD_TRANSITIVE;
        List<String> messages = new ArrayList<>();
        for (Schema old : against) {
            if (backward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old), messages);
            }
            if (forward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(old, candidate), messages);
            }
        }
        return messages;
    }

    private static void describe(SchemaPairCompatibility result, List<String> messages) {
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            messages.add("{errorType:'" + incompatibility.getType() + "', description:'"
                    + incompatibility.getMessage() + "', location:'" + incompatibility.getLocation() + "'}");
        }
    }
}
