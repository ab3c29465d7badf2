package io.mdpstream.regress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mdpstream.events.ActionSource;
import io.mdpstream.regress.internal.BaselineEpisode;
import io.mdpstream.regress.internal.BaselineReader;
import io.mdpstream.sim.policy.ActionChoice;
import io.mdpstream.sim.policy.PolicyId;
import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeDriver;
import io.mdpstream.sim.run.Policies;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.sink.StoredDataset;
import io.mdpstream.testkit.KafkaStack;
import io.mdpstream.testkit.WithKafkaStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code regress --policy external}: the candidate is an agent in the loop that knows nothing but the
 * wire protocol ({@link PolicyAgent}), against a baseline published and stored for real.
 */
@WithKafkaStack
class AgentRegressionIT {

    private static final Scenario SUPPORT = Scenarios.named("support");
    private static final int EPISODES = 16;
    /** Short episodes: every decision is a round trip through Kafka. */
    private static final int MAX_STEPS = 40;

    @TempDir
    static Path baselines;
    static Path baseline;

    @BeforeAll
    static void storeAHeuristicBaseline(KafkaStack stack) {
        baseline = BaselineDatasets.publishAndStore(stack, baselines.resolve("support"), "support", "heuristic", EPISODES,
                "parquet", MAX_STEPS);
    }

    @Test
    void anAgentPlayingTheBaselinePolicyShouldTieEveryEpisodeAndPass(KafkaStack stack) throws Exception {
        String ns = stack.uniqueName("same");
        RegressionReport report;
        Set<String> published;
        try (PolicyAgent agent = PolicyAgent.playing(stack, ns, SUPPORT, SUPPORT.heuristic())) {
            report = new Regression(external(ns, Map.of()), stack.clientProperties()).run();
            assertThat(agent.states()).as("the agent saw every decision").isEqualTo(report.agent().answered());
            published = agent.episodes();
        }

        assertThat(report.episodes()).hasSize(EPISODES).allSatisfy(e -> {
            assertThat(e.difference()).as(e.episodeId()).isZero();
            assertThat(e.candidateSteps()).isEqualTo(e.baselineSteps()).isEqualTo(MAX_STEPS);
            assertThat(e.candidateFallbacks()).isZero();
            assertThat(e.importanceWeight()).isNull();
        });
        assertThat(report.returns().ties()).isEqualTo(EPISODES);
        // Each re-run is named after its baseline episode, under this regression's own run id.
        assertThat(published).hasSize(EPISODES).allSatisfy(id -> assertThat(id).matches("regress-[0-9a-f]{8}\\.base1-ep-\\d{7}"));
        assertThat(published.stream().map(id -> id.substring(id.indexOf('.') + 1)).collect(Collectors.toSet()))
                .isEqualTo(report.episodes().stream().map(EpisodeComparison::episodeId).collect(Collectors.toSet()));
        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
        assertThat(report.exitCode()).isZero();
        assertThat(report.reproduced()).isEqualTo(EPISODES);
        assertThat(report.maxSteps()).as("the baseline's limit, from its truncated episodes").isEqualTo(MAX_STEPS);
        assertThat(report.candidatePolicy()).isEqualTo("external");
        assertThat(report.agent().namespace()).isEqualTo(ns);
        assertThat(report.agent().agentIds()).containsExactly("java-heuristic");
        assertThat(report.agent().answered()).isEqualTo((long) EPISODES * MAX_STEPS);
        assertThat(report.agent().fallbacks()).isZero();
        assertThat(report.agent().rejected()).isZero();
        assertThat(report.offPolicy().available()).isFalse();
        assertThat(report.offPolicy().unavailable()).isEqualTo(Regression.NO_AGENT_PROBABILITIES);
        assertThat(report.violations().candidate()).isEmpty();
        assertThat(report.text(3)).contains("Agent java-heuristic on " + ns + ".agent-actions: 640 decisions answered, 0 fell back")
                .doesNotContain("warning").contains("Off-policy estimate: not available: the candidate is an external agent")
                .contains("Verdict: PASS");
        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertThat(json.at("/agent/answered").asLong()).isEqualTo(640);
        assertThat(json.at("/episodes/0/candidate_fallbacks").asLong()).isZero();
        assertThat(json.at("/returns/tie_rate").asDouble()).isEqualTo(1.0);
    }

