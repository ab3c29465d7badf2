package io.mdpstream.sim.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scenario's causal assumptions: which action fields can influence which state variables, and
 * which variables no action influences (exogenous: demand, arrivals, the clock). The contract test
 * holds a scenario to the exogenous part: forks that differ only in actions see the same exogenous
 * history.
 */
public final class CausalModel {

    private final Map<String, Set<String>> influences;
    private final Set<String> exogenous;

    private CausalModel(Map<String, Set<String>> influences, Set<String> exogenous) {
        this.influences = influences;
        this.exogenous = exogenous;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** State variables each action field can influence. */
    public Map<String, Set<String>> influences() {
        return influences;
    }

    /** Variables that no action influences. */
    public Set<String> exogenous() {
        return exogenous;
    }

    /** Declares the model. */
    public static final class Builder {
        private final Map<String, Set<String>> influences = new LinkedHashMap<>();
        private final Set<String> exogenous = new LinkedHashSet<>();

        private Builder() {
        }

        /** {@code action} (an action field, or "action" for a non-dict action) can change {@code variables}. */
        public Builder influences(String action, String... variables) {
            influences.computeIfAbsent(action, a -> new LinkedHashSet<>()).addAll(List.of(variables));
            return this;
        }

        /** These variables do not depend on any action. */
        public Builder exogenous(String... variables) {
            exogenous.addAll(List.of(variables));
            return this;
        }

        public CausalModel build() {
            for (Map.Entry<String, Set<String>> entry : influences.entrySet()) {
                for (String variable : entry.getValue()) {
                    if (exogenous.contains(variable)) {
                        throw new IllegalArgumentException(variable + " is declared exogenous but influenced by " + entry.getKey());
                    }
                }
            }
            Map<String, Set<String>> frozen = new LinkedHashMap<>();
            influences.forEach((k, v) -> frozen.put(k, Collections.unmodifiableSet(new LinkedHashSet<>(v))));
            return new CausalModel(Collections.unmodifiableMap(frozen), Collections.unmodifiableSet(new LinkedHashSet<>(exogenous)));
        }
    }
}
