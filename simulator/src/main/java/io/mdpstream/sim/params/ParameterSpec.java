package io.mdpstream.sim.params;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a scenario's parameter file may contain: each key, its kind, its allowed range and its
 * meaning. A file with a key not declared here, a value of the wrong kind or outside its range is
 * refused before anything runs, with the file and the key in the message.
 *
 * <p>Any number (including those inside distributions and rare events) may instead be written as
 * {@code {randomize: [low, high]}}: it is then drawn uniformly once per episode (domain
 * randomisation) and the drawn value is recorded with the episode.
 */
public final class ParameterSpec {

    /** What a key holds. */
    public enum Kind {
        /** A number, e.g. {@code 120} or {@code {randomize: [90, 150]}}. */
        NUMBER,
        /** A whole number. */
        INTEGER,
        /** true or false. */
        BOOLEAN,
        /** {@code {dist: lognormal, median: 45, sigma: 0.4}}, or a bare number for a constant. */
        DISTRIBUTION,
        /** One distribution per category of a {@link #CATEGORICAL}: a dependency between variables. */
        DISTRIBUTIONS_BY,
        /** Weights by category name, e.g. {@code {P1: 0.05, P2: 0.25, P3: 0.7}}. */
        CATEGORICAL,
        /** {@code {daily: [24 factors], weekly: [7 factors]}}. */
        SEASONALITY,
        /** {@code {rate_per_day: 0.2, magnitude: <dist>, duration_minutes: <dist>}}. */
        RARE_EVENT,
        /** A list of strings. */
        STRINGS,
        /** A string. */
        TEXT,
        /** A list of maps, each following an element spec. */
        LIST
    }

    /**
     * One declared key.
     *
     * @param path       dotted path, e.g. {@code orders.arrival_rate_per_hour}
     * @param min        smallest allowed number (NUMBER, INTEGER) or smallest value a distribution may produce
     * @param max        largest allowed number
     * @param categories for DISTRIBUTIONS_BY: path of the CATEGORICAL whose names are the cases
     * @param element    for LIST: the spec of each element
     */
    public record Entry(String path, Kind kind, double min, double max, String categories, ParameterSpec element,
                        String doc) {
    }

    private final Map<String, Entry> entries;

    private ParameterSpec(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The declared keys, in declaration order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** Declares keys. */
    public static final class Builder {
        private final Map<String, Entry> entries = new LinkedHashMap<>();

        private Builder() {
        }

        /** A number within [min, max]. */
        public Builder number(String path, double min, double max, String doc) {
            return add(new Entry(path, Kind.NUMBER, min, max, null, null, doc));
        }

        /** A non-negative number: a rate, a count per hour, a cost. */
        public Builder rate(String path, String doc) {
            return number(path, 0, Double.POSITIVE_INFINITY, doc);
        }

        /** A whole number within [min, max]. */
        public Builder integer(String path, long min, long max, String doc) {
            return add(new Entry(path, Kind.INTEGER, min, max, null, null, doc));
        }

        /** A switch, true or false. */
        public Builder flag(String path, String doc) {
            return add(new Entry(path, Kind.BOOLEAN, 0, 0, null, null, doc));
        }

        /** A distribution whose values are never below {@code minimum} (0 for durations and sizes). */
        public Builder distribution(String path, double minimum, String doc) {
            return add(new Entry(path, Kind.DISTRIBUTION, minimum, Double.POSITIVE_INFINITY, null, null, doc));
        }

        /** One distribution per category of the categorical at {@code categoriesPath}. */
        public Builder distributionsBy(String path, String categoriesPath, double minimum, String doc) {
            return add(new Entry(path, Kind.DISTRIBUTIONS_BY, minimum, Double.POSITIVE_INFINITY, categoriesPath, null, doc));
        }

        public Builder categorical(String path, String doc) {
            return add(new Entry(path, Kind.CATEGORICAL, 0, Double.POSITIVE_INFINITY, null, null, doc));
        }

        public Builder seasonality(String path, String doc) {
            return add(new Entry(path, Kind.SEASONALITY, 0, Double.POSITIVE_INFINITY, null, null, doc));
        }

        public Builder rareEvent(String path, String doc) {
            return add(new Entry(path, Kind.RARE_EVENT, 0, Double.POSITIVE_INFINITY, null, null, doc));
        }

        public Builder strings(String path, String doc) {
            return add(new Entry(path, Kind.STRINGS, 0, 0, null, null, doc));
        }

        public Builder text(String path, String doc) {
            return add(new Entry(path, Kind.TEXT, 0, 0, null, null, doc));
        }

        /** A list whose elements are maps following {@code element}. */
        public Builder list(String path, ParameterSpec element, String doc) {
            return add(new Entry(path, Kind.LIST, 0, 0, null, Objects.requireNonNull(element, "element"), doc));
        }

        public ParameterSpec build() {
            List<String> paths = new ArrayList<>(entries.keySet());
            for (String a : paths) {
                for (String b : paths) {
                    if (!a.equals(b) && b.startsWith(a + ".")) {
                        throw new IllegalArgumentException("parameter " + b + " lies inside parameter " + a);
                    }
                }
            }
            for (Entry entry : entries.values()) {
                if (entry.kind() == Kind.DISTRIBUTIONS_BY) {
                    Entry categories = entries.get(entry.categories());
                    if (categories == null || categories.kind() != Kind.CATEGORICAL) {
                        throw new IllegalArgumentException(entry.path() + " is by " + entry.categories()
                                + ", which is not a declared categorical");
                    }
                }
            }
            return new ParameterSpec(entries);
        }

        private Builder add(Entry entry) {
            if (!entry.path().matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*")) {
                throw new IllegalArgumentException("parameter path '" + entry.path() + "' must be dotted lower_snake_case");
            }
            if (entries.putIfAbsent(entry.path(), entry) != null) {
                throw new IllegalArgumentException("parameter " + entry.path() + " declared twice");
            }
            return this;
        }
    }
}