    @Test
    void anAgentPlayingAtRandomShouldBeSignificantlyWorseAndExitOne(KafkaStack stack) throws Exception {
        String ns = stack.uniqueName("random");
        RegressionReport report;
        try (PolicyAgent agent = PolicyAgent.playing(stack, ns, SUPPORT, Policies.named("random", SUPPORT))) {
            report = new Regression(external(ns, Map.of()), stack.clientProperties()).run();
        }

        assertThat(report.returns().upper()).as("the interval lies below 0").isNegative();
        assertThat(report.returns().losses()).isGreaterThan(report.returns().wins());
        assertThat(report.verdict()).isEqualTo(Verdict.SIGNIFICANTLY_WORSE);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.agent().agentIds()).containsExactly("java-random");
        assertThat(report.agent().fallbacks()).isZero();
    }

    @Test
    void anAgentThatNeverAnswersShouldGetTheFallbackEverywhereCountedAndReported(KafkaStack stack) throws Exception {
        String ns = stack.uniqueName("silent");
        RegressionReport report;
        try (PolicyAgent agent = PolicyAgent.silent(stack, ns, SUPPORT)) {
            report = new Regression(external(ns, Map.of(RegressConfig.EPISODES_CONFIG, 3, RegressConfig.AGENT_TIMEOUT_MS_CONFIG, 30)),
                    stack.clientProperties()).run();
        }

        assertThat(report.episodes()).hasSize(3).allSatisfy(e -> {
            assertThat(e.candidateFallbacks()).isEqualTo(e.candidateSteps()).isEqualTo(MAX_STEPS);
            // Common random numbers hold for the fallback too: it gets what the fallback gets in process.
            assertThat(e.candidateReturn()).as(e.episodeId()).isEqualTo(fallbackReturnInProcess(e.episodeId()));
        });
        assertThat(report.agent().answered()).isZero();
        assertThat(report.agent().fallbacks()).isEqualTo(3L * MAX_STEPS);
        assertThat(report.agent().agentIds()).isEmpty();
        assertThat(report.agent().deadlineMillis()).isEqualTo(30);
        assertThat(report.text(3)).contains("Agent (no answer) on " + ns + ".agent-actions: 0 decisions answered, 120 fell back "
                + "(no valid answer within 30 ms)").contains("warning: 120 of 120 decisions took the scenario's fallback action");
    }

    @Test
    void kafkaOutOfReachShouldFailFastAndABadBaselineBeforeKafkaIsTried(KafkaStack stack, @TempDir Path empty) throws Exception {
        Map<String, Object> noKafka = new HashMap<>(stack.clientProperties());
        noKafka.put("bootstrap.servers", "localhost:1");
        long begin = System.nanoTime();

        assertThatThrownBy(() -> new Regression(external("nowhere", Map.of()), noKafka).run())
                .isInstanceOf(RegressException.class).hasMessageContaining("Kafka: cannot reach Kafka at localhost:1");
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(30));
        try (Admin admin = Admin.create(stack.clientProperties())) {
            assertThat(admin.listTopics().names().get()).as("nothing was created").noneMatch(t -> t.startsWith("nowhere."));
        }

        Files.writeString(empty.resolve("notes.txt"), "not a dataset");
        Map<String, Object> options = new HashMap<>(external("nowhere", Map.of()).toMap());
        options.put(RegressConfig.BASELINE_DIR_CONFIG, empty.toString());
        assertThatThrownBy(() -> new Regression(RegressConfig.from(options), noKafka).check())
                .isInstanceOf(RegressException.class).hasMessageContaining("is not an mdpstream dataset");
        assertThatThrownBy(() -> new Regression(external("nowhere", Map.of())).check())
                .isInstanceOf(RegressException.class).hasMessageContaining("--policy external needs Kafka")
                .hasMessageContaining("bootstrap.servers");
        assertThatThrownBy(() -> new Regression(external("nowhere", Map.of(RegressConfig.EPISODES_CONFIG, 1)),
                stack.clientProperties()).check()).isInstanceOf(RegressException.class).hasMessageContaining("at least 2");
    }

    private static RegressConfig external(String namespace, Map<String, Object> more) {
        Map<String, Object> options = new HashMap<>(Map.of(RegressConfig.BASELINE_DIR_CONFIG, baseline.toString(),
                RegressConfig.POLICY_CONFIG, "external", RegressConfig.NAMESPACE_CONFIG, namespace));
        options.putAll(more);
        return RegressConfig.from(options);
    }

    /** The stored episode run in process with the scenario's fallback action at every decision. */
    private static double fallbackReturnInProcess(String episodeId) {
        BaselineEpisode episode = BaselineReader.episodes(StoredDataset.open(baseline)).stream()
                .filter(e -> e.episodeId().equals(episodeId)).findFirst().orElseThrow();
        EpisodeDriver driver = new EpisodeDriver(SUPPORT, Scenarios.parameters(SUPPORT, "stored", episode.parameters()),
                episode.spec(), new PolicyId("fallback", "1"), DriverOptions.defaults().withMaxSteps(MAX_STEPS));
        driver.start();
        while (!driver.finished()) {
            driver.act(new ActionChoice(SUPPORT.fallbackAction(driver.pendingDecision()), null), ActionSource.FALLBACK,
                    new PolicyId("fallback", "1"));
        }
        return driver.episodeReturn();
    }
}
