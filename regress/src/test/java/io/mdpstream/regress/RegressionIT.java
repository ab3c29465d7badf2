package io.mdpstream.regress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.testkit.KafkaStack;
import io.mdpstream.testkit.WithKafkaStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Regressions against baselines published and stored for real, on the embedded stack. */
@WithKafkaStack
class RegressionIT {

    private static final String BEHAVIOUR = "softmax:0.5";
    private static final int EPISODES = 30;

    @TempDir
    static Path baselines;
    static Path support;

    @TempDir
    Path dir;

    @BeforeAll
    static void storeABaseline(KafkaStack stack) {
        support = BaselineDatasets.publishAndStore(stack, baselines.resolve("support"), "support", BEHAVIOUR, EPISODES, "parquet");
    }

    @Test
    void theBaselinePolicyAsCandidateShouldTieEveryEpisodeAndPassWithIsEqualToTheMeasuredMean() throws IOException {
        RegressionReport report = new Regression(RegressConfig.of(support, BEHAVIOUR)).run();

        assertThat(report.episodes()).hasSize(EPISODES).allSatisfy(e -> {
            assertThat(e.difference()).as(e.episodeId()).isZero();
            assertThat(e.candidateSteps()).isEqualTo(e.baselineSteps());
            assertThat(e.importanceWeight()).isEqualTo(1.0);
        });
        assertThat(report.reproduced()).as("every baseline episode replays from its logged actions: %s", report.mismatches())
                .isEqualTo(EPISODES);
        ReturnComparison returns = report.returns();
        assertThat(returns.ties()).isEqualTo(EPISODES);
        assertThat(returns.lower()).isZero();
        assertThat(returns.upper()).isZero();
        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
        assertThat(report.exitCode()).isZero();
        OffPolicyEstimate offPolicy = report.offPolicy();
        assertThat(offPolicy.available()).as(offPolicy.unavailable()).isTrue();
        assertThat(offPolicy.ordinaryIs()).isCloseTo(returns.candidateMean(), within(1e-9));
        assertThat(offPolicy.weightedIs()).isCloseTo(returns.candidateMean(), within(1e-9));
        assertThat(offPolicy.effectiveSampleSize()).isCloseTo(EPISODES, within(1e-9));
        assertThat(report.violations().candidate()).isEmpty();
        assertThat(report.violations().baselineVerdicts()).containsExactly(Map.entry("unvalidated", (long) EPISODES));
        assertThat(report.baselinePolicies()).containsExactly("softmax(heuristic,t=0.5)@" + Scenarios.named("support").version());

        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertThat(json.at("/verdict").asText()).isEqualTo("PASS");
        assertThat(json.at("/exit_code").asInt()).isZero();
        assertThat(json.at("/returns/tie_rate").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/episodes/0/difference").isNumber()).isTrue();
        assertThat(json.at("/off_policy/available").asBoolean()).isTrue();
        assertThat(json.at("/episodes").size()).isEqualTo(EPISODES);
        assertThat(json.at("/returns/mean_difference").asDouble()).isZero();
        assertThat(json.at("/off_policy/weighted_is").asDouble()).isCloseTo(returns.candidateMean(), within(1e-9));
    }

    @ParameterizedTest
    @CsvSource({"warehouse, softmax:2, parquet", "pricing, epsilon:0.2, jsonl"})
    void dictAndMultiDiscreteActionsShouldReplayAndTieToo(String scenario, String policy, String format, KafkaStack stack) {
        Path baseline = BaselineDatasets.publishAndStore(stack, dir.resolve(scenario), scenario, policy, 3, format);

        RegressionReport report = new Regression(RegressConfig.of(baseline, policy)).run();

        assertThat(report.reproduced()).as("%s", report.mismatches()).isEqualTo(3);
        assertThat(report.returns().ties()).isEqualTo(3);
        assertThat(report.offPolicy().available()).as(report.offPolicy().unavailable()).isTrue();
        assertThat(report.offPolicy().effectiveSampleSize()).isCloseTo(3, within(1e-9));
    }

    @Test
    void aDeliberatelyWorsePolicyShouldBeSignificantlyWorseAndExitOne() {
        RegressionReport report = new Regression(RegressConfig.of(support, "random")).run();

        ReturnComparison returns = report.returns();
        assertThat(returns.upper()).as("the interval lies below 0").isNegative();
        assertThat(returns.losses()).isGreaterThan(returns.wins());
        assertThat(report.verdict()).isEqualTo(Verdict.SIGNIFICANTLY_WORSE);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.offPolicy().available()).isTrue();
        assertThat(report.offPolicy().effectiveSampleSize()).as("random is far from the behaviour policy").isLessThan(EPISODES);
        assertThat(report.text(3)).contains("Verdict: SIGNIFICANTLY WORSE");
    }

