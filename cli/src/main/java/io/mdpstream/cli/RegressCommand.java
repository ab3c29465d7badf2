package io.mdpstream.cli;

import io.mdpstream.regress.RegressConfig;
import io.mdpstream.regress.RegressException;
import io.mdpstream.regress.Regression;
import io.mdpstream.regress.RegressionReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mdpstream regress}: a candidate policy against a stored baseline, on the same seeds; exit 1
 * when significantly worse. A built-in candidate runs in process; an external agent through Kafka.
 */
@Command(name = "regress", exitCodeOnExecutionException = 3,
        description = {"Re-run the seeds of a stored baseline dataset with a candidate policy (common random numbers) and compare "
                + "returns episode by episode: mean difference with a paired t confidence interval, win rate, violations, and "
                + "importance-sampling estimates of the candidate from the baseline's logged propensities.",
                "With --policy external the candidate is an agent in the loop, in any language: each baseline episode is "
                        + "published from its own seed, start and parameters to <namespace>.states (the embedded stack unless "
                        + "--bootstrap-servers is given) and the agent answers on <namespace>.agent-actions, as with "
                        + "simulate --policy external. Start the agent first.",
                "Exit codes: 0 pass, 1 the candidate is significantly worse (the interval's upper bound is below -margin), "
                        + "2 bad input (including Kafka out of reach), 3 failed while running."})
final class RegressCommand implements Callable<Integer> {

    /** The regression's options as this command names them. */
    private static final Map<String, String> FLAGS = Map.of(RegressConfig.CONFIDENCE_CONFIG, "--confidence",
            RegressConfig.MARGIN_CONFIG, "--margin", RegressConfig.EPISODES_CONFIG, "--episodes", RegressConfig.MAX_STEPS_CONFIG, "--max-steps",
            RegressConfig.NAMESPACE_CONFIG, "--namespace", RegressConfig.IN_FLIGHT_CONFIG, "--in-flight",
            RegressConfig.AGENT_TIMEOUT_MS_CONFIG, "--agent-timeout (ms)", RegressConfig.PARTITIONS_CONFIG, "--partitions",
            RegressConfig.REPLICATION_FACTOR_CONFIG, "--replication-factor");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--baseline", required = true, paramLabel = "DIR", description = "The baseline dataset (written by mdpstream sink).")
    Path baseline;

    @Option(names = "--policy", required = true, description = "Candidate policy: random, heuristic, softmax:T or epsilon:E, "
            + "or external (an agent answers on <namespace>.agent-actions).")
    String policy;

    @Option(names = "--episodes", defaultValue = "0", description = "Baseline episodes to re-run, the first by run and index; "
            + "0 for all (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--confidence", defaultValue = "0.95", description = "Confidence level of the interval (default: ${DEFAULT-VALUE}).")
    double confidence;

    @Option(names = "--margin", defaultValue = "0", description = "Loss of mean return tolerated before the candidate counts as "
            + "significantly worse (default: ${DEFAULT-VALUE}).")
    double margin;

    @Option(names = "--max-steps", defaultValue = "0", description = "Truncate re-run episodes after this many decisions; 0 takes "
            + "the baseline's limit (default: ${DEFAULT-VALUE}).")
    int maxSteps;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the whole report as JSON to FILE.")
    Path report;

    @Option(names = "--rows", defaultValue = "10", description = "Episodes listed in the printed report (default: ${DEFAULT-VALUE}).")
    int rows;

    @CommandLine.Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--namespace", description = "External agent: topic prefix of the re-run episodes (default: <scenario>-regress).")
    String namespace;

    @Option(names = "--in-flight", defaultValue = "8", description = "External agent: episodes waiting for it at once (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--agent-timeout", defaultValue = "5s", converter = Durations.class, description = "External agent: how long "
            + "it has to answer a decision before the scenario's fallback action is applied and counted (default: ${DEFAULT-VALUE}).")
    Duration agentTimeout;

    @Option(names = "--partitions", defaultValue = "3", description = "External agent: partitions of topics the regression "
            + "creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "1", description = "External agent: replication of topics the "
            + "regression creates (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Override
    public Integer call() throws IOException {
        if (rows < 0) {
            throw new UserInputException("--rows must be >= 0, got " + rows);
        }
        Path reportDir = report == null ? null : report.toAbsolutePath().getParent();
        if (reportDir != null && !Files.isDirectory(reportDir)) {
            throw new UserInputException("--report " + report + ": directory " + reportDir + " does not exist");
        }
        RegressConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        RegressionReport result = config.externalAgent() ? withAgent(config, out) : regress(new Regression(config)::run);
        out.print(result.text(rows));
        if (report != null) {
            Files.writeString(report, result.toJson(), StandardCharsets.UTF_8);
            out.println("Report: " + report.toAbsolutePath());
        }
        out.flush();
        return result.exitCode();
    }

    /** Checks everything that needs no broker, starts the embedded stack unless a cluster is named, and runs. */
    private RegressionReport withAgent(RegressConfig config, PrintWriter out) {
        kafka.check();
        // The baseline and options are checked before a broker starts: bad input costs nothing.
        Regression.Checked checked = regress(() -> new Regression(config, Map.of("bootstrap.servers", "check:0",
                "schema.registry.url", "http://check:0")).check());
        try (KafkaOptions.Connection kafkaAt = kafka.connect(out, null, "   (point the agent here: --bootstrap-servers)")) {
            out.printf(Locale.ROOT, "Re-running %d baseline episodes of %s for the agent: states on %s.states, answers read from "
                    + "%s.agent-actions within %s each%n", checked.episodes(), checked.scenario(), checked.namespace(),
                    checked.namespace(), Durations.format(agentTimeout));
            out.flush();
            Map<String, Object> client = kafka.clientProperties(kafkaAt.bootstrapServers(), kafkaAt.schemaRegistry());
            return regress(() -> new Regression(config, client).run());
        }
    }

    /** The regression's own errors (bad baseline, candidate, Kafka out of reach) are bad input. */
    private static <T> T regress(Supplier<T> step) {
        try {
            return step.get();
        } catch (RegressException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    private RegressConfig config() {
        if (kafka.bootstrapServers != null && !RegressConfig.EXTERNAL.equals(policy)) {
            throw new UserInputException("--bootstrap-servers is for --policy external: a built-in candidate (" + policy
                    + ") runs in process, without Kafka");
        }
        Map<String, Object> options = new HashMap<>();
        options.put(RegressConfig.BASELINE_DIR_CONFIG, baseline.toString());
        options.put(RegressConfig.POLICY_CONFIG, policy);
        options.put(RegressConfig.EPISODES_CONFIG, episodes);
        options.put(RegressConfig.CONFIDENCE_CONFIG, confidence);
        options.put(RegressConfig.MARGIN_CONFIG, margin);
        options.put(RegressConfig.MAX_STEPS_CONFIG, maxSteps);
        if (namespace != null) {
            options.put(RegressConfig.NAMESPACE_CONFIG, namespace);
        }
        options.put(RegressConfig.IN_FLIGHT_CONFIG, inFlight);
        options.put(RegressConfig.AGENT_TIMEOUT_MS_CONFIG, agentTimeout.toMillis());
        options.put(RegressConfig.PARTITIONS_CONFIG, partitions);
        options.put(RegressConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
        return ConfigOptions.parse(options, RegressConfig::from, FLAGS);
    }

}
