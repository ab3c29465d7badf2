package io.mdpstream.testing;

import io.mdpstream.contract.ScenarioEventSchemas;
import io.mdpstream.events.ActionSource;
import io.mdpstream.events.DriftMetric;
import io.mdpstream.events.DriftScore;
import io.mdpstream.events.Envelope;
import io.mdpstream.events.EpisodeEnded;
import io.mdpstream.events.EpisodeEvent;
import io.mdpstream.events.EpisodeOutcome;
import io.mdpstream.events.EpisodeStarted;
import io.mdpstream.events.EpisodeVerdict;
import io.mdpstream.events.Moments;
import io.mdpstream.events.PolicyRef;
import io.mdpstream.events.Reward;
import io.mdpstream.events.Severity;
import io.mdpstream.events.Violation;
import io.mdpstream.events.WindowMetrics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * One filled-in example of every event type of the contract, for a small queueing scenario. Shared
 * by the serde tests here and the integration tests of other modules (this module's test jar).
 */
public final class SampleEvents {

    public static final String SCENARIO = "toy-queue";
    public static final Instant EPOCH = Instant.parse("2026-01-05T08:00:00Z");

    /** Observation of the toy scenario: what a dispatcher sees. */
    public static final Schema OBSERVATION = SchemaBuilder.record("Observation")
            .namespace(ScenarioEventSchemas.namespaceOf(SCENARIO))
            .fields()
            .name("queue_length").doc("Customers waiting").type().intType().noDefault()
            .name("oldest_wait_s").type().doubleType().noDefault()
            .name("agents_free").type().intType().noDefault()
            .name("hour_of_day").type().intType().noDefault()
            .name("priorities").type().array().items().intType().noDefault()
            .endRecord();

    /** Action of the toy scenario: which queue to serve and how many agents to move. */
    public static final Schema ACTION = SchemaBuilder.record("ActionPayload")
            .namespace(ScenarioEventSchemas.namespaceOf(SCENARIO))
            .fields()
            .name("serve_queue").type().intType().noDefault()
            .name("move_agents").type().intType().noDefault()
            .endRecord();

    public static final ScenarioEventSchemas SCHEMAS = ScenarioEventSchemas.of(SCENARIO, OBSERVATION, ACTION);

    private SampleEvents() {
    }

    public static Envelope envelope(long seq, int step) {
        return Envelope.newBuilder()
                .setRunId("run-7")
                .setEpisodeId("run-7-ep-000042")
                .setScenario(SCENARIO)
                .setScenarioVersion("1.0.0")
                .setSeq(seq)
                .setStep(step)
                .setSimTime(EPOCH.plusSeconds(30L * seq))
                .build();
    }

    public static PolicyRef policy() {
        return PolicyRef.newBuilder().setId("softmax(heuristic)").setVersion("1").build();
    }

    public static EpisodeEvent started() {
        Map<String, Double> randomized = new LinkedHashMap<>();
        randomized.put("arrival_rate", 1.37);
        return EpisodeEvent.newBuilder()
                .setEnvelope(envelope(0, -1))
                .setBody(EpisodeStarted.newBuilder()
                        .setEpisodeIndex(42)
                        .setSeed(-8_123_456_789L)
                        .setRunSeed(7)
                        .setParameters("{\"arrival_rate\":{\"uniform\":[1.0,2.0]}}")
                        .setRandomized(randomized)
                        .setPolicy(policy())
                        .setCodeVersion("0.1.0+abc1234")
                        .setFaultInjection(Map.of("drop", 0.01))
                        .build())
                .build();
    }

    public static EpisodeEvent ended() {
        return EpisodeEvent.newBuilder()
                .setEnvelope(envelope(4, 0))
                .setBody(EpisodeEnded.newBuilder()
                        .setOutcome(EpisodeOutcome.TRUNCATED)
                        .setSteps(1)
                        .setEpisodeReturn(-2.5)
                        .setReason("time limit of 8h reached")
                        .build())
                .build();
    }

    public static GenericRecord observation() {
        GenericData.Record obs = new GenericData.Record(OBSERVATION);
        obs.put("queue_length", 12);
        obs.put("oldest_wait_s", 95.5);
        obs.put("agents_free", 2);
        obs.put("hour_of_day", 8);
        obs.put("priorities", List.of(1, 3, 2));
        return obs;
    }

    public static GenericRecord state() {
        return SCHEMAS.newState(envelope(1, 0), observation(), List.of(true, false, true));
    }

    public static GenericRecord action() {
        GenericData.Record payload = new GenericData.Record(ACTION);
        payload.put("serve_queue", 2);
        payload.put("move_agents", -1);
        return SCHEMAS.newAction(envelope(2, 0), payload, policy(), 0.625, ActionSource.POLICY);
    }

    public static Reward reward() {
        return Reward.newBuilder()
                .setEnvelope(envelope(3, 0))
                .setValue(-2.5)
                .setComponents(Map.of("served", 1.0, "sla_penalty", -3.5))
                .setCreditedStep(0)
                .build();
    }

    public static Violation violation() {
        return Violation.newBuilder()
                .setRule("temporal.seq-gap")
                .setSeverity(Severity.ERROR)
                .setRunId("run-7")
                .setEpisodeId("run-7-ep-000042")
                .setSeq(3L)
                .setStep(0)
                .setSimTime(EPOCH.plusSeconds(90))
                .setTopic("toy-queue.rewards")
                .setMessage("seq 3 follows 1")
                .setEvidence(Map.of("expected", "2", "actual", "3"))
                .build();
    }

    public static WindowMetrics metrics() {
        Moments reward = Moments.newBuilder().setCount(10).setMean(-1.2).setStd(0.4).setMin(-3.5).setMax(1.0)
                .setQuantiles(Map.of("p50", -1.0, "p99", 0.9)).build();
        return WindowMetrics.newBuilder()
                .setNamespace(SCENARIO)
                .setScenario(SCENARIO)
                .setWindowStart(EPOCH)
                .setWindowEnd(EPOCH.plusSeconds(3600))
                .setEventCounts(Map.of("states", 10L, "actions", 10L, "rewards", 10L, "episodes", 2L))
                .setReward(reward)
                .setFeatures(Map.of("observation.queue_length", reward))
                .setActionFrequencies(Map.of("serve_queue=2", 7L))
                .setViolations(Map.of("temporal.seq-gap", 1L))
                .setViolationRate(1.0 / 32)
                .setDrift(List.of(DriftScore.newBuilder().setFeature("observation.queue_length")
                        .setMetric(DriftMetric.PSI).setValue(0.31).setThreshold(0.2).setDrifted(true).build()))
                .build();
    }

    public static EpisodeVerdict verdict() {
        return EpisodeVerdict.newBuilder()
                .setRunId("run-7")
                .setEpisodeId("run-7-ep-000042")
                .setScenario(SCENARIO)
                .setScenarioVersion("1.0.0")
                .setValid(false)
                .setEventCount(5)
                .setSteps(1)
                .setEpisodeReturn(-2.5)
                .setOutcome(EpisodeOutcome.TRUNCATED)
                .setViolationsByRule(Map.of("temporal.seq-gap", 1L))
                .setSimTime(EPOCH.plusSeconds(120))
                .build();
    }

    /** Every event type, keyed by a short name, in publishing order. */
    public static Map<String, Object> all() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("episode-started", started());
        all.put("state", state());
        all.put("action", action());
        all.put("reward", reward());
        all.put("episode-ended", ended());
        all.put("violation", violation());
        all.put("metrics", metrics());
        all.put("verdict", verdict());
        return all;
    }
}
