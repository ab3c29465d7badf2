package io.mdpstream.sim.space;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;

/** One of {@code n} choices, numbered {@code start .. start + n - 1}; the value is an Integer. */
public final class Discrete implements Space {

    private final int n;
    private final int start;

    public Discrete(int n) {
        this(n, 0);
    }

    public Discrete(int n, int start) {
        if (n < 1) {
            throw new IllegalArgumentException("a discrete space needs n >= 1 choices, got " + n);
        }
        this.n = n;
        this.start = start;
    }

    public int n() {
        return n;
    }

    public int start() {
        return start;
    }

    @Override
    public boolean contains(Object value) {
        return violation(value, "value") == null;
    }

    @Override
    public String violation(Object value, String path) {
        if (!(value instanceof Integer i)) {
            return path + " must be an Integer choice, got " + Box.describe(value);
        }
        return i >= start && i < start + n ? null : path + " = " + i + " is not one of " + start + ".." + (start + n - 1);
    }

    @Override
    public Object sample(RandomGenerator random) {
        return start + random.nextInt(n);
    }

    @Override
    public int maskLength() {
        return n;
    }

    @Override
    public String maskViolation(Object value, boolean[] mask, int offset, String path) {
        int choice = (Integer) value;
        return mask[offset + choice - start] ? null : path + " = " + choice + " is masked out (not valid now)";
    }

    @Override
    public int flatDimension() {
        return n;
    }

    @Override
    public int flatten(Object value, double[] out, int offset) {
        out[offset + ((Integer) value - start)] = 1.0;
        return offset + n;
    }

    @Override
    public List<String> flatNames(String prefix) {
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(prefix + "=" + (start + i));
        }
        return names;
    }

    @Override
    public Schema avroSchema(String name, String namespace) {
        return Schema.create(Schema.Type.INT);
    }

    @Override
    public Object toAvro(Object value, Schema schema) {
        return value;
    }

    @Override
    public void writeAvro(Object value, Encoder out) throws IOException {
        out.writeInt(((Number) value).intValue());
    }

    @Override
    public Object fromAvro(Object datum) {
        if (!(datum instanceof Number number) || number.doubleValue() != number.intValue()) {
            throw new IllegalArgumentException("expected an integer choice, got " + Box.describe(datum));
        }
        return number.intValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Discrete d && d.n == n && d.start == start;
    }

    @Override
    public int hashCode() {
        return 31 * n + start;
    }

    @Override
    public String toString() {
        return start == 0 ? "Discrete(" + n + ")" : "Discrete(" + n + ", start=" + start + ")";
    }
}
