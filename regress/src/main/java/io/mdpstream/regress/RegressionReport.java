package io.mdpstream.regress;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a regression found: each episode's pair of returns, the paired comparison, the off-policy
 * estimate beside the measured candidate mean, violations of both sides, whether the baseline
 * reproduced, and the verdict. {@link #toJson()} gives all of it machine-readable (snake_case
 * names); {@link #text(int)} a readable summary. Immutable.
 *
 * @param baseline          the baseline dataset's directory
 * @param baselinePolicies  the behaviour policies of the baseline episodes ({@code id@version})
 * @param candidatePolicy   the candidate ({@code id@version})
 * @param maxSteps          the step limit the episodes were re-run with
 * @param quarantinedLeftOut baseline episodes in the dataset's quarantine, which are not compared
 * @param reproduced        baseline episodes whose replay gave back the stored episode
 * @param mismatches        why the others did not, one line each (the first few)
 * @param agent             how an external agent answered; null for a built-in candidate
 * @param elapsedMillis     wall time of the regression
 */
public record RegressionReport(String baseline, String scenario, String scenarioVersion, List<String> baselinePolicies,
                               String candidatePolicy, double margin, int maxSteps, long quarantinedLeftOut, int reproduced,
                               List<String> mismatches, ReturnComparison returns, OffPolicyEstimate offPolicy,
                               AgentAnswers agent, ViolationCounts violations, List<EpisodeComparison> episodes, Verdict verdict,
                               long elapsedMillis) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public RegressionReport {
        baselinePolicies = List.copyOf(baselinePolicies);
        mismatches = List.copyOf(mismatches);
        episodes = List.copyOf(episodes);
    }

    /** 0 when the candidate passes, 1 when it is significantly worse. */
    @JsonProperty("exit_code")
    public int exitCode() {
        return verdict.exitCode();
    }

    /** Everything, as one JSON object. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the report as JSON: " + e.getMessage(), e);
        }
    }

    /** A readable report: the first {@code rows} episodes, then the summary and the verdict. */
    public String text(int rows) {
        StringBuilder out = new StringBuilder();
        line(out, "Regression of %s (version %s): candidate %s against baseline %s (%s)", scenario, scenarioVersion,
                candidatePolicy, baseline, String.join(", ", baselinePolicies));
        line(out, "");
        line(out, "%-26s %20s %12s %12s %12s %10s%s", "episode", "seed", "baseline", "candidate", "difference", "violations",
                agent == null ? "" : String.format(Locale.ROOT, " %9s", "fallbacks"));
        for (EpisodeComparison e : episodes.subList(0, Math.min(rows, episodes.size()))) {
            line(out, "%-26s %20d %12.3f %12.3f %+12.3f %10s%s", e.episodeId(), e.seed(), e.baselineReturn(), e.candidateReturn(),
                    e.difference(), e.baselineViolations() + "/" + e.candidateViolations(),
                    agent == null ? "" : String.format(Locale.ROOT, " %9d", e.candidateFallbacks()));
        }
        if (episodes.size() > rows) {
            line(out, "... %d more (--report FILE lists them all)", episodes.size() - rows);
        }
        line(out, "");
        line(out, "Returns over %d paired episodes (same seeds, common random numbers):", returns.episodes());
        line(out, "  baseline mean        %12.4f", returns.baselineMean());
        line(out, "  candidate mean       %12.4f", returns.candidateMean());
        line(out, "  mean difference      %12.4f   %.1f%% CI [%.4f, %.4f]  (t %.4f, sd of differences %.4f)",
                returns.meanDifference(), 100 * returns.confidence(), returns.lower(), returns.upper(), returns.tQuantile(),
                returns.stdDifference());
        line(out, "  wins / ties / losses %d / %d / %d   (win rate %.1f%%)", returns.wins(), returns.ties(), returns.losses(),
                100 * returns.winRate());
        if (offPolicy.available()) {
            line(out, "Off-policy estimate of the candidate's mean return from the baseline's logged propensities:");
            line(out, "  IS %s   WIS %.4f   effective sample size %.1f of %d   (measured: %.4f)",
                    offPolicy.ordinaryIs() == null ? "overflows" : String.format(Locale.ROOT, "%.4f", offPolicy.ordinaryIs()),
                    offPolicy.weightedIs(), offPolicy.effectiveSampleSize(), offPolicy.episodes(), returns.candidateMean());
        } else {
            line(out, "Off-policy estimate: not available: %s", offPolicy.unavailable());
        }
        if (agent != null) {
            line(out, "Agent %s on %s.agent-actions: %d decisions answered, %d fell back (no valid answer within %d ms), "
                    + "%d messages rejected (reasons on %s.agent-errors)", agent.agentIds().isEmpty() ? "(no answer)"
                    : String.join(", ", agent.agentIds()), agent.namespace(), agent.answered(), agent.fallbacks(),
                    agent.deadlineMillis(), agent.rejected(), agent.namespace());
            if (agent.fallbacks() > 0) {
                line(out, "  warning: %d of %d decisions took the scenario's fallback action, not the agent's: those episodes "
                        + "measure the fallback (a slow or absent agent; see --agent-timeout)", agent.fallbacks(),
                        agent.answered() + agent.fallbacks());
            }
        }
        line(out, "Violations: baseline %s by the validator (%s); in process (%s): baseline %d, candidate %d %s",
                total(violations.baselineStored()), describe(violations.baselineVerdicts()),
                String.join(", ", violations.rulesInProcess()), violations.baselineInProcessTotal(), violations.candidateTotal(),
                violations.candidate().isEmpty() ? "" : describe(violations.candidate()));
        line(out, "Baseline reproduced in process: %d of %d episodes%s", reproduced, episodes.size(),
                mismatches.isEmpty() ? "" : "; e.g. " + mismatches.get(0));
        if (quarantinedLeftOut > 0) {
            line(out, "Left out: %d quarantined baseline episodes", quarantinedLeftOut);
        }
        line(out, "");
        line(out, verdict == Verdict.SIGNIFICANTLY_WORSE
                ? "Verdict: SIGNIFICANTLY WORSE (the interval's upper bound %.4f is below -margin, %.4f)"
                : "Verdict: PASS (the interval's upper bound %.4f is not below -margin, %.4f)", returns.upper(), 0.0 - margin);
        return out.toString();
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String describe(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }
}
