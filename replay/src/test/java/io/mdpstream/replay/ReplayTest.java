package io.mdpstream.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdpstream.publish.WallClock;
import io.mdpstream.registry.RegistryClientConfig;
import io.mdpstream.replay.internal.EventTables;
import io.mdpstream.replay.internal.RecordedEvent;
import io.mdpstream.validate.EventKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerConfig;
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

    @Test
    void aReplayThatFailsShouldLeaveNoSpillBehind() throws IOException {
        Path source = EventTables.dataset(dir.resolve("dataset"), List.of(
                new RecordedEvent("a", EventKind.EPISODES, 0, 100, 1, new byte[] {1, 2, 3})));
        Path spill = Files.createDirectories(dir.resolve("spill"));
        Replay replay = new Replay(ReplayConfig.of(source, "replayed"), WallClock.SYSTEM, spill);

        // The dataset has no writer schemas and the registry is out of reach: it fails after spilling, before Kafka.
        assertThatThrownBy(() -> replay.run(Map.of(RegistryClientConfig.URL_CONFIG, "http://127.0.0.1:9",
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9"), null)).isInstanceOf(ReplayException.class)
                .hasMessageContaining("cannot register the dataset's writer schemas");
        try (Stream<Path> left = Files.list(spill)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aSpillDirectoryThatCannotBeMadeShouldFailTheReplayNamingIt() throws IOException {
        Path source = EventTables.dataset(dir.resolve("dataset"), List.of(
                new RecordedEvent("a", EventKind.EPISODES, 0, 100, 1, new byte[] {1, 2, 3})));
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        Replay replay = new Replay(ReplayConfig.of(source, "replayed"), WallClock.SYSTEM, notADirectory);

        assertThatThrownBy(() -> replay.run(Map.of(), null)).isInstanceOf(ReplayException.class)
                .hasMessageContaining("cannot create the replay's spill directory in " + notADirectory.toAbsolutePath())
                .hasMessageContaining("java.io.tmpdir");
    }
}
