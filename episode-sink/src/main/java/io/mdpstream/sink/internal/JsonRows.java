package io.mdpstream.sink.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/** Reads back what {@link JsonlRowWriter} wrote: one JSON object per row, typed by the table's schema. */
public final class JsonRows {

    private JsonRows() {
    }

    /**
     * @throws IllegalArgumentException naming the field when a value does not fit the schema
     */
    public static GenericData.Record record(JsonNode json, Schema schema) {
        return (GenericData.Record) value(json, schema, schema.getName());
    }

    private static Object value(JsonNode json, Schema schema, String path) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            if (schema.getType() == Schema.Type.NULL || schema.getType() == Schema.Type.UNION
                    && schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL)) {
                return null;
            }
            throw new IllegalArgumentException(path + " is missing or null, but it is not nullable");
        }
        return switch (schema.getType()) {
            case UNION -> value(json, schema.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst()
                    .orElseThrow(), path);
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), value(json.get(field.name()), field.schema(), path + "." + field.name()));
                }
                yield record;
            }
            case ARRAY -> {
                List<Object> items = new ArrayList<>(json.size());
                for (JsonNode item : json) {
                    items.add(value(item, schema.getElementType(), path + "[]"));
                }
                yield new GenericData.Array<>(schema, items);
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                json.fields().forEachRemaining(e -> map.put(e.getKey(), value(e.getValue(), schema.getValueType(), path + "." + e.getKey())));
                yield map;
            }
            case LONG -> schema.getLogicalType() instanceof LogicalTypes.TimestampMillis && json.isTextual()
                    ? Instant.parse(json.asText()).toEpochMilli() : json.longValue();
            case INT -> json.intValue();
            case DOUBLE -> json.doubleValue();
            case FLOAT -> json.floatValue();
            case BOOLEAN -> json.booleanValue();
            case BYTES -> {
                try {
                    yield ByteBuffer.wrap(json.binaryValue());
                } catch (IOException e) {
                    throw new UncheckedIOException(path + " is not base64", e);
                }
            }
            case STRING -> json.asText();
            case ENUM -> new GenericData.EnumSymbol(schema, json.asText());
            default -> throw new IllegalArgumentException(path + ": type " + schema.getType() + " is not read from JSON");
        };
    }
}
