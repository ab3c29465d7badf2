package io.mdpstream.replay.internal;

import io.mdpstream.replay.ReplayException;
import io.mdpstream.sink.SinkException;
import io.mdpstream.sink.StoredDataset;
import io.mdpstream.validate.EventKind;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.generic.GenericRecord;

/**
 * The episodes of a stored dataset as lists of events in seq order, read from its events table.
 * Held in memory whole (about the Avro bytes of the events plus 80 bytes each): replay interleaves
 * every episode by simulated time, so any episode may be needed next.
 */
public final class Recording {

    private Recording() {
    }

    /**
     * Reads the episodes that {@code keep} accepts, in the table's order.
     *
     * @throws ReplayException naming the dataset when its events table cannot be read
     */
    public static List<List<RecordedEvent>> load(StoredDataset dataset, boolean withQuarantine, Predicate<String> keep) {
        Map<String, List<RecordedEvent>> episodes = new LinkedHashMap<>();
        try {
            dataset.forEachEvent(withQuarantine, row -> {
                String id = row.get("episode_id").toString();
                if (keep.test(id)) {
                    episodes.computeIfAbsent(id, e -> new ArrayList<>()).add(event(id, row));
                }
            });
        } catch (SinkException | IllegalArgumentException e) {
            throw new ReplayException("cannot read the events of the dataset in " + dataset.layout().root().toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
        for (List<RecordedEvent> events : episodes.values()) {
            for (int i = 1; i < events.size(); i++) {
                if (events.get(i).seq() <= events.get(i - 1).seq()) {
                    throw new ReplayException("the events of episode " + events.get(0).episodeId() + " in "
                            + dataset.layout().events() + " are not in seq order (seq " + events.get(i).seq() + " after "
                            + events.get(i - 1).seq() + "); the dataset was not written by mdpstream sink");
                }
            }
        }
        return new ArrayList<>(episodes.values());
    }

    private static RecordedEvent event(String episodeId, GenericRecord row) {
        ByteBuffer buffer = ((ByteBuffer) row.get("body")).duplicate();
        byte[] body = new byte[buffer.remaining()];
        buffer.get(body);
        EventKind kind = EventKind.valueOf(row.get("kind").toString().toUpperCase(Locale.ROOT));
        return new RecordedEvent(episodeId, kind, (Long) row.get("seq"), (Long) row.get("timestamp"), (Integer) row.get("schema_id"),
                body);
    }
}
