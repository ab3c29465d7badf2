package io.mdpstream.replay.internal;

import io.mdpstream.replay.ReplayException;
import io.mdpstream.validate.EventKind;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events replay is to publish, kept in a file instead of the heap: {@link #add} appends each
 * event as the events table is read, grouping them by episode; what stays in memory is an index
 * entry per episode ({@link SpilledEpisode}). {@link #order} then merges the episodes by simulated
 * time, each read back a chunk at a time.
 *
 * <p>The sink writes each episode's rows together (one episode after another in a batch file), so
 * an episode is one byte range of the file. Rows of an episode that come back after other
 * episodes' rows (a table written by other tools) are still handled: the episode gets another
 * range, and its events are read range after range.
 *
 * <p>The spill lives in a directory of its own under the given parent, which {@link #close}
 * deletes with its files; the files are unlinked as soon as they are opened where the system
 * allows it (Unix), so even a killed replay leaves no data behind. Not thread-safe.
 */
public final class EpisodeSpill implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(EpisodeSpill.class);

    /** Bytes read at once when an episode is read from start to end on its own. */
    private static final int SEQUENTIAL_CHUNK = 1 << 16;

    /** One kind of event written with one writer schema: what replay registers in the target registry. */
    public record SchemaUse(EventKind kind, int schemaId) {
    }

    /** Events of an episode that are not in seq order in the source. */
    public static final class OutOfOrderException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String episodeId;
        private final long seq;
        private final long previous;

        OutOfOrderException(String episodeId, long seq, long previous) {
            super("the events of episode " + episodeId + " are not in seq order (seq " + seq + " after " + previous + ")");
            this.episodeId = episodeId;
            this.seq = seq;
            this.previous = previous;
        }

        public String episodeId() {
            return episodeId;
        }

        public long seq() {
            return seq;
        }

        public long previous() {
            return previous;
        }
    }

    private final Path directory;
    private SpillFile file;
    private final List<SpilledEpisode> episodes = new ArrayList<>();
    private Map<String, SpilledEpisode> byId = new HashMap<>();
    /** First use of each schema, as (rank of the episode, position in it): the order the in-memory replay met them. */
    private final Map<SchemaUse, long[]> schemaUses = new HashMap<>();
    private SpilledEpisode current;
    private long events;
    private int files;
    private boolean finished;

    private EpisodeSpill(Path directory) {
        this.directory = directory;
        this.file = newFile();
    }

    /**
     * Creates an empty spill in a new directory under {@code parent}.
     *
     * @throws ReplayException naming the directory when it cannot be created there
     */
    public static EpisodeSpill create(Path parent) {
        Path directory;
        try {
            directory = Files.createTempDirectory(parent, "mdpstream-replay-");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new ReplayException("cannot create the replay's spill directory in " + parent.toAbsolutePath() + " (replay keeps "
                    + "the events it is to publish there, about their stored size, to bound its memory; set java.io.tmpdir, e.g. "
                    + "MDPSTREAM_JAVA_OPTS=-Djava.io.tmpdir=DIR, to a writable directory with room): " + e, e);
        }
        try {
            return new EpisodeSpill(directory);
        } catch (RuntimeException e) {
            deleteQuietly(directory);
            throw e;
        }
    }

    /** The directory holding the spill files (deleted by {@link #close}). */
    public Path directory() {
        return directory;
    }

    /**
     * Appends one event of an episode; the events of an episode must come in seq order.
     *
     * @param body the Avro body, from its position to its limit (not changed)
     * @throws OutOfOrderException when the event's seq is not above the last one of its episode
     * @throws ReplayException     when the spill file cannot be written
     */
    public void add(String episodeId, EventKind kind, long seq, long timestamp, int schemaId, ByteBuffer body) {
        if (finished) {
            throw new IllegalStateException("events added after the spill was read");
        }
        SpilledEpisode episode = current;
        if (episode == null || !episode.id.equals(episodeId)) {
            if (current != null) {
                current.extend(file.size());
            }
            episode = byId.get(episodeId);
            if (episode == null) {
                episode = new SpilledEpisode(episodeId, episodes.size(), timestamp, seq, file.size());
                episodes.add(episode);
                byId.put(episodeId, episode);
            } else {
                episode.resume(file.size());
            }
            current = episode;
        }
        if (episode.events > 0) {
            if (seq <= episode.lastSeq) {
                throw new OutOfOrderException(episodeId, seq, episode.lastSeq);
            }
            episode.lastSeq = seq;
        }
        episode.latestTimestamp = Math.max(episode.latestTimestamp, timestamp);
        noteUse(new SchemaUse(kind, schemaId), episode.rank, episode.events);
        file.append(kind, seq, timestamp, schemaId, body);
        episode.events++;
        events++;
    }

    private void noteUse(SchemaUse use, int rank, long position) {
        long[] first = schemaUses.get(use);
        if (first == null) {
            schemaUses.put(use, new long[] {rank, position});
        } else if (rank < first[0] || rank == first[0] && position < first[1]) {
            first[0] = rank;
            first[1] = position;
        }
    }

    /** Episodes added, in the order of their first event. */
    public int episodes() {
        return episodes.size();
    }

    /** Events added. */
    public long events() {
        return events;
    }

    /** Bytes in the spill file. */
    public long bytes() {
        return file.size();
    }

    /** Each (kind, writer schema) the events use, in the order of their first use by episode, then seq. */
    public List<SchemaUse> schemaUses() {
        Comparator<Map.Entry<SchemaUse, long[]>> byFirstUse = Comparator.comparingLong((Map.Entry<SchemaUse, long[]> e) -> e.getValue()[0])
                .thenComparingLong(e -> e.getValue()[1]);
        return schemaUses.entrySet().stream().sorted(byFirstUse).map(Map.Entry::getKey).toList();
    }

    /**
     * Rewrites each episode's events with {@code perturbationOf} its first event, one episode at a
     * time in seq order; the order of episodes and their count stay.
     */
    public void rewrite(Function<RecordedEvent, UnaryOperator<RecordedEvent>> perturbationOf) {
        finish();
        SpillFile target = newFile();
        try {
            for (int i = 0; i < episodes.size(); i++) {
                SpilledEpisode episode = episodes.get(i);
                EpisodeCursor cursor = new EpisodeCursor(episode, file);
                UnaryOperator<RecordedEvent> change = null;
                SpilledEpisode rewritten = null;
                while (cursor.hasNext()) {
                    RecordedEvent event = cursor.next(SEQUENTIAL_CHUNK);
                    if (change == null) {
                        change = perturbationOf.apply(event);
                    }
                    event = change.apply(event);
                    if (rewritten == null) {
                        rewritten = new SpilledEpisode(episode.id, episode.rank, event.timestamp(), event.seq(), target.size());
                    }
                    target.append(event);
                    rewritten.lastSeq = event.seq();
                    rewritten.latestTimestamp = Math.max(rewritten.latestTimestamp, event.timestamp());
                    rewritten.events++;
                }
                rewritten.extend(target.size());
                episodes.set(i, rewritten);
            }
            target.flush();
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
        file.close();
        file = target;
    }

    /**
     * The events of every episode, interleaved by simulated time; see {@link TimeOrder}. The spill
     * must stay open while the order is read.
     */
    public TimeOrder order() {
        return order(TimeOrder.BUFFER_BUDGET);
    }

    /** @param budget bytes of read buffers for the episodes open at once */
    TimeOrder order(int budget) {
        finish();
        List<EpisodeCursor> cursors = new ArrayList<>(episodes.size());
        for (SpilledEpisode episode : episodes) {
            cursors.add(new EpisodeCursor(episode, file));
        }
        return new TimeOrder(cursors, budget);
    }

    private void finish() {
        if (!finished) {
            if (current != null) {
                current.extend(file.size());
            }
            file.flush();
            byId = null;
            current = null;
            finished = true;
        }
    }

    private SpillFile newFile() {
        return SpillFile.create(directory.resolve("events-" + files++ + ".spill"));
    }

    /** Deletes the spill's files and directory. */
    @Override
    public void close() {
        try {
            file.close();
        } finally {
            deleteQuietly(directory);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (var entries = Files.list(directory)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                Files.deleteIfExists(entry);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            LOG.warn("Could not delete the replay's spill directory {}: {}", directory, e.toString());
        }
    }
}
