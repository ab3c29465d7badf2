package io.mdpstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.embedded.EmbeddedStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code mdpstream simulate} publishing to a Kafka cluster given on the command line. */
class SimulatePublishIT {

    private static EmbeddedStack stack;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() {
        stack = EmbeddedStack.start();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private int run(String... args) {
        CommandLine cli = Mdpstream.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private List<String> kafka(String... more) {
        List<String> args = new ArrayList<>(List.of("simulate", "--bootstrap-servers", stack.bootstrapServers(),
                "--schema-registry", stack.schemaRegistryUrl(), "--no-progress", "--epoch", "2026-03-02T06:00:00Z"));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void shouldPublishARunAndSayWhatItPublished() {
        int exit = run(kafka("--scenario", "incidents", "--episodes", "3", "--in-flight", "2", "--namespace", "cli-pub")
                .toArray(String[]::new));

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Publishing incidents to cli-pub.*").contains("3 episodes started, 3 finished");
    }

    @Test
    void shouldServeMetricsAndHealthWhileRunning() throws Exception {
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(kafka("--scenario", "support",
                "--episodes", "2", "--speed", "1200", "--namespace", "cli-metrics", "--metrics-port", "0").toArray(String[]::new)));
        Pattern port = Pattern.compile("http://localhost:(\\d+)/metrics");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Matcher m = port.matcher("");
        while (!m.find() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            m = port.matcher(out.toString());
        }
        String base = "http://localhost:" + m.group(1);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = null;
        for (int i = 0; i < 100 && (health == null || !health.body().contains("RUNNING")); i++) {
            Thread.sleep(100);
            health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        }
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"run_id\":\"support-1\"");
        assertThat(metrics.body()).contains("mdpstream_events_published_total").contains("kafka_producer");
        assertThat(exit.get(120, TimeUnit.SECONDS)).as(err.toString()).isZero();
    }

    @Test
    void shouldFailFastAndClearlyWhenTheClusterCannotBeReached() {
        long begin = System.nanoTime();

        int exit = run("simulate", "--scenario", "support", "--bootstrap-servers", "localhost:1", "--schema-registry",
                "http://localhost:1", "--no-progress");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("mdpstream: cannot use the schema registry").contains("localhost:1");
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void shouldRefuseInconsistentOptionsBeforeConnecting() {
        assertThat(run("simulate", "--scenario", "support", "--bootstrap-servers", "localhost:1")).isEqualTo(2);
        assertThat(run("simulate", "--scenario", "support", "--policy", "external", "--out", "x.jsonl")).isEqualTo(2);
        assertThat(run(kafka("--scenario", "support", "--speed", "fast").toArray(String[]::new))).isEqualTo(2);
        assertThat(run(kafka("--scenario", "support", "--inject", "melt=0.1").toArray(String[]::new))).isEqualTo(2);

        assertThat(err.toString()).contains("--bootstrap-servers needs --schema-registry")
                .contains("--policy external needs Kafka").contains("--speed 'fast'").contains("unknown fault 'melt'");
    }
}
