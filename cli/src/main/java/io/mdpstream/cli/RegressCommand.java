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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mdpstream regress}: a candidate policy against a stored baseline, on the same seeds; exit 1 when significantly worse. */
@Command(name = "regress",
        description = {"Re-run the seeds of a stored baseline dataset with a candidate policy (common random numbers) and compare "
                + "returns episode by episode: mean difference with a paired t confidence interval, win rate, violations, and "
                + "importance-sampling estimates of the candidate from the baseline's logged propensities.",
                "Exit codes: 0 pass, 1 the candidate is significantly worse (the interval's upper bound is below -margin), "
                        + "2 bad input."})
final class RegressCommand implements Callable<Integer> {

    /** The regression's options as this command names them. */
    private static final Map<String, String> FLAGS = Map.of(RegressConfig.CONFIDENCE_CONFIG, "--confidence",
            RegressConfig.MARGIN_CONFIG, "--margin", RegressConfig.EPISODES_CONFIG, "--episodes", RegressConfig.MAX_STEPS_CONFIG, "--max-steps");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--baseline", required = true, paramLabel = "DIR", description = "The baseline dataset (written by mdpstream sink).")
    Path baseline;

    @Option(names = "--policy", required = true, description = "Candidate policy: random, heuristic, softmax:T or epsilon:E.")
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

    @Override
    public Integer call() throws IOException {
        if (rows < 0) {
            throw new UserInputException("--rows must be >= 0, got " + rows);
        }
        Path reportDir = report == null ? null : report.toAbsolutePath().getParent();
        if (reportDir != null && !Files.isDirectory(reportDir)) {
            throw new UserInputException("--report " + report + ": directory " + reportDir + " does not exist");
        }
        Regression regression = new Regression(config());
        RegressionReport result;
        try {
            result = regression.run(); // checks the baseline and the candidate before it runs anything
        } catch (RegressException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(result.text(rows));
        if (report != null) {
            Files.writeString(report, result.toJson(), StandardCharsets.UTF_8);
            out.println("Report: " + report.toAbsolutePath());
        }
        out.flush();
        return result.exitCode();
    }

    private RegressConfig config() {
        Map<String, Object> options = new HashMap<>();
        options.put(RegressConfig.BASELINE_DIR_CONFIG, baseline.toString());
        options.put(RegressConfig.POLICY_CONFIG, policy);
        options.put(RegressConfig.EPISODES_CONFIG, episodes);
        options.put(RegressConfig.CONFIDENCE_CONFIG, confidence);
        options.put(RegressConfig.MARGIN_CONFIG, margin);
        options.put(RegressConfig.MAX_STEPS_CONFIG, maxSteps);
        return ConfigOptions.parse(options, RegressConfig::from, FLAGS);
    }

}
