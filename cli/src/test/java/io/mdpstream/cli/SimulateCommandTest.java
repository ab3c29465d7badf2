package io.mdpstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest extends CliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EPOCH = "--epoch=2026-03-02T06:00:00Z";

    @TempDir
    Path dir;

    @Test
    void scenariosShouldListOnePerLineNameFirst() {
        assertThat(run("scenarios")).isZero();

        List<String> names = out.toString().lines().map(line -> line.split("\\s+")[0]).toList();
        assertThat(names).contains("incidents", "pricing", "support");
    }

    @Test
    void shouldWriteCompleteEpisodesAsJsonLines() throws IOException {
        Path file = dir.resolve("support.jsonl");

        int exit = run("simulate", "--scenario", "support", "--episodes", "5", "--seed", "7", "--out", file.toString(), EPOCH);

        assertThat(exit).as(err.toString()).isZero();
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            events.add(JSON.readTree(line));
        }
        Map<String, Long> expectedSeq = new HashMap<>();
        for (JsonNode event : events) {
            String episode = event.get("episode_id").asText();
            long seq = expectedSeq.getOrDefault(episode, 0L);
            assertThat(event.get("seq").asLong()).as("seq of %s", episode).isEqualTo(seq);
            expectedSeq.put(episode, seq + 1);
        }
        assertThat(expectedSeq).hasSize(5);
        assertThat(events.get(0).get("type").asText()).isEqualTo("episode_started");
        assertThat(events.get(0).get("sim_time").asText()).isEqualTo("2026-03-02T06:00:00Z");
        assertThat(events.stream().filter(e -> e.get("type").asText().equals("episode_ended")).count()).isEqualTo(5);
        assertThat(events.stream().filter(e -> e.get("type").asText().equals("state")).findFirst().orElseThrow()
                .get("observation").has("queue_length")).isTrue();
        assertThat(out.toString()).contains("5 episodes");
    }

    @Test
    void shouldWriteToStdoutWithDash() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(run("simulate", "--scenario", "incidents", "--episodes", "1", "--out", "-", EPOCH)).isZero();
        } finally {
            System.setOut(stdout);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().findFirst().orElseThrow()).contains("\"type\":\"episode_started\"");
        assertThat(text.lines().filter(line -> line.contains("\"type\":\"episode_ended\""))).hasSize(1);
    }

    @Test
    void shouldPrintSampledEpisodesReadably() {
        assertThat(run("simulate", "--scenario", "pricing", "--sample", "2", EPOCH)).isZero();

        assertThat(out.toString()).contains("episode pricing-1-ep-0000000", "episode pricing-1-ep-0000001", "state",
                "action", "reward", "end: ");
    }

    @Test
    void shouldEmitSideRecordsBesideTheEpisodeEvents() throws IOException {
        Path file = dir.resolve("pricing.jsonl");

        assertThat(run("simulate", "--scenario", "pricing", "--episodes", "1", "--out", file.toString(), EPOCH)).isZero();

        JsonNode purchase = JSON.readTree(Files.readAllLines(file).stream()
                .filter(line -> line.contains("\"side_record\"")).findFirst().orElseThrow());
        assertThat(purchase.get("stream").asText()).isEqualTo("purchases");
        assertThat(purchase.get("record").fieldNames()).toIterable()
                .contains("user_id", "category", "price", "quantity", "timestamp", "total_revenue");
    }

    @Test
    void shouldRefuseAnUnknownScenarioNamingTheKnownOnes() {
        Path file = dir.resolve("never.jsonl");

        assertThat(run("simulate", "--scenario", "warehause", "--out", file.toString())).isEqualTo(2);

        assertThat(err.toString()).contains("unknown scenario 'warehause'").contains("support");
        assertThat(file).doesNotExist();
    }

    @Test
    void shouldRefuseABadParameterFileNamingFileAndKeyAndWriteNothing() throws IOException {
        Path file = dir.resolve("never.jsonl");
        Path typo = Files.writeString(dir.resolve("typo.yaml"), "tickets:\n  rate_per_huor: 20\n");
        Path negative = Files.writeString(dir.resolve("negative.yaml"), "tickets:\n  rate_per_hour: -3\n");
        Path inverted = Files.writeString(dir.resolve("inverted.yaml"), "tickets:\n  rate_per_hour: {randomize: [30, 10]}\n");

        assertThat(run("simulate", "--scenario", "support", "--params", typo.toString(), "--out", file.toString())).isEqualTo(2);
        assertThat(run("simulate", "--scenario", "support", "--params", negative.toString(), "--out", file.toString())).isEqualTo(2);
        assertThat(run("simulate", "--scenario", "support", "--params", inverted.toString(), "--out", file.toString())).isEqualTo(2);
        assertThat(run("simulate", "--scenario", "support", "--params", dir.resolve("absent.yaml").toString(),
                "--out", file.toString())).isEqualTo(2);

        assertThat(err.toString())
                .contains("typo.yaml: tickets.rate_per_huor: unknown parameter (did you mean tickets.rate_per_hour?)")
                .contains("negative.yaml: tickets.rate_per_hour: must be within [0, 100000], got -3")
                .contains("inverted.yaml: tickets.rate_per_hour: randomize range [30, 10] is inverted")
                .contains("absent.yaml: no such readable file");
        assertThat(file).doesNotExist();
    }

    @Test
    void shouldRefuseNonsenseOptions() {
        assertThat(run("simulate", "--scenario", "support", "--episodes", "0", "--out", "x.jsonl")).isEqualTo(2);
        assertThat(run("simulate", "--scenario", "support", "--policy", "greedy", "--sample", "1")).isEqualTo(2);
        assertThat(run("simulate", "--scenario", "support", "--policy", "external", "--out", "x.jsonl")).isEqualTo(2);
        assertThat(err.toString()).contains("--episodes must be >= 1").contains("unknown policy 'greedy'")
                .contains("--policy external needs Kafka");
        assertThat(Path.of("x.jsonl")).doesNotExist();
    }
}
