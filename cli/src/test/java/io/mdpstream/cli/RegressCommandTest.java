package io.mdpstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mdpstream regress} refuses bad input with exit 2 and a message naming it, before it re-runs anything. */
class RegressCommandTest extends CliTest {

    @TempDir
    Path dir;

    @Test
    void aBaselineThatIsNotADatasetShouldBeRefused() throws Exception {
        Files.writeString(dir.resolve("steps.csv"), "episode,step\n");

        assertThat(run("regress", "--baseline", dir.toString(), "--policy", "random")).isEqualTo(2);
        assertThat(err.toString()).contains("baseline").contains(dir.toString()).contains("is not an mdpstream dataset");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aMissingBaselineDirectoryShouldBeRefused() {
        assertThat(run("regress", "--baseline", dir.resolve("nowhere").toString(), "--policy", "random")).isEqualTo(2);
        assertThat(err.toString()).contains("no such directory");
    }

    @Test
    void badNumbersShouldBeRefusedNamingTheOption() {
        assertThat(run("regress", "--baseline", dir.toString(), "--policy", "random", "--confidence", "1.2")).isEqualTo(2);
        assertThat(err.toString()).contains("--confidence");
        assertThat(run("regress", "--baseline", dir.toString(), "--policy", "random", "--margin", "-3")).isEqualTo(2);
        assertThat(err.toString()).contains("--margin");
        assertThat(run("regress", "--baseline", dir.toString(), "--policy", "random", "--episodes", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--episodes");
    }

    @Test
    void aReportInADirectoryThatDoesNotExistShouldBeRefused() {
        Path report = dir.resolve("missing").resolve("report.json");

        assertThat(run("regress", "--baseline", dir.toString(), "--policy", "random", "--report", report.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--report").contains("does not exist");
    }

    @Test
    void anExternalCandidateWithABadBaselineShouldBeRefusedBeforeAnyBrokerStarts() throws Exception {
        Files.writeString(dir.resolve("steps.csv"), "episode,step\n");

        assertThat(run("regress", "--baseline", dir.toString(), "--policy", "external")).isEqualTo(2);
        assertThat(err.toString()).contains("is not an mdpstream dataset");
        assertThat(out.toString()).doesNotContain("embedded");
    }

    @Test
    void kafkaOptionsShouldBeRefusedWhereTheyCannotApply() {
        assertThat(run("regress", "--baseline", dir.toString(), "--policy", "random", "--bootstrap-servers", "localhost:9092",
                "--schema-registry", "http://localhost:8081")).isEqualTo(2);
        assertThat(err.toString()).contains("--bootstrap-servers is for --policy external").contains("runs in process");
        assertThat(run("regress", "--baseline", dir.toString(), "--policy", "external", "--bootstrap-servers", "localhost:9092"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--bootstrap-servers needs --schema-registry");
        assertThat(run("regress", "--baseline", dir.toString(), "--policy", "external", "--namespace", "no spaces")).isEqualTo(2);
        assertThat(err.toString()).contains("--namespace").contains("not a legal topic prefix");
        assertThat(run("regress", "--baseline", dir.toString(), "--policy", "external", "--in-flight", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--in-flight");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void withoutBaselineOrPolicyTheUsageShouldSaySo() {
        assertThat(run("regress", "--policy", "random")).isEqualTo(2);
        assertThat(err.toString()).contains("--baseline");
    }
}
