package io.mdpstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mdpstream replay} refuses a source that is not a dataset, or a bad option, with exit 2 before any broker starts. */
class ReplayCommandTest extends CliTest {

    @TempDir
    Path dir;

    @Test
    void aSourceThatIsNotAnMdpstreamDatasetShouldBeRefusedNamingWhatIsWrong() throws Exception {
        Files.writeString(dir.resolve("episodes.csv"), "id,return\n");

        assertThat(run("replay", "--from", dir.toString(), "--namespace", "replayed")).isEqualTo(2);
        assertThat(err.toString()).contains("--from").contains(dir.toAbsolutePath() + " is not an mdpstream dataset")
                .contains("it has no dataset.json");
        assertThat(out.toString()).doesNotContain("Starting the embedded");
    }

    @Test
    void aMissingSourceShouldBeRefused() {
        assertThat(run("replay", "--from", dir.resolve("nowhere").toString(), "--namespace", "replayed")).isEqualTo(2);
        assertThat(err.toString()).contains("no such directory");
    }

    @Test
    void badPerturbationsShouldBeRefusedNamingTheOption() {
        assertThat(run("replay", "--from", dir.toString(), "--namespace", "replayed", "--thin", "0")).isEqualTo(2);
        assertThat(run("replay", "--from", dir.toString(), "--namespace", "replayed", "--time-scale", "-1")).isEqualTo(2);
        assertThat(run("replay", "--from", dir.toString(), "--namespace", "replayed", "--noise", "-0.5")).isEqualTo(2);
        assertThat(run("replay", "--from", dir.toString(), "--namespace", "replayed", "--speed", "fast")).isEqualTo(2);
        assertThat(run("replay", "--from", dir.toString(), "--namespace", "bad namespace!")).isEqualTo(2);
        assertThat(err.toString()).contains("--thin").contains("must be in (0, 1]").contains("--time-scale").contains("--noise")
                .contains("--speed").contains("--namespace");
        assertThat(out.toString()).doesNotContain("Starting the embedded");
    }
}
