package io.mdpstream.replay.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdpstream.replay.ReplayException;
import io.mdpstream.sink.StoredDataset;
import io.mdpstream.validate.EventKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingTest {

    @TempDir
    Path tmp;

    private static RecordedEvent event(String episode, long seq, long timestamp) {
        return new RecordedEvent(episode, EventKind.STATES, seq, timestamp, 3, new byte[] {(byte) seq, 1, 2});
    }

    private Path spillParent() throws IOException {
        return Files.createDirectories(tmp.resolve("spill"));
    }

    private void assertNothingLeftIn(Path dir) throws IOException {
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aDatasetShouldBeReplayedInTimeOrderKeepingTheEpisodesThinningKeeps() throws IOException {
        List<RecordedEvent> rows = List.of(event("a", 0, 100), event("a", 1, 300), event("b", 0, 100), event("b", 1, 200),
                event("c", 0, 50));
        StoredDataset dataset = StoredDataset.open(EventTables.dataset(tmp.resolve("dataset"), rows));

        try (EpisodeSpill spill = Recording.spill(dataset, false, id -> !id.equals("c"), spillParent())) {
            List<String> order = new ArrayList<>();
            spill.order().forEachRemaining(e -> order.add(e.episodeId() + e.seq()));

            assertThat(order).containsExactly("a0", "b0", "b1", "a1");
            assertThat(spill.episodes()).isEqualTo(2);
            assertThat(spill.schemaUses()).containsExactly(new EpisodeSpill.SchemaUse(EventKind.STATES, 3));
        }
        assertNothingLeftIn(tmp.resolve("spill"));
    }

    @Test
    void eventsNotInSeqOrderShouldFailNamingTheEpisodeAndTheTableAndLeaveNoSpill() throws IOException {
        List<RecordedEvent> rows = List.of(event("a", 0, 100), event("b", 0, 100), event("b", 2, 110), event("b", 1, 120));
        Path dir = EventTables.dataset(tmp.resolve("dataset"), rows);
        StoredDataset dataset = StoredDataset.open(dir);
        Path parent = spillParent();

        assertThatThrownBy(() -> Recording.spill(dataset, false, id -> true, parent)).isInstanceOf(ReplayException.class)
                .hasMessage("the events of episode b in " + dataset.layout().events() + " are not in seq order (seq 1 after 2); the "
                        + "dataset was not written by mdpstream sink");
        assertNothingLeftIn(parent);
    }
}
