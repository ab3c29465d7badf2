package io.mdpstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mdpstream.contract.EventTopics;
import io.mdpstream.embedded.EmbeddedStack;
import io.mdpstream.publish.TopicSetup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mdpstream regress --policy external} as a CI job runs it, with the example agent in another
 * language ({@code examples/python/agent.py}) in the loop: a baseline its own choices made passes with
 * every episode tied, random choices against the heuristic's baseline fail with exit 1, and no agent
 * at all is reported as fallbacks.
 */
class RegressAgentCommandIT extends CliTest {

    /** Debian's interpreter: a pyenv python3 earlier on PATH lacks the Debian packages. */
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path AGENT = Path.of("../examples/python/agent.py");
    private static final String EPOCH = "2026-03-02T06:00:00Z";
    /** Short episodes: each decision is a round trip through Kafka. */
    private static final String MAX_STEPS = "30";

    private static EmbeddedStack stack;
    private static String[] kafka;

    @TempDir
    static Path dir;

    @BeforeAll
    static void storeAHeuristicBaseline() throws Exception {
        assumeThat(Files.isExecutable(PYTHON)).as("needs %s (Debian python3)", PYTHON).isTrue();
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import confluent_kafka.avro, avro").redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeThat(probe.waitFor()).as("needs Debian packages python3-confluent-kafka and python3-avro: %s", output).isZero();
        stack = EmbeddedStack.start();
        kafka = new String[] {"--bootstrap-servers", stack.bootstrapServers(), "--schema-registry", stack.schemaRegistryUrl()};
        RegressAgentCommandIT setup = new RegressAgentCommandIT();
        setup.store("heuristic", "base-h", "heuristic");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theAgentThatMadeTheBaselineShouldTieEveryEpisodeAndExitZero() throws Exception {
        Path baseline;
        try (PythonAgent ignored = PythonAgent.start("base-f", "--choice", "first")) {
            baseline = store("external", "base-f", "first");
        }
        Path report = dir.resolve("first.json");

        int exit;
        try (PythonAgent ignored = PythonAgent.start("again-f", "--choice", "first")) {
            exit = run(concat("regress", "--baseline", baseline.toString(), "--policy", "external", "--namespace", "again-f",
                    "--report", report.toString()));
        }

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Re-running 12 baseline episodes of support for the agent: states on again-f.states")
                .contains("wins / ties / losses 0 / 12 / 0").contains("Baseline reproduced in process: 12 of 12")
                .contains("Agent example-python on again-f.agent-actions: 360 decisions answered, 0 fell back")
                .contains("Verdict: PASS");
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/candidate_policy").asText()).isEqualTo("external");
        assertThat(json.at("/agent/answered").asLong()).isEqualTo(360);
        assertThat(json.at("/agent/fallbacks").asLong()).isZero();
        assertThat(json.at("/returns/mean_difference").asDouble()).isZero();
        assertThat(json.at("/off_policy/available").asBoolean()).isFalse();
    }

    @Test
    void anAgentChoosingAtRandomShouldBeSignificantlyWorseThanTheHeuristicAndExitOne() throws Exception {
        int exit;
        try (PythonAgent ignored = PythonAgent.start("again-r", "--choice", "random")) {
            exit = run(concat("regress", "--baseline", dir.resolve("heuristic").toString(), "--policy", "external",
                    "--namespace", "again-r", "--in-flight", "12"));
        }

        assertThat(exit).as(err.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("360 decisions answered, 0 fell back").contains("Verdict: SIGNIFICANTLY WORSE");
    }

    @Test
    void withoutAnAgentEveryDecisionShouldFallBackAndBeReportedNotCrash() throws Exception {
        int exit = run(concat("regress", "--baseline", dir.resolve("heuristic").toString(), "--policy", "external",
                "--namespace", "nobody", "--episodes", "2", "--agent-timeout", "20ms"));

        Files.writeString(Path.of("/tmp/regress-ext-out.txt"), out.toString());
        assertThat(exit).as(err.toString()).isIn(0, 1);
        assertThat(out.toString()).contains("Agent (no answer) on nobody.agent-actions: 0 decisions answered, 60 fell back "
                + "(no valid answer within 20 ms)").contains("warning: 60 of 60 decisions took the scenario's fallback action");
    }

    @Test
    void kafkaOutOfReachShouldExitTwoSoon() {
        long begin = System.nanoTime();

        int exit = run("regress", "--baseline", dir.resolve("heuristic").toString(), "--policy", "external",
                "--bootstrap-servers", "localhost:1", "--schema-registry", stack.schemaRegistryUrl());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Kafka: cannot reach Kafka at localhost:1");
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(30));
        assertThat(out.toString()).doesNotContain("Verdict");
    }

    /** Publishes 12 short episodes with {@code policy} on {@code namespace} and stores them in {@code dir/name}. */
    private Path store(String policy, String namespace, String name) {
        Path dataset = dir.resolve(name);
        assertThat(run(concat("simulate", "--scenario", "support", "--policy", policy, "--episodes", "12", "--max-steps", MAX_STEPS,
                "--namespace", namespace, "--seed", "5", "--epoch", EPOCH, "--no-progress"))).as(err.toString()).isZero();
        assertThat(run(concat("sink", "--namespace", namespace, "--verdicts", "ignore", "--until-idle", "2s", "--out",
                dataset.toString()))).as(err.toString()).isZero();
        return dataset;
    }

    /** The command, then where Kafka is. */
    private static String[] concat(String... command) {
        String[] all = Arrays.copyOf(command, command.length + kafka.length);
        System.arraycopy(kafka, 0, all, command.length, kafka.length);
        return all;
    }

    /** {@code examples/python/agent.py} answering on a namespace, from its first state on. */
    private record PythonAgent(Process process) implements AutoCloseable {

        static PythonAgent start(String namespace, String... choice) throws IOException {
            // The states topic as a run makes it, so the agent subscribes before the run and misses nothing.
            new TopicSetup(Map.of("bootstrap.servers", stack.bootstrapServers()), Duration.ofSeconds(15))
                    .ensure(List.of(new EventTopics(namespace).states()), 3, (short) 1, List.of());
            List<String> command = new ArrayList<>(List.of(PYTHON.toString(), AGENT.toString(), "--bootstrap-servers",
                    stack.bootstrapServers(), "--schema-registry", stack.schemaRegistryUrl(), "--namespace", namespace,
                    "--from-beginning"));
            command.addAll(List.of(choice));
            return new PythonAgent(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(namespace + ".log").toFile()).start());
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy(); // SIGTERM: the agent flushes its answers and prints its counts
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
