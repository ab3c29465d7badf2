package io.mdpstream.sink.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * JSON Lines: one object per row with the same names as the Parquet columns; nested records are
 * nested objects, timestamps ISO-8601 instants (as in {@code mdpstream simulate --out}), unions just
 * their value.
 */
final class JsonlRowWriter implements RowWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private final FileOutputStream file;
    private final JsonGenerator out;
    private long rows;

    JsonlRowWriter(Path path) throws IOException {
        this.file = new FileOutputStream(path.toFile());
        this.out = JSON.createGenerator(new BufferedOutputStream(file, 64 * 1024), JsonEncoding.UTF8);
        out.setRootValueSeparator(null);
    }

    @Override
    public void write(GenericRecord row) throws IOException {
        writeValue(row, row.getSchema());
        out.writeRaw('\n');
        rows++;
    }

    private void writeValue(Object value, Schema schema) throws IOException {
        if (value == null) {
            out.writeNull();
            return;
        }
        switch (schema.getType()) {
            case UNION -> writeValue(value, schema.getTypes().get(GenericData.get().resolveUnion(schema, value)));
            case RECORD -> {
                GenericRecord record = (GenericRecord) value;
                out.writeStartObject();
                for (Schema.Field field : schema.getFields()) {
                    out.writeFieldName(field.name());
                    writeValue(record.get(field.pos()), field.schema());
                }
                out.writeEndObject();
            }
            case ARRAY -> {
                out.writeStartArray();
                for (Object item : (Collection<?>) value) {
                    writeValue(item, schema.getElementType());
                }
                out.writeEndArray();
            }
            case MAP -> {
                out.writeStartObject();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    out.writeFieldName(entry.getKey().toString());
                    writeValue(entry.getValue(), schema.getValueType());
                }
                out.writeEndObject();
            }
            case LONG -> {
                LogicalType logical = schema.getLogicalType();
                long number = value instanceof Instant instant ? instant.toEpochMilli() : ((Number) value).longValue();
                if (logical instanceof LogicalTypes.TimestampMillis) {
                    out.writeString(Instant.ofEpochMilli(number).toString());
                } else {
                    out.writeNumber(number);
                }
            }
            case INT -> out.writeNumber(((Number) value).intValue());
            case DOUBLE, FLOAT -> out.writeNumber(((Number) value).doubleValue());
            case BOOLEAN -> out.writeBoolean((Boolean) value);
            case BYTES -> {
                ByteBuffer bytes = ((ByteBuffer) value).duplicate();
                byte[] raw = new byte[bytes.remaining()];
                bytes.get(raw);
                out.writeBinary(raw);
            }
            default -> out.writeString(value.toString()); // strings, enums, fixed
        }
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        out.flush();
        file.getFD().sync();
        out.close();
    }
}
