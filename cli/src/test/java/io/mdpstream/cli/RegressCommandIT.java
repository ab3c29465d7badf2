package io.mdpstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mdpstream.embedded.EmbeddedStack;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mdpstream regress} as a user runs it: a baseline made with {@code simulate} and {@code sink},
 * then the candidate's verdict as an exit code, for a CI job.
 */
class RegressCommandIT extends CliTest {

    private static EmbeddedStack stack;

    @TempDir
    static Path dir;

    @BeforeAll
    static void storeABaseline() {
        stack = EmbeddedStack.start();
        String[] kafka = {"--bootstrap-servers", stack.bootstrapServers(), "--schema-registry", stack.schemaRegistryUrl()};
        RegressCommandIT setup = new RegressCommandIT();
        assertThat(setup.run(concat(new String[] {"simulate", "--scenario", "support", "--policy", "softmax:0.5", "--episodes", "20",
                "--namespace", "base", "--seed", "5", "--epoch", "2026-03-02T06:00:00Z", "--no-progress"}, kafka)))
                .as(setup.err.toString()).isZero();
        assertThat(setup.run(concat(new String[] {"sink", "--namespace", "base", "--verdicts", "ignore", "--until-idle", "2s",
                "--out", dir.resolve("baseline").toString()}, kafka))).as(setup.err.toString()).isZero();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void theSamePolicyShouldPassWithAReportAndARandomOneShouldFailWithExitOne() throws Exception {
        Path report = dir.resolve("same.json");

        int same = run("regress", "--baseline", dir.resolve("baseline").toString(), "--policy", "softmax:0.5", "--report", report.toString());

        assertThat(same).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Verdict: PASS").contains("wins / ties / losses 0 / 20 / 0")
                .contains("Baseline reproduced in process: 20 of 20").contains("support-5-ep-0000000");
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/returns/mean_difference").asDouble()).isZero();
        assertThat(json.at("/episodes").size()).isEqualTo(20);

        int random = run("regress", "--baseline", dir.resolve("baseline").toString(), "--policy", "random", "--episodes", "12");

        assertThat(random).as(err.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("Returns over 12 paired episodes").contains("Verdict: SIGNIFICANTLY WORSE");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
