package io.mdpstream.publish;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rates of faults injected into the published streams, to test the consumers downstream
 * (ShadowTraffic-style). Each rate is the probability that a given event suffers that fault:
 * <ul>
 *   <li>{@code drop}: the event is never published (a gap in {@code seq});</li>
 *   <li>{@code duplicate}: it is published twice;</li>
 *   <li>{@code reorder}: it is published after the next event of its episode on the same topic, so
 *       the topic's partition holds the episode's events out of order, which no lateness bound
 *       excuses;</li>
 *   <li>{@code delay}: it is published late: once later events of its episode have gone out, it
 *       waits until its episode has moved on by {@link #delay} of simulated time (choose it beyond
 *       a validator's lateness bound, default 30 s, so that the delay is a fault and not jitter)
 *       and a later event went out on its own topic (so it is late in its partition too, where a
 *       consumer merging partitions by timestamp cannot put it back in place). An episode that ends
 *       first releases it at its end, and then it is not logged as a fault;</li>
 *   <li>{@code out_of_range}: a state's numeric observation field is set outside its declared bounds.</li>
 * </ul>
 * The rates go into every episode's header, and each injected fault into {@code <ns>.fault-log},
 * so checks downstream can be scored against the truth.
 *
 * @param rates rate by fault kind, each within [0, 1]
 * @param delay how far in simulated time a delayed event's episode moves on before it goes out
 */
public record FaultSpec(Map<String, Double> rates, Duration delay) {

    public static final Set<String> KINDS = Set.of("drop", "duplicate", "reorder", "delay", "out_of_range");
    /** Ten times the validator's default lateness bound. */
    public static final Duration DEFAULT_DELAY = Duration.ofMinutes(5);
    public static final FaultSpec NONE = new FaultSpec(Map.of(), DEFAULT_DELAY);

    public FaultSpec {
        Map<String, Double> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Double> rate : rates.entrySet()) {
            if (!KINDS.contains(rate.getKey())) {
                throw new IllegalArgumentException("unknown fault '" + rate.getKey() + "'; use " + new java.util.TreeSet<>(KINDS));
            }
            if (!(rate.getValue() >= 0 && rate.getValue() <= 1)) {
                throw new IllegalArgumentException("fault rate " + rate.getKey() + "=" + rate.getValue() + " is not within [0, 1]");
            }
            if (rate.getValue() > 0) {
                copy.put(rate.getKey(), rate.getValue());
            }
        }
        if (delay == null || delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("the delay of delayed events must be positive, got " + delay);
        }
        rates = Collections.unmodifiableMap(copy);
    }

    /**
     * Parses {@code drop=0.01,duplicate=0.005}; empty or null means none.
     *
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static FaultSpec parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        Map<String, Double> rates = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("fault '" + part.trim() + "' must be kind=rate, e.g. drop=0.01");
            }
            try {
                rates.put(kv[0].trim().toLowerCase(Locale.ROOT).replace('-', '_'), Double.parseDouble(kv[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("fault rate '" + kv[1].trim() + "' of " + kv[0].trim() + " is not a number");
            }
        }
        return new FaultSpec(rates, DEFAULT_DELAY);
    }

    public FaultSpec withDelay(Duration delay) {
        return new FaultSpec(rates, delay);
    }

    public boolean none() {
        return rates.isEmpty();
    }

    public double rate(String kind) {
        return rates.getOrDefault(kind, 0.0);
    }
}
