package io.mdpstream.replay.internal;

import io.mdpstream.replay.ReplayException;
import io.mdpstream.sink.SinkException;
import io.mdpstream.sink.StoredDataset;
import io.mdpstream.validate.EventKind;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.avro.generic.GenericRecord;

/**
 * The episodes of a stored dataset, read from its events table once and spilled to a file
 * ({@link EpisodeSpill}): replay interleaves every episode by simulated time, so any episode may be
 * needed next, and a large recording does not fit in the heap.
 */
public final class Recording {

    private static final EventKind[] KINDS = EventKind.values();

    private Recording() {
    }

    /**
     * Reads the episodes that {@code keep} accepts, in the table's order, into a new spill under
     * {@code spillParent}; the caller closes it.
     *
     * @throws ReplayException naming the dataset when its events table cannot be read or an episode's
     *                         events are not in seq order, or naming the spill directory when it
     *                         cannot be written
     */
    public static EpisodeSpill spill(StoredDataset dataset, boolean withQuarantine, Predicate<String> keep, Path spillParent) {
        EpisodeSpill spill = EpisodeSpill.create(spillParent);
        try {
            dataset.forEachEvent(withQuarantine, new Consumer<>() {
                // Rows of an episode come together: decide once per run of rows (thinning hashes the id).
                private String lastId;
                private boolean kept;

                @Override
                public void accept(GenericRecord row) {
                    String id = row.get("episode_id").toString();
                    if (!id.equals(lastId)) {
                        lastId = id;
                        kept = keep.test(id);
                    }
                    if (kept) {
                        spill.add(id, kind(row.get("kind").toString()), (Long) row.get("seq"), (Long) row.get("timestamp"),
                                (Integer) row.get("schema_id"), (ByteBuffer) row.get("body"));
                    }
                }
            });
            return spill;
        } catch (RuntimeException e) {
            spill.close();
            throw failure(dataset, e);
        }
    }

    private static RuntimeException failure(StoredDataset dataset, RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof EpisodeSpill.OutOfOrderException order) {
                return new ReplayException("the events of episode " + order.episodeId() + " in " + dataset.layout().events()
                        + " are not in seq order (seq " + order.seq() + " after " + order.previous()
                        + "); the dataset was not written by mdpstream sink", order);
            }
            if (cause instanceof ReplayException replay) {
                return replay; // the spill's own, naming its file
            }
        }
        if (e instanceof SinkException || e instanceof IllegalArgumentException) {
            return new ReplayException("cannot read the events of the dataset in " + dataset.layout().root().toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
        return e;
    }

    private static EventKind kind(String label) {
        for (EventKind kind : KINDS) {
            if (kind.label().equals(label)) {
                return kind;
            }
        }
        return EventKind.valueOf(label.toUpperCase(Locale.ROOT));
    }
}
