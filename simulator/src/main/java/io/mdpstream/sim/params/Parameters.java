package io.mdpstream.sim.params;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of one episode: every value typed, every randomised number drawn. Read them once
 * when an episode is built; the accessors throw on a key the spec does not declare with that kind,
 * which is a bug in the scenario rather than in the file.
 */
public final class Parameters {

    private final String source;
    private final Map<String, Object> shared;
    private final Map<String, Object> drawn;
    private final Map<String, Double> randomized;

    /**
     * @param shared values that are the same for every episode, shared by reference
     * @param drawn  values built for this episode from randomised numbers; small
     */
    Parameters(String source, Map<String, Object> shared, Map<String, Object> drawn, Map<String, Double> randomized) {
        this.source = source;
        this.shared = shared;
        // Every episode in flight keeps its Parameters: the compact immutable maps where order does not
        // matter (drawn values are only looked up) or cannot vary (a single entry); a hash map costs
        // ~150 bytes even for one entry.
        this.drawn = Map.copyOf(drawn);
        this.randomized = randomized.size() <= 1 ? Map.copyOf(randomized) : Collections.unmodifiableMap(randomized);
    }

    /**
     * Whether {@code other} holds the same values as these apart from the entries named in
     * {@code except}: both resolved from the same parameter set, and every entry drawn for the
     * episode equal. Lets a scenario share what it derives from its parameters between episodes that
     * differ only in a few randomised numbers, which it then reads per episode.
     *
     * @param except entry paths of the spec, e.g. {@code orders.rate_per_hour}
     */
    public boolean sameValuesAs(Parameters other, Set<String> except) {
        if (other.shared != shared || !other.drawn.keySet().equals(drawn.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> entry : drawn.entrySet()) {
            if (!except.contains(entry.getKey()) && !entry.getValue().equals(other.drawn.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Values drawn for this episode from randomisation ranges, by path. */
    public Map<String, Double> randomized() {
        return randomized;
    }

    public double number(String path) {
        return get(path, Number.class).doubleValue();
    }

    public long integer(String path) {
        return get(path, Number.class).longValue();
    }

    /** An integer parameter that must fit in an int. */
    public int intValue(String path) {
        return Math.toIntExact(integer(path));
    }

    public boolean flag(String path) {
        return get(path, Boolean.class);
    }

    public Distribution distribution(String path) {
        return get(path, Distribution.class);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Distribution> distributionsBy(String path) {
        return get(path, Map.class);
    }

    public Categorical categorical(String path) {
        return get(path, Categorical.class);
    }

    public Seasonality seasonality(String path) {
        return get(path, Seasonality.class);
    }

    public RareEventSpec rareEvent(String path) {
        return get(path, RareEventSpec.class);
    }

    @SuppressWarnings("unchecked")
    public List<String> strings(String path) {
        return get(path, List.class);
    }

    public String text(String path) {
        return get(path, String.class);
    }

    @SuppressWarnings("unchecked")
    public List<Parameters> list(String path) {
        return get(path, List.class);
    }

    /** The rare events declared, by path, in declaration order. */
    public List<RareEventSpec> rareEvents() {
        return java.util.stream.Stream.concat(shared.values().stream(), drawn.values().stream())
                .filter(RareEventSpec.class::isInstance).map(RareEventSpec.class::cast)
                .sorted(java.util.Comparator.comparing(RareEventSpec::name)).toList();
    }

    private <T> T get(String path, Class<T> type) {
        Object value = drawn.get(path);
        if (value == null) {
            value = shared.get(path);
        }
        if (value == null) {
            throw new IllegalArgumentException("parameter " + path + " is not declared in the spec of " + source);
        }
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("parameter " + path + " of " + source + " is a "
                    + value.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
        return type.cast(value);
    }
}
