package io.mdpstream.replay.internal;

import io.mdpstream.sim.space.Box;
import io.mdpstream.sim.space.Dict;
import io.mdpstream.sim.space.Space;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.apache.avro.generic.GenericRecord;

/**
 * Gaussian noise on the numeric fields of an observation: each {@link Box} field of the scenario's
 * observation space (each element of a vector), with a standard deviation of {@code sigma} times
 * that feature's standard deviation in the dataset's training set, so one sigma means the same for
 * a queue length and a price. Integer fields are rounded, and with clipping every value is kept
 * inside its box, so the state stays valid. Categorical fields ({@code Discrete},
 * {@code MultiDiscrete}) and features that never varied in the dataset are left as they are.
 * Not thread-safe.
 */
public final class ValueNoise {

    private final double sigma;
    private final boolean clip;
    private final Dict space;
    private final ToDoubleFunction<String> featureStd;

    /**
     * @param featureStd the dataset's standard deviation of a feature ({@code queue_length[3]}), NaN when unknown
     */
    public ValueNoise(double sigma, boolean clip, Dict space, ToDoubleFunction<String> featureStd) {
        this.sigma = sigma;
        this.clip = clip;
        this.space = space;
        this.featureStd = featureStd;
    }

    /**
     * Adds noise to an observation record in place.
     *
     * @return how many values changed
     */
    public int apply(GenericRecord observation, SplittableRandom random) {
        int changed = 0;
        for (Map.Entry<String, Space> field : space.spaces().entrySet()) {
            if (!(field.getValue() instanceof Box box) || observation.getSchema().getField(field.getKey()) == null) {
                continue;
            }
            Object value = observation.get(field.getKey());
            if (value instanceof Number number) {
                Number noised = noised(number, box, field.getKey(), random);
                changed += noised.equals(number) ? 0 : 1;
                observation.put(field.getKey(), noised);
            } else if (value instanceof List<?> elements) {
                List<Object> noised = new ArrayList<>(elements.size());
                for (int i = 0; i < elements.size(); i++) {
                    Number element = (Number) elements.get(i);
                    Number after = noised(element, box, field.getKey() + "[" + i + "]", random);
                    changed += after.equals(element) ? 0 : 1;
                    noised.add(after);
                }
                observation.put(field.getKey(), noised);
            }
        }
        return changed;
    }

    private Number noised(Number value, Box box, String feature, SplittableRandom random) {
        double std = featureStd.applyAsDouble(feature);
        if (!(std > 0) || !Double.isFinite(std)) {
            return value;
        }
        double x = value.doubleValue() + sigma * std * random.nextGaussian();
        if (clip) {
            x = Math.max(box.low(), Math.min(box.high(), x));
        }
        if (value instanceof Long) {
            return Math.round(x);
        }
        if (value instanceof Integer) {
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round(x)));
        }
        if (value instanceof Float) {
            return (float) x;
        }
        return x;
    }
}
