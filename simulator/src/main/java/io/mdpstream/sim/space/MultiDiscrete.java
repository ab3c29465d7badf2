package io.mdpstream.sim.space;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.random.RandomGenerator;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;

/** A vector of independent choices, element i in {@code 0 .. nvec[i] - 1}; the value is an int[]. */
public final class MultiDiscrete implements Space {

    private final int[] nvec;
    private final int total;

    public MultiDiscrete(int... nvec) {
        if (nvec.length == 0) {
            throw new IllegalArgumentException("a multi-discrete space needs at least one dimension");
        }
        int sum = 0;
        for (int i = 0; i < nvec.length; i++) {
            if (nvec[i] < 1) {
                throw new IllegalArgumentException("nvec[" + i + "] must be >= 1, got " + nvec[i]);
            }
            sum += nvec[i];
        }
        this.nvec = nvec.clone();
        this.total = sum;
    }

    public int[] nvec() {
        return nvec.clone();
    }

    @Override
    public boolean contains(Object value) {
        return violation(value, "value") == null;
    }

    @Override
    public String violation(Object value, String path) {
        if (!(value instanceof int[] choices)) {
            return path + " must be int[" + nvec.length + "], got " + Box.describe(value);
        }
        if (choices.length != nvec.length) {
            return path + " must have " + nvec.length + " elements, got " + choices.length;
        }
        for (int i = 0; i < nvec.length; i++) {
            if (choices[i] < 0 || choices[i] >= nvec[i]) {
                return path + "[" + i + "] = " + choices[i] + " is not one of 0.." + (nvec[i] - 1);
            }
        }
        return null;
    }

    @Override
    public Object sample(RandomGenerator random) {
        int[] choices = new int[nvec.length];
        for (int i = 0; i < nvec.length; i++) {
            choices[i] = random.nextInt(nvec[i]);
        }
        return choices;
    }

    @Override
    public int maskLength() {
        return total;
    }

    @Override
    public String maskViolation(Object value, boolean[] mask, int offset, String path) {
        int[] choices = (int[]) value;
        int at = offset;
        for (int i = 0; i < nvec.length; i++) {
            if (!mask[at + choices[i]]) {
                return path + "[" + i + "] = " + choices[i] + " is masked out (not valid now)";
            }
            at += nvec[i];
        }
        return null;
    }

    @Override
    public int flatDimension() {
        return total;
    }

    @Override
    public int flatten(Object value, double[] out, int offset) {
        int[] choices = (int[]) value;
        int at = offset;
        for (int i = 0; i < nvec.length; i++) {
            out[at + choices[i]] = 1.0;
            at += nvec[i];
        }
        return at;
    }

    @Override
    public List<String> flatNames(String prefix) {
        List<String> names = new ArrayList<>(total);
        for (int i = 0; i < nvec.length; i++) {
            for (int j = 0; j < nvec[i]; j++) {
                names.add(prefix + "[" + i + "]=" + j);
            }
        }
        return names;
    }

    @Override
    public Schema avroSchema(String name, String namespace) {
        return Schema.createArray(Schema.create(Schema.Type.INT));
    }

    @Override
    public Object toAvro(Object value, Schema schema) {
        List<Integer> list = new ArrayList<>(nvec.length);
        for (int choice : (int[]) value) {
            list.add(choice);
        }
        return list;
    }

    @Override
    public void writeAvro(Object value, Encoder out) throws IOException {
        int[] choices = (int[]) value;
        out.writeArrayStart();
        out.setItemCount(choices.length);
        for (int choice : choices) {
            out.startItem();
            out.writeInt(choice);
        }
        out.writeArrayEnd();
    }

    @Override
    public Object fromAvro(Object datum) {
        if (!(datum instanceof Collection<?> items)) {
            throw new IllegalArgumentException("expected an array of " + nvec.length + " choices, got " + Box.describe(datum));
        }
        return items.stream().mapToInt(x -> ((Number) x).intValue()).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiDiscrete m && Arrays.equals(m.nvec, nvec);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(nvec);
    }

    @Override
    public String toString() {
        return "MultiDiscrete(" + Arrays.toString(nvec) + ")";
    }
}
