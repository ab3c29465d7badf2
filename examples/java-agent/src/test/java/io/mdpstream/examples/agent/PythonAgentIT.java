package io.mdpstream.examples.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mdpstream.examples.agent.AgentLoop.Record;
import io.mdpstream.publish.EpisodePublisher;
import io.mdpstream.publish.PublishOptions;
import io.mdpstream.testkit.KafkaStack;
import io.mdpstream.testkit.WithKafkaStack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent in another language sits in the loop: {@code examples/python/agent.py}, on
 * confluent-kafka-python's legacy Avro API, plays whole episodes; when it misbehaves (garbage, late,
 * silent) the run still completes and every bad message is on {@code <ns>.agent-errors} with its code.
 */
@WithKafkaStack
class PythonAgentIT {

    /** Debian's interpreter: a pyenv python3 earlier on PATH lacks the Debian packages. */
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path AGENT = Path.of("../python/agent.py");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The code each kind of garbage the agent sends must come back with. */
    private static final Map<String, String> EXPECTED = Map.of("undecodable", "MALFORMED cannot decode",
            "wrong-schema", "MALFORMED not an AgentAction", "out-of-space", "INVALID_ACTION outside the space",
            "masked", "INVALID_ACTION masked out", "wrong-step", "WRONG_STEP", "duplicate", "DUPLICATE");

    @TempDir
    Path logs;

    @BeforeAll
    static void requirePythonClient() throws Exception {
        assumeThat(Files.isExecutable(PYTHON)).as("needs %s (Debian python3)", PYTHON).isTrue();
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import confluent_kafka.avro, avro")
                .redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeThat(probe.waitFor()).as("needs Debian packages python3-confluent-kafka and python3-avro: %s", output)
                .isZero();
    }

    @Test
    void pythonAgentShouldPlayWholeEpisodesWithEveryActionItsOwn(KafkaStack stack) throws Exception {
        String ns = stack.uniqueName("py-valid");
        AgentLoop.createStatesTopic(stack, ns);
        Agent agent = start(stack, ns, "--mode", "valid", "--choice", "random", "--seed", "3");

        EpisodePublisher.Summary summary = agent.watch(AgentLoop.publisher(AgentLoop.options(stack, ns, 3, 3, Duration.ofSeconds(15),
                1_000_000), new SimpleMeterRegistry())).run();
        JsonNode counts = agent.finish();

        List<Record> actions = AgentLoop.actions(stack, ns);
        assertThat(summary.complete()).isTrue();
        assertThat(summary.agentTimeouts()).isZero();
        assertThat(summary.agentRejections()).isZero();
        assertThat(actions).hasSize((int) summary.agentDecisions()).hasSizeGreaterThan(3);
        assertThat(AgentLoop.countBy(actions, a -> a.field("source"))).containsOnlyKeys("EXTERNAL_AGENT");
        assertThat(AgentLoop.countBy(actions, a -> ((org.apache.avro.generic.GenericRecord) a.value().get("policy"))
                .get("version").toString())).containsOnlyKeys("example-python");
        assertThat(AgentLoop.outcomes(stack, ns)).hasSize(3).doesNotContainValue("ABORTED");
        assertThat(AgentLoop.errors(stack, ns)).isEmpty();
        assertThat(counts.get("answered").asLong()).isEqualTo(summary.agentDecisions());
    }