    @Test
    void aMarginWiderThanTheLossShouldLetTheWorsePolicyPass() {
        RegressionReport worse = new Regression(RegressConfig.of(support, "random")).run();
        double margin = Math.ceil(-worse.returns().lower()) + 1;

        RegressionReport tolerated = new Regression(RegressConfig.from(Map.of(RegressConfig.BASELINE_DIR_CONFIG, support.toString(),
                RegressConfig.POLICY_CONFIG, "random", RegressConfig.MARGIN_CONFIG, margin))).run();

        assertThat(tolerated.verdict()).isEqualTo(Verdict.PASS);
        assertThat(tolerated.returns().meanDifference()).as("common random numbers: the same runs").isEqualTo(worse.returns().meanDifference());
    }

    @Test
    void aBaselineOfAScenarioVersionThatNoLongerExistsShouldBeAClearError(KafkaStack stack) throws IOException {
        Path jsonl = BaselineDatasets.publishAndStore(stack, dir.resolve("jsonl"), "incidents", "epsilon:0.2", 3, "jsonl");
        assertThat(new Regression(RegressConfig.of(jsonl, "epsilon:0.2")).run().verdict())
                .as("JSON Lines baselines are read too").isEqualTo(Verdict.PASS);
        String version = Scenarios.named("incidents").version();
        try (Stream<Path> files = Files.list(jsonl.resolve("episodes"))) {
            for (Path file : files.toList()) {
                Files.writeString(file, Files.readString(file).replaceAll("\"scenario_version\"\\s*:\\s*\"[^\"]*\"",
                        "\"scenario_version\":\"0-retired\""));
            }
        }

        assertThatThrownBy(() -> new Regression(RegressConfig.of(jsonl, "random")).run())
                .isInstanceOf(RegressException.class)
                .hasMessageContaining("scenario incidents version 0-retired, which no longer exists")
                .hasMessageContaining("this mdpstream has version " + version)
                .hasMessageContaining("regenerate the baseline");
    }

    @Test
    void aDirectoryThatIsNotADatasetOrAnUnknownPolicyShouldBeAClearError() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "not a dataset");

        assertThatThrownBy(() -> new Regression(RegressConfig.of(dir, "random")).check())
                .isInstanceOf(RegressException.class).hasMessageContaining("is not an mdpstream dataset")
                .hasMessageContaining("no dataset.json");
        assertThatThrownBy(() -> new Regression(RegressConfig.of(support, "external")).check())
                .isInstanceOf(RegressException.class).hasMessageContaining("--policy external needs Kafka");
        assertThatThrownBy(() -> new Regression(RegressConfig.of(support, "greedy")).check())
                .isInstanceOf(RegressException.class).hasMessageContaining("--policy").hasMessageContaining("greedy");
        assertThatThrownBy(() -> new Regression(RegressConfig.from(Map.of(RegressConfig.BASELINE_DIR_CONFIG, support.toString(),
                RegressConfig.POLICY_CONFIG, "random", RegressConfig.EPISODES_CONFIG, 1))).check())
                .isInstanceOf(RegressException.class).hasMessageContaining("at least 2");
        assertThat(List.of(support.resolve("dataset.json"))).allSatisfy(f -> assertThat(f).exists());
    }
}
