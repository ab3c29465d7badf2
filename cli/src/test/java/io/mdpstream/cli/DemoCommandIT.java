package io.mdpstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.sink.StoredDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, end to end on the embedded stack: simulator, validator and sink in one process. */
class DemoCommandIT extends CliTest {

    @TempDir
    Path dir;

    @Test
    void theDemoShouldStoreEveryEpisodeItPublishedValidatedAndReadableAgain() {
        Path out = dir.resolve("demo");

        int code = run("demo", "--episodes", "40", "--out", out.toString(), "--no-progress");

        assertThat(code).as(err.toString()).isZero();
        String printed = this.out.toString();
        assertThat(printed).contains("published   40 episodes").contains("validated   40 verdicts: 40 valid, 0 invalid; 0 violations")
                .contains("stored      40 episodes").contains(out.toAbsolutePath().toString());
        StoredDataset dataset = StoredDataset.open(out);
        assertThat(dataset.namespace()).isEqualTo("support");
        assertThat(dataset.episodes(true)).hasSize(40).allSatisfy((GenericRecord e) -> {
            assertThat(e.get("verdict").toString()).isEqualTo("valid");
            assertThat(e.get("policy_id").toString()).startsWith("softmax");
        });
        assertThat(dataset.metadata().at("/counts/steps").asLong()).isPositive();
    }

    @Test
    void aSecondDemoShouldReplaceTheDatasetOfTheFirst() {
        Path out = dir.resolve("demo");
        assertThat(run("demo", "--episodes", "5", "--out", out.toString(), "--no-progress")).as(err.toString()).isZero();

        assertThat(run("demo", "--episodes", "8", "--scenario", "incidents", "--out", out.toString(), "--no-progress"))
                .as(err.toString()).isZero();

        assertThat(this.out.toString()).contains("Replacing the dataset a previous run left in");
        StoredDataset dataset = StoredDataset.open(out);
        assertThat(dataset.namespace()).isEqualTo("incidents");
        assertThat(dataset.episodes(true)).hasSize(8);
    }

    @Test
    void anOutputDirectoryHoldingSomethingElseShouldBeRefusedBeforeAnyBrokerStarts() throws Exception {
        Files.writeString(dir.resolve("thesis.tex"), "precious");

        assertThat(run("demo", "--out", dir.toString())).isEqualTo(2);

        assertThat(err.toString()).contains("--out " + dir.toAbsolutePath()).contains("holds no mdpstream dataset");
        assertThat(out.toString()).doesNotContain("Starting the embedded");
        assertThat(dir.resolve("thesis.tex")).hasContent("precious");
    }

    @Test
    void badOptionsShouldBeRefusedBeforeAnyBrokerStarts() {
        assertThat(run("demo", "--episodes", "0", "--out", dir.resolve("a").toString())).isEqualTo(2);
        assertThat(run("demo", "--scenario", "chess", "--out", dir.resolve("b").toString())).isEqualTo(2);
        assertThat(run("demo", "--inject", "drop=2", "--out", dir.resolve("c").toString())).isEqualTo(2);
        assertThat(run("demo", "--format", "csv", "--out", dir.resolve("d").toString())).isEqualTo(2);
        assertThat(run("demo", "--speed", "0", "--out", dir.resolve("e").toString())).isEqualTo(2);

        assertThat(err.toString()).contains("--episodes").contains("chess").contains("--inject").contains("--format").contains("--speed");
        assertThat(out.toString()).doesNotContain("Starting the embedded");
    }
}
