package io.mdpstream.replay;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {

    @TempDir
    Path dir;

    @Test
    void aSourceThatIsNotAnMdpstreamDatasetShouldFailNamingWhatIsWrong() throws IOException {
        Files.writeString(dir.resolve("steps.parquet"), "PAR1");

        assertThatThrownBy(() -> new Replay(ReplayConfig.of(dir, "replayed"))).isInstanceOf(ReplayException.class)
                .hasMessageContaining(dir.toAbsolutePath() + " is not an mdpstream dataset")
                .hasMessageContaining("it has no dataset.json");
    }

    @Test
    void aDatasetOfTheFormerFormatShouldBeRefusedWithTheReason() throws IOException {
        Files.writeString(dir.resolve("dataset.json"), "{\"dataset\": \"mdpstream\", \"format_version\": 1, \"file_format\": \"parquet\"}");

        assertThatThrownBy(() -> new Replay(ReplayConfig.of(dir, "replayed"))).isInstanceOf(ReplayException.class)
                .hasMessageContaining("format version 1").hasMessageContaining("no events table");
    }
}
