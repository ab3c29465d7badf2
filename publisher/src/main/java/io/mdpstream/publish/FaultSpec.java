package io.mdpstream.publish;

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
 *   <li>{@code reorder}: it is published after the next event of its episode;</li>
 *   <li>{@code delay}: it is published late, after events of its episode that follow it by up to
 *       {@link #delayEvents} (beyond a validator's lateness bound);</li>
 *   <li>{@code out_of_range}: a state's numeric observation field is set outside its declared bounds.</li>
 * </ul>
 * The rates go into every episode's header, and each injected fault into {@code <ns>.fault-log},
 * so checks downstream can be scored against the truth.
 *
 * @param rates       rate by fault kind, each within [0, 1]
 * @param delayEvents how many later events of the episode a delayed event waits for
 */
public record FaultSpec(Map<String, Double> rates, int delayEvents) {

    public static final Set<String> KINDS = Set.of("drop", "duplicate", "reorder", "delay", "out_of_range");
    public static final FaultSpec NONE = new FaultSpec(Map.of(), 8);

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
        if (delayEvents < 1) {
            throw new IllegalArgumentException("delayEvents must be >= 1, got " + delayEvents);
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
        return new FaultSpec(rates, 8);
    }

    public boolean none() {
        return rates.isEmpty();
    }

    public double rate(String kind) {
        return rates.getOrDefault(kind, 0.0);
    }
}
