package io.mdpstream.sim.run;

import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.spi.Scenario;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** The scenarios on the classpath, found through {@link ServiceLoader}. */
public final class Scenarios {

    private Scenarios() {
    }

    /** Every registered scenario, by name. */
    public static List<Scenario> all() {
        return ServiceLoader.load(Scenario.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(Scenario::name)).toList();
    }

    /**
     * A scenario's parameters: its defaults, overlaid with {@code userFile} when given.
     *
     * @throws io.mdpstream.sim.params.ParameterException naming the file and key of a problem
     */
    public static ParameterSet parameters(Scenario scenario, Path userFile) {
        return ParameterSet.load(scenario.parameterSpec(), scenario.name(), "scenarios/" + scenario.name() + ".yaml",
                scenario.defaultParameters(), userFile);
    }

    /**
     * A scenario's parameters: its defaults, overlaid with YAML text (for tests and tools that build
     * overrides in code).
     *
     * @param name names the overrides in messages
     */
    public static ParameterSet parameters(Scenario scenario, String name, String overridesYaml) {
        return ParameterSet.load(scenario.parameterSpec(), scenario.name(), "scenarios/" + scenario.name() + ".yaml",
                scenario.defaultParameters(), name, overridesYaml);
    }

    /**
     * The scenario called {@code name}.
     *
     * @throws IllegalArgumentException listing the known names when there is none
     */
    public static Scenario named(String name) {
        List<Scenario> all = all();
        return all.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown scenario '" + name + "'; known scenarios: "
                        + all.stream().map(Scenario::name).collect(Collectors.joining(", "))));
    }
}
