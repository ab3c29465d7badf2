package io.mdpstream.serde.internal;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;

/** The schema of a value handed to the serializer: its own for Avro containers, a primitive one otherwise. */
public final class PrimitiveSchemas {

    private static final Map<Class<?>, Schema> BY_CLASS = Map.of(
            String.class, Schema.create(Schema.Type.STRING),
            Integer.class, Schema.create(Schema.Type.INT),
            Long.class, Schema.create(Schema.Type.LONG),
            Float.class, Schema.create(Schema.Type.FLOAT),
            Double.class, Schema.create(Schema.Type.DOUBLE),
            Boolean.class, Schema.create(Schema.Type.BOOLEAN),
            byte[].class, Schema.create(Schema.Type.BYTES));

    private PrimitiveSchemas() {
    }

    /**
     * @throws IllegalArgumentException naming the class when the value has no Avro schema
     */
    public static Schema schemaOf(Object value) {
        if (value instanceof GenericContainer container) {
            return container.getSchema();
        }
        if (value instanceof ByteBuffer) {
            return BY_CLASS.get(byte[].class);
        }
        Schema schema = BY_CLASS.get(value.getClass());
        if (schema == null) {
            throw new IllegalArgumentException("cannot serialize a " + value.getClass().getName()
                    + " as Avro: expected a GenericRecord, SpecificRecord, enum symbol or primitive");
        }
        return schema;
    }
}
