package io.mdpstream.sim.space;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.random.RandomGenerator;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;

/**
 * Numbers within bounds: a scalar or a vector, of doubles or of integers (longs). Bounds are
 * inclusive; a double box may be unbounded on either side.
 */
public final class Box implements Space {

    private final int size;          // 0 for a scalar
    private final boolean integer;
    private final double low;
    private final double high;

    private Box(int size, boolean integer, double low, double high) {
        if (Double.isNaN(low) || Double.isNaN(high) || low > high) {
            throw new IllegalArgumentException("box bounds must satisfy low <= high, got [" + low + ", " + high + "]");
        }
        if (size < 0) {
            throw new IllegalArgumentException("vector size must be >= 1, got " + size);
        }
        this.size = size;
        this.integer = integer;
        this.low = low;
        this.high = high;
    }

    /** A scalar double in [low, high]; either bound may be infinite. */
    public static Box continuous(double low, double high) {
        return new Box(0, false, low, high);
    }

    /** A scalar integer in [low, high]. */
    public static Box integer(long low, long high) {
        return new Box(0, true, low, high);
    }

    /** A vector of {@code size} doubles, each in [low, high]. */
    public static Box vector(int size, double low, double high) {
        requireSize(size);
        return new Box(size, false, low, high);
    }

    /** A vector of {@code size} integers, each in [low, high]. */
    public static Box integerVector(int size, long low, long high) {
        requireSize(size);
        return new Box(size, true, low, high);
    }

    public boolean isInteger() {
        return integer;
    }

    public boolean isScalar() {
        return size == 0;
    }

    /** Vector length; 0 for a scalar. */
    public int size() {
        return size;
    }

    public double low() {
        return low;
    }

    public double high() {
        return high;
    }

    @Override
    public boolean contains(Object value) {
        return violation(value, "value") == null;
    }

    @Override
    public String violation(Object value, String path) {
        if (size == 0) {
            if (integer ? !(value instanceof Long || value instanceof Integer) : !(value instanceof Double)) {
                return path + " must be " + (integer ? "an integer" : "a double") + ", got " + describe(value);
            }
            double x = ((Number) value).doubleValue();
            return inBounds(x) ? null : path + " = " + value + " is outside [" + bound(low) + ", " + bound(high) + "]";
        }
        if (integer ? !(value instanceof long[]) : !(value instanceof double[])) {
            return path + " must be " + (integer ? "long[" : "double[") + size + "], got " + describe(value);
        }
        int length = integer ? ((long[]) value).length : ((double[]) value).length;
        if (length != size) {
            return path + " must have " + size + " elements, got " + length;
        }
        for (int i = 0; i < size; i++) {
            double x = integer ? ((long[]) value)[i] : ((double[]) value)[i];
            if (!inBounds(x)) {
                return path + "[" + i + "] = " + x + " is outside [" + bound(low) + ", " + bound(high) + "]";
            }
        }
        return null;
    }

    private boolean inBounds(double x) {
        return !Double.isNaN(x) && x >= low && x <= high;
    }

    @Override
    public Object sample(RandomGenerator random) {
        if (size == 0) {
            return integer ? (Object) sampleLong(random) : (Object) sampleDouble(random);
        }
        if (integer) {
            long[] values = new long[size];
            for (int i = 0; i < size; i++) {
                values[i] = sampleLong(random);
            }
            return values;
        }
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = sampleDouble(random);
        }
        return values;
    }

    /** Gymnasium's rule: uniform when bounded, shifted exponential when half-bounded, normal when unbounded. */
    private double sampleDouble(RandomGenerator random) {
        boolean lowFinite = !Double.isInfinite(low);
        boolean highFinite = !Double.isInfinite(high);
        if (lowFinite && highFinite) {
            return low == high ? low : random.nextDouble(low, Math.nextUp(high));
        }
        if (lowFinite) {
            return low + random.nextExponential();
        }
        if (highFinite) {
            return high - random.nextExponential();
        }
        return random.nextGaussian();
    }

    private long sampleLong(RandomGenerator random) {
        long lo = (long) Math.max(low, -1e15);
        long hi = (long) Math.min(high, 1e15);
        return lo == hi ? lo : random.nextLong(lo, hi + 1);
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
        return Math.max(1, size);
    }

    @Override
    public int flatten(Object value, double[] out, int offset) {
        if (size == 0) {
            out[offset] = ((Number) value).doubleValue();
            return offset + 1;
        }
        for (int i = 0; i < size; i++) {
            out[offset + i] = integer ? ((long[]) value)[i] : ((double[]) value)[i];
        }
        return offset + size;
    }

    @Override
    public List<String> flatNames(String prefix) {
        if (size == 0) {
            return List.of(prefix);
        }
        List<String> names = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            names.add(prefix + "[" + i + "]");
        }
        return names;
    }

    @Override
    public Schema avroSchema(String name, String namespace) {
        Schema element = Schema.create(integer ? Schema.Type.LONG : Schema.Type.DOUBLE);
        return size == 0 ? element : Schema.createArray(element);
    }

    @Override
    public Object toAvro(Object value, Schema schema) {
        if (size == 0) {
            return integer ? (Object) ((Number) value).longValue() : value;
        }
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(integer ? (Object) ((long[]) value)[i] : (Object) ((double[]) value)[i]);
        }
        return list;
    }

    @Override
    public void writeAvro(Object value, Encoder out) throws IOException {
        if (size == 0) {
            if (integer) {
                out.writeLong(((Number) value).longValue());
            } else {
                out.writeDouble(((Number) value).doubleValue());
            }
            return;
        }
        out.writeArrayStart();
        out.setItemCount(size);
        for (int i = 0; i < size; i++) {
            out.startItem();
            if (integer) {
                out.writeLong(((long[]) value)[i]);
            } else {
                out.writeDouble(((double[]) value)[i]);
            }
        }
        out.writeArrayEnd();
    }

    @Override
    public Object fromAvro(Object datum) {
        if (size == 0) {
            if (!(datum instanceof Number number)) {
                throw new IllegalArgumentException("expected a number, got " + describe(datum));
            }
            return integer ? (Object) number.longValue() : (Object) number.doubleValue();
        }
        if (!(datum instanceof Collection<?> items)) {
            throw new IllegalArgumentException("expected an array of " + size + " numbers, got " + describe(datum));
        }
        // Loops rather than streams: a validator converts every state's vectors, and a stream's setup cost more than the copying.
        int i = 0;
        if (integer) {
            long[] values = new long[items.size()];
            for (Object item : items) {
                values[i++] = ((Number) item).longValue();
            }
            return values;
        }
        double[] values = new double[items.size()];
        for (Object item : items) {
            values[i++] = ((Number) item).doubleValue();
        }
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && b.size == size && b.integer == integer
                && Double.compare(b.low, low) == 0 && Double.compare(b.high, high) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new double[] {size, integer ? 1 : 0, low, high});
    }

    @Override
    public String toString() {
        return "Box(" + bound(low) + ", " + bound(high) + (size == 0 ? "" : ", (" + size + ",)")
                + ", " + (integer ? "int64" : "float64") + ")";
    }

    private String bound(double b) {
        return Double.isInfinite(b) ? (b > 0 ? "inf" : "-inf") : integer ? Long.toString((long) b) : Double.toString(b);
    }

    private static void requireSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("vector size must be >= 1, got " + size);
        }
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value.getClass().isArray()) {
            return value.getClass().getComponentType().getSimpleName() + "[]";
        }
        return value.getClass().getSimpleName() + " " + value;
    }
}
