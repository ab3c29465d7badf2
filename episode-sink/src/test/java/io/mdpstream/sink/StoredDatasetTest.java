package io.mdpstream.sink;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredDatasetTest {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseADirectoryWithoutDatasetJson() throws IOException {
        Files.writeString(dir.resolve("data.parquet"), "PAR1");

        assertThatThrownBy(() -> StoredDataset.open(dir)).isInstanceOf(SinkException.class)
                .hasMessageContaining(dir.toAbsolutePath() + " is not an mdpstream dataset")
                .hasMessageContaining("it has no dataset.json");
    }

    @Test
    void shouldRefuseAMissingDirectory() {
        assertThatThrownBy(() -> StoredDataset.open(dir.resolve("nowhere"))).isInstanceOf(SinkException.class)
                .hasMessageContaining("no such directory");
    }

    @Test
    void shouldRefuseSomeoneElsesDatasetJson() throws IOException {
        Files.writeString(dir.resolve("dataset.json"), "{\"name\": \"imagenet\"}");

        assertThatThrownBy(() -> StoredDataset.open(dir)).isInstanceOf(SinkException.class)
                .hasMessageContaining("lacks \"dataset\": \"mdpstream\"");
    }

    @Test
    void shouldRefuseAFormatVersionItDoesNotRead() throws IOException {
        Files.writeString(dir.resolve("dataset.json"), "{\"dataset\": \"mdpstream\", \"format_version\": 99, \"file_format\": \"parquet\"}");

        assertThatThrownBy(() -> StoredDataset.open(dir)).isInstanceOf(SinkException.class)
                .hasMessageContaining("format version 99");
    }

    @Test
    void shouldRefuseJsonThatDoesNotParse() throws IOException {
        Files.writeString(dir.resolve("dataset.json"), "{\"dataset\": ");

        assertThatThrownBy(() -> StoredDataset.open(dir)).isInstanceOf(SinkException.class)
                .hasMessageContaining("its dataset.json does not parse");
    }
}
