package io.mdpstream.cli;

import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.spi.Scenario;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mdpstream scenarios}: the scenarios on the classpath, one per line, name first. */
@Command(name = "scenarios", description = {"List the scenarios, one per line: name, version, description.",
        "With a name, describe that scenario: its spaces and, with --params, its default parameter file."})
final class ScenariosCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "A scenario to describe.")
    String name;

    @Option(names = "--params", description = "Print the scenario's default parameter file (YAML), to copy and edit.")
    boolean params;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (name == null) {
            for (Scenario scenario : Scenarios.all()) {
                out.printf("%-12s %-8s %s%n", scenario.name(), scenario.version(), scenario.description());
            }
            return 0;
        }
        Scenario scenario = SimulateCommand.scenario(name);
        if (params) {
            out.print(scenario.defaultParameters());
            return 0;
        }
        out.printf("%s %s: %s%n", scenario.name(), scenario.version(), scenario.description());
        out.println("observation:");
        scenario.observationSpace().spaces().forEach((key, space) -> out.printf("  %-24s %-36s %s%n", key, space,
                orEmpty(scenario.observationSpace().doc(key))));
        out.println("action: " + scenario.actionSpace());
        if (!scenario.sideStreams().isEmpty()) {
            for (Map.Entry<String, io.mdpstream.sim.space.Dict> stream : scenario.sideStreams().entrySet()) {
                out.println("side stream " + stream.getKey() + ": " + stream.getValue().spaces().keySet());
            }
        }
        out.println("exogenous: " + scenario.causalModel().exogenous());
        scenario.causalModel().influences().forEach((action, vars) -> out.println("influences: " + action + " -> " + vars));
        out.println("parameters: mdpstream scenarios " + scenario.name() + " --params");
        return 0;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
