package io.mdpstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MdpstreamTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Mdpstream.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shouldPrintHelpListingTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: mdpstream").contains("stack");
    }

    @Test
    void shouldPrintVersionWithKafkaAndAvro() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("mdpstream ").contains("Kafka 4.3").contains("Avro 1.12");
    }

    @Test
    void shouldRejectUnknownCommandWithUsageError() {
        assertThat(run("fly")).isEqualTo(2);
        assertThat(err.toString()).contains("fly");
    }

    @Test
    void shouldRejectANonNumericPort() {
        assertThat(run("stack", "--broker-port", "ninety")).isEqualTo(2);
        assertThat(err.toString()).contains("--broker-port").contains("ninety");
    }
}
