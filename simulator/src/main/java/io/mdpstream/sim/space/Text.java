package io.mdpstream.sim.space;

import java.io.IOException;
import java.util.List;
import java.util.random.RandomGenerator;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;

/**
 * A string of at most {@code maxLength} characters, as Gymnasium's {@code Text}. Used for
 * identifiers and categories in side-stream records; it has no flat vector form and no mask.
 */
public final class Text implements Space {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private final int maxLength;

    public Text(int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be >= 1, got " + maxLength);
        }
        this.maxLength = maxLength;
    }

    public int maxLength() {
        return maxLength;
    }

    @Override
    public boolean contains(Object value) {
        return violation(value, "value") == null;
    }

    @Override
    public String violation(Object value, String path) {
        if (!(value instanceof String text)) {
            return path + " must be a String, got " + Box.describe(value);
        }
        return text.length() <= maxLength ? null : path + " is " + text.length() + " characters, more than " + maxLength;
    }

    @Override
    public Object sample(RandomGenerator random) {
        int length = 1 + random.nextInt(maxLength);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    @Override
    public int maskLength() {
        return 0;
    }

    @Override
    public String maskViolation(Object value, boolean[] mask, int offset, String path) {
        return null;
    }

    @Override
    public int flatDimension() {
        return 0;
    }

    @Override
    public int flatten(Object value, double[] out, int offset) {
        return offset;
    }

    @Override
    public List<String> flatNames(String prefix) {
        return List.of();
    }

    @Override
    public Schema avroSchema(String name, String namespace) {
        return Schema.create(Schema.Type.STRING);
    }

    @Override
    public Object toAvro(Object value, Schema schema) {
        return value;
    }

    @Override
    public void writeAvro(Object value, Encoder out) throws IOException {
        out.writeString((String) value);
    }

    @Override
    public Object fromAvro(Object datum) {
        if (!(datum instanceof CharSequence text)) {
            throw new IllegalArgumentException("expected a string, got " + Box.describe(datum));
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Text t && t.maxLength == maxLength;
    }

    @Override
    public int hashCode() {
        return maxLength;
    }

    @Override
    public String toString() {
        return "Text(" + maxLength + ")";
    }
}
