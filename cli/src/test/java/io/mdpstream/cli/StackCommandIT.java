package io.mdpstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StackCommandIT {

    @Test
    void shouldPrintAddressesThatClientsCanUseAndStopWhenAsked() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = Mdpstream.commandLine();
        cli.setOut(new PrintWriter(out, true));
        StackCommand stack = cli.getSubcommands().get("stack").getCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> cli.execute("stack", "--broker-port", "0", "--registry-port", "0"));

        await().atMost(Duration.ofSeconds(60)).until(() -> out.toString().contains("Press Ctrl-C"));
        Matcher bootstrap = Pattern.compile("bootstrap servers +(\\S+)").matcher(out.toString());
        Matcher registry = Pattern.compile("schema registry +(\\S+)").matcher(out.toString());
        assertThat(bootstrap.find()).isTrue();
        assertThat(registry.find()).isTrue();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap.group(1)))) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
        HttpResponse<String> subjects = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registry.group(1) + "/subjects")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(subjects.statusCode()).isEqualTo(200);

        stack.stop.countDown();
        assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void shouldExitNonZeroNamingThePortOptionWhenThePortIsTaken() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cli = Mdpstream.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("localhost"))) {
            int exit = cli.execute("stack", "--broker-port", String.valueOf(taken.getLocalPort()));

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).contains("broker port " + taken.getLocalPort()).contains("already in use")
                    .contains("--broker-port");
        }
    }
}
