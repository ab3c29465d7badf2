package io.mdpstream.examples.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.examples.agent.AgentLoop.Record;
import io.mdpstream.publish.EpisodePublisher;
import io.mdpstream.testkit.KafkaStack;
import io.mdpstream.testkit.WithKafkaStack;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** The Java example agent sits in the loop: it plays whole episodes, many of them at once. */
@WithKafkaStack
class FirstValidAgentIT {

    private static final String AGENT_ID = "first-valid-java";

    @Test
    void javaAgentShouldPlayWholeEpisodesWithTheFirstValidActionOfEachState(KafkaStack stack) throws Exception {
        String ns = stack.uniqueName("java-valid");
        AgentLoop.createStatesTopic(stack, ns);
        EpisodePublisher.Summary summary;
        long answered;
        try (RunningAgent agent = RunningAgent.start(stack, ns)) {
            summary = AgentLoop.publisher(AgentLoop.options(stack, ns, 3, 3, Duration.ofSeconds(15), 1_000_000),
                    new SimpleMeterRegistry()).run();
            answered = agent.stop();
        }

        List<Record> actions = AgentLoop.actions(stack, ns);
        Map<String, Record> states = new HashMap<>();
        AgentLoop.read(stack, List.of(new EventTopics(ns).states())).forEach(s -> states.put(s.episodeId() + "#" + s.step(), s));
        assertThat(summary.complete()).isTrue();
        assertThat(summary.agentTimeouts()).isZero();
        assertThat(summary.agentRejections()).isZero();
        assertThat(answered).isEqualTo(summary.agentDecisions()).isGreaterThan(3);
        assertThat(actions).hasSize((int) summary.agentDecisions()).allSatisfy(action -> {
            assertThat(action.field("source")).isEqualTo("EXTERNAL_AGENT");
            assertThat(((GenericRecord) action.value().get("policy")).get("version")).hasToString(AGENT_ID);
            Record state = states.get(action.episodeId() + "#" + action.step());
            assertThat(((GenericRecord) action.value().get("action")).get("value"))
                    .isEqualTo(FirstValidAgent.choose(null, (List<?>) state.value().get("action_mask")));
        });
        assertThat(AgentLoop.outcomes(stack, ns)).hasSize(3).doesNotContainValue("ABORTED");
        assertThat(AgentLoop.errors(stack, ns)).isEmpty();
        // Each episode's start names the external agent as its policy, not a built-in one.
        List<GenericRecord> starts = AgentLoop.read(stack, List.of(new EventTopics(ns).episodes())).stream()
                .map(r -> (GenericRecord) r.value().get("body"))
                .filter(body -> body.getSchema().getName().equals("EpisodeStarted")).toList();
        assertThat(starts).hasSize(3).allSatisfy(start ->
                assertThat(((GenericRecord) start.get("policy")).get("id")).hasToString("external"));
    }

    @Test
    void manyEpisodesInFlightShouldWaitForTheAgentAtOnceAndRecordItsLatency(KafkaStack stack) throws Exception {
        String ns = stack.uniqueName("java-many");
        AgentLoop.createStatesTopic(stack, ns);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        EpisodePublisher publisher = AgentLoop.publisher(AgentLoop.options(stack, ns, 32, 16, Duration.ofSeconds(15), 10),
                meters);
        AtomicInteger mostWaiting = new AtomicInteger();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> mostWaiting.accumulateAndGet(
                ((Number) publisher.status().get("episodes_waiting_for_agent")).intValue(), Math::max), 0, 2, TimeUnit.MILLISECONDS);
        EpisodePublisher.Summary summary;
        try (RunningAgent agent = RunningAgent.start(stack, ns)) {
            summary = publisher.run();
            agent.stop();
        } finally {
            sampler.shutdownNow();
        }

        Timer latency = meters.get("mdpstream.agent.decision.latency").tag("namespace", ns).timer();
        assertThat(summary.complete()).isTrue();
        assertThat(summary.agentDecisions()).isEqualTo(32 * 10);
        assertThat(summary.agentTimeouts()).isZero();
        assertThat(mostWaiting.get()).as("episodes waiting for the agent at the same time").isGreaterThan(1);
        assertThat(latency.count()).isEqualTo(summary.agentDecisions());
        assertThat(latency.max(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(AgentLoop.countBy(AgentLoop.actions(stack, ns), a -> a.field("source")))
                .containsExactlyEntriesOf(Map.of("EXTERNAL_AGENT", 320L));
        assertThat(AgentLoop.errors(stack, ns)).isEmpty();
    }

    /** The example agent on a thread of its own, as its main runs it. */
    private static final class RunningAgent implements AutoCloseable {

        private final FirstValidAgent agent;
        private final CompletableFuture<Long> answered = new CompletableFuture<>();

        private RunningAgent(FirstValidAgent agent) {
            this.agent = agent;
            Thread thread = new Thread(() -> {
                try {
                    answered.complete(agent.run(Long.MAX_VALUE));
                } catch (RuntimeException e) {
                    answered.completeExceptionally(e);
                }
            }, "example-agent");
            thread.setDaemon(true);
            thread.start();
        }

        static RunningAgent start(KafkaStack stack, String namespace) {
            // From the beginning: the states topic exists already, so nothing the run publishes is missed.
            return new RunningAgent(new FirstValidAgent(stack.clientProperties(), namespace, true, AGENT_ID));
        }

        /** Stops the agent and returns how many decisions it answered. */
        long stop() throws Exception {
            agent.stop();
            return answered.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            stop();
            agent.close();
        }
    }
}
