package io.mdpstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same scenario, parameters, seed, policy and epoch give the same bytes, whatever the JVM run and
 * the number of worker threads: two separate JVMs write the same file.
 */
class SimulateDeterminismIT {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"warehouse", "support", "pricing", "incidents"})
    void twoJvmsWithDifferentThreadCountsShouldWriteTheSameBytes(String scenario) throws Exception {
        Path one = dir.resolve("one.jsonl");
        Path two = dir.resolve("two.jsonl");

        simulate(scenario, one, 1);
        simulate(scenario, two, 2);

        assertThat(Files.size(one)).isPositive();
        assertThat(Files.mismatch(one, two)).as("first differing byte").isEqualTo(-1L);
    }

    private static void simulate(String scenario, Path out, int threads) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Mdpstream.class.getName(), "simulate",
                "--scenario", scenario, "--episodes", "20", "--seed", "99", "--policy", "softmax:0.5",
                "--epoch", "2026-03-02T06:00:00Z", "--threads", String.valueOf(threads), "--no-progress",
                "--out", out.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(out + ".log")).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(Path.of(out + ".log"))).isZero();
    }
}
