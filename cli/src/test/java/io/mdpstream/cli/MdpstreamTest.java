package io.mdpstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MdpstreamTest extends CliTest {


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