    @Test
    void garbageShouldBeRejectedWithItsCodeWhileTheValidAnswersPlayOn(KafkaStack stack) throws Exception {
        String ns = stack.uniqueName("py-garbage");
        AgentLoop.createStatesTopic(stack, ns);
        Agent agent = start(stack, ns, "--mode", "garbage");

        // 32 decisions: the last one is not a "duplicate" turn, whose repeat, sent after the answer, could miss the run.
        EpisodePublisher.Summary summary = agent.watch(AgentLoop.publisher(AgentLoop.options(stack, ns, 4, 2, Duration.ofSeconds(15),
                8), new SimpleMeterRegistry())).run();
        JsonNode counts = agent.finish();

        List<Record> errors = AgentLoop.errors(stack, ns);
        assertThat(summary.complete()).isTrue();
        assertThat(summary.agentDecisions()).isEqualTo(4 * 8);
        assertThat(AgentLoop.countBy(AgentLoop.actions(stack, ns), a -> a.field("source"))).containsOnlyKeys("EXTERNAL_AGENT");
        Map<String, Long> sent = new TreeMap<>();
        counts.get("garbage").fields().forEachRemaining(kind -> sent.merge(EXPECTED.get(kind.getKey()), kind.getValue().asLong(), Long::sum));
        // One bad message per decision, the six kinds in turn: each kind was sent, and each came back with its code.
        assertThat(sent.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(32);
        assertThat(sent).containsKeys("MALFORMED cannot decode", "MALFORMED not an AgentAction", "INVALID_ACTION outside the space",
                "WRONG_STEP", "DUPLICATE");
        assertThat(new TreeMap<>(AgentLoop.countBy(errors, PythonAgentIT::kind))).isEqualTo(sent);
        assertThat(summary.agentRejections()).isEqualTo(32);
        assertThat(errors).allSatisfy(e -> assertThat(e.key()).startsWith("agents-ep-"));
        assertThat(AgentLoop.outcomes(stack, ns)).hasSize(4).doesNotContainValue("ABORTED");
    }

    @Test
    void lateAnswersShouldBeRejectedAsLateAfterTheFallbackWasApplied(KafkaStack stack) throws Exception {
        String ns = stack.uniqueName("py-late");
        AgentLoop.createStatesTopic(stack, ns);
        // The agent answers the first 6 states, 0.8 s after each; the run's 30 decisions of 0.3 s each keep it
        // going long enough to read every late answer.
        Agent agent = start(stack, ns, "--mode", "late", "--delay", "0.8", "--max-decisions", "6");

        EpisodePublisher.Summary summary = agent.watch(AgentLoop.publisher(AgentLoop.options(stack, ns, 3, 3,
                Duration.ofMillis(300), 10), new SimpleMeterRegistry())).run();
        JsonNode counts = agent.finish();

        List<Record> errors = AgentLoop.errors(stack, ns);
        assertThat(summary.complete()).isTrue();
        assertThat(summary.agentDecisions()).isZero();
        assertThat(summary.agentTimeouts()).isEqualTo(3 * 10);
        assertThat(AgentLoop.countBy(AgentLoop.actions(stack, ns), a -> a.field("source")))
                .containsExactlyEntriesOf(Map.of("FALLBACK", 30L));
        assertThat(counts.get("answered").asInt()).isEqualTo(6);
        assertThat(AgentLoop.countBy(errors, e -> e.field("code"))).containsExactlyEntriesOf(Map.of("LATE", 6L));
        assertThat(errors).allSatisfy(e -> assertThat(e.field("reason")).contains("fallback action was applied"));
        assertThat(AgentLoop.outcomes(stack, ns)).hasSize(3).doesNotContainValue("ABORTED");
    }

    @Test
    void aSilentAgentShouldLeaveEveryDecisionToTheFallbackWithoutErrors(KafkaStack stack) throws Exception {
        String ns = stack.uniqueName("py-silent");
        AgentLoop.createStatesTopic(stack, ns);
        Agent agent = start(stack, ns, "--mode", "silent");

        EpisodePublisher.Summary summary = agent.watch(AgentLoop.publisher(AgentLoop.options(stack, ns, 2, 2, Duration.ofMillis(200),
                5), new SimpleMeterRegistry())).run();
        JsonNode counts = agent.finish();

        assertThat(summary.complete()).isTrue();
        assertThat(summary.agentTimeouts()).isEqualTo(2 * 5);
        assertThat(AgentLoop.countBy(AgentLoop.actions(stack, ns), a -> a.field("source")))
                .containsExactlyEntriesOf(Map.of("FALLBACK", 10L));
        assertThat(AgentLoop.errors(stack, ns)).isEmpty();
        assertThat(counts.get("states").asInt()).isEqualTo(10);
        assertThat(AgentLoop.outcomes(stack, ns)).hasSize(2).doesNotContainValue("ABORTED");
    }

    /** An error's code, with the kind of garbage told apart where two kinds share a code. */
    private static String kind(Record error) {
        String code = error.field("code");
        String reason = error.field("reason");
        if (code.equals("MALFORMED")) {
            return code + (reason.startsWith("cannot decode") ? " cannot decode" : " not an AgentAction");
        }
        if (code.equals("INVALID_ACTION")) {
            return code + (reason.contains("masked out") ? " masked out" : " outside the space");
        }
        return code;
    }

    private Agent start(KafkaStack stack, String namespace, String... mode) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), AGENT.toString(), "--bootstrap-servers",
                stack.bootstrapServers(), "--schema-registry", stack.schemaRegistryUrl(), "--namespace", namespace,
                "--from-beginning", "--exit-when-idle", "3"));
        command.addAll(List.of(mode));
        Path out = logs.resolve(namespace + ".out");
        Path err = logs.resolve(namespace + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Agent(process, out, err);
    }

    /** The agent's process; it stops by itself a few seconds after the run's last state. */
    private record Agent(Process process, Path out, Path err) {

        /** Stops the run should the agent fail, rather than let every decision wait out its deadline. */
        EpisodePublisher watch(EpisodePublisher publisher) {
            process.onExit().thenAccept(p -> {
                if (p.exitValue() != 0) {
                    publisher.stop();
                }
            });
            return publisher;
        }

        JsonNode finish() throws Exception {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            String stderr = Files.readString(err);
            assertThat(process.exitValue()).as("agent.py exit code; stderr: %s", stderr).isZero();
            assertThat(stderr).as("agent.py stderr").isBlank();
            return JSON.readTree(Files.readString(out).strip());
        }
    }
}
