package io.mdpstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mdpstream validate} refuses a bad configuration with exit 2 and a message naming it, before any broker starts. */
class ValidateCommandTest extends CliTest {

    @TempDir
    Path dir;

    @Test
    void aWindowAdvanceLongerThanTheWindowShouldBeRefused() {
        assertThat(run("validate", "--namespace", "support", "--window", "15m", "--window-advance", "1h")).isEqualTo(2);
        assertThat(err.toString()).contains("--window-advance").contains("must not exceed --window");
        assertThat(out.toString()).doesNotContain("Starting the embedded");
    }

    @Test
    void aReferenceProfileThatDoesNotParseShouldBeRefusedNamingTheFile() throws Exception {
        Path profile = dir.resolve("profile.json");
        Files.writeString(profile, "{ not json");

        assertThat(run("validate", "--namespace", "support", "--reference-profile", profile.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--reference-profile").contains(profile.toString());
        assertThat(out.toString()).doesNotContain("Starting the embedded");
    }

    @Test
    void noStreamThreadsShouldBeRefused() {
        assertThat(run("validate", "--namespace", "support", "--threads", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--threads must be >= 1, got 0");
        assertThat(out.toString()).doesNotContain("Starting the embedded");
    }

    @Test
    void driftAProfileCaptureOrFeatureQuantilesWithoutTheStatisticsShouldBeRefused() {
        Path profile = dir.resolve("profile.json");

        assertThat(run("validate", "--namespace", "support", "--no-statistics", "--reference-profile", profile.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--reference-profile").contains("turned off (--no-statistics)");
        assertThat(run("validate", "--namespace", "support", "--no-statistics", "--capture-profile", profile.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--capture-profile").contains("--no-statistics turns off");
        assertThat(run("validate", "--namespace", "support", "--no-statistics", "--feature-quantiles")).isEqualTo(2);
        assertThat(err.toString()).contains("--feature-quantiles").contains("turned off (--no-statistics)");
        assertThat(out.toString()).doesNotContain("Starting the embedded");
        assertThat(profile).doesNotExist();
    }

    @Test
    void anIllegalNamespaceOrAMissingRegistryShouldBeRefused() {
        assertThat(run("validate", "--namespace", "bad namespace!")).isEqualTo(2);
        assertThat(run("validate", "--namespace", "support", "--bootstrap-servers", "localhost:1")).isEqualTo(2);
        assertThat(err.toString()).contains("--namespace").contains("--schema-registry");
    }
}
