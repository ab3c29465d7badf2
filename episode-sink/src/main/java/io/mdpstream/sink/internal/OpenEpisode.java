package io.mdpstream.sink.internal;

import io.mdpstream.events.EpisodeVerdict;
import io.mdpstream.validate.EventKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.kafka.common.TopicPartition;

/**
 * An episode being read: which of its events arrived (by {@code seq}), the events themselves (in
 * memory, and spilled to a file when memory runs short), the first offset it occupies in each topic
 * (which the committed offset must not pass before the episode is stored), and its verdict.
 * Not thread-safe.
 */
public final class OpenEpisode {

    /** Memory an open episode takes apart from its events. */
    static final long OVERHEAD = 512;

    private final String id;
    private final int partition;
    private final long[] firstOffsets = new long[EventKind.values().length];
    private final long[] lastOffsets = new long[EventKind.values().length];
    private final BitSet seqs = new BitSet();
    private final List<BufferedEvent> memory = new ArrayList<>();
    private long memoryBytes;
    private SpillFile spill;
    private long received;
    private long states;
    private long duplicates;
    private long endSeq = -1;
    private boolean started;
    private String scenario;
    private long lastActivity;
    private long completedAt = -1;
    private EpisodeVerdict verdict;
    private TopicPartition verdictPartition;
    private long verdictOffset = -1;
    private long verdictAt;

    OpenEpisode(String id, int partition, long now) {
        this.id = id;
        this.partition = partition;
        this.lastActivity = now;
        Arrays.fill(firstOffsets, -1);
        Arrays.fill(lastOffsets, -1);
    }

    public String id() {
        return id;
    }

    /** The partition number of its events in all four topics (they are co-partitioned). */
    public int partition() {
        return partition;
    }

    /**
     * Takes an event.
     *
     * @return false when its seq was seen before (a duplicate, which is counted and dropped)
     */
    boolean add(BufferedEvent event, boolean isStart, boolean isEnd, String scenarioName, long now) {
        received++;
        lastActivity = now;
        int kind = event.kind().ordinal();
        if (firstOffsets[kind] < 0) {
            firstOffsets[kind] = event.offset();
        }
        lastOffsets[kind] = Math.max(lastOffsets[kind], event.offset());
        if (event.seq() < 0 || event.seq() > Integer.MAX_VALUE || seqs.get((int) event.seq())) {
            duplicates++;
            return false;
        }
        seqs.set((int) event.seq());
        if (event.kind() == EventKind.STATES) {
            states++;
        }
        started |= isStart;
        if (isEnd) {
            endSeq = event.seq();
        }
        if (scenario == null) {
            scenario = scenarioName;
        }
        memory.add(event);
        memoryBytes += event.footprint();
        if (completedAt < 0 && complete()) {
            completedAt = now;
        }
        return true;
    }

    /** @return false when it had a verdict already (the first one counts) */
    boolean verdict(EpisodeVerdict value, TopicPartition partition, long offset, long now) {
        if (verdict != null) {
            return false;
        }
        verdict = value;
        verdictPartition = partition;
        verdictOffset = offset;
        verdictAt = now;
        lastActivity = now;
        return true;
    }

    /** Moves the in-memory events to the spill file, which is created in {@code dir} on first use. */
    long spillTo(Path dir) {
        if (memory.isEmpty()) {
            return 0;
        }
        if (spill == null) {
            spill = new SpillFile(dir.resolve(DatasetStore.safeName(id) + ".spill"));
        }
        spill.append(memory);
        long freed = memoryBytes;
        memory.clear();
        memoryBytes = 0;
        return freed;
    }

    /** Removes what the episode keeps on disk. */
    void discard() {
        if (spill != null) {
            spill.delete();
        }
        memory.clear();
        memoryBytes = 0;
    }

    /** Its start, every seq up to its end and the end itself arrived. */
    public boolean complete() {
        return endSeq >= 0 && started && seqs.nextClearBit(0) > endSeq;
    }

    /** Distinct events held. */
    public long events() {
        return seqs.cardinality();
    }

    /** Events read, duplicates included. */
    public long received() {
        return received;
    }

    /** Distinct state events held: the rows the episode will have. */
    public long states() {
        return states;
    }

    public long duplicates() {
        return duplicates;
    }

    public boolean started() {
        return started;
    }

    public boolean ended() {
        return endSeq >= 0;
    }

    /** Scenario named by the first event's envelope, or null before any. */
    public String scenario() {
        return scenario;
    }

    /** What is missing, in words, for a quarantine reason; empty when complete. */
    public String missing() {
        if (!started) {
            return "its start was never read";
        }
        if (endSeq < 0) {
            return "its end was never read (" + events() + " events up to seq " + (seqs.length() - 1) + ")";
        }
        int first = seqs.nextClearBit(0);
        if (first > endSeq) {
            return "";
        }
        long missing = (endSeq + 1) - seqs.get(0, (int) endSeq + 1).cardinality();
        return missing + " of " + (endSeq + 1) + " events are missing, the first at seq " + first;
    }

    public EpisodeVerdict verdict() {
        return verdict;
    }

    /** Where its verdict was read, or null before it arrived. */
    TopicPartition verdictPartition() {
        return verdictPartition;
    }

    long verdictOffset() {
        return verdictOffset;
    }

    long verdictAt() {
        return verdictAt;
    }

    long lastActivity() {
        return lastActivity;
    }

    /** When the episode became complete, or -1. */
    long completedAt() {
        return completedAt;
    }

    long memoryBytes() {
        return memoryBytes;
    }

    boolean spilled() {
        return spill != null;
    }

    /** The first offset of its events in the topic of {@code kind}, or -1 when none arrived there. */
    long firstOffset(EventKind kind) {
        return firstOffsets[kind.ordinal()];
    }

    /** The last offset of its events in the topic of {@code kind}, or -1 when none arrived there. */
    long lastOffset(EventKind kind) {
        return lastOffsets[kind.ordinal()];
    }

    /** Its events in arrival order, spilled ones first; close the cursor to release the spill file. */
    public EventCursor cursor() {
        return new EventCursor(spill == null ? null : spill.read(), memory.iterator());
    }

    /** Iterates an episode's events; a spilled part is read from disk as it goes. */
    public static final class EventCursor implements Iterator<BufferedEvent>, AutoCloseable {
        private final SpillFile.Reader spilled;
        private final Iterator<BufferedEvent> inMemory;

        private EventCursor(SpillFile.Reader spilled, Iterator<BufferedEvent> inMemory) {
            this.spilled = spilled;
            this.inMemory = inMemory;
        }

        @Override
        public boolean hasNext() {
            return spilled != null && spilled.hasNext() || inMemory.hasNext();
        }

        @Override
        public BufferedEvent next() {
            if (spilled != null && spilled.hasNext()) {
                return spilled.next();
            }
            if (!inMemory.hasNext()) {
                throw new NoSuchElementException();
            }
            return inMemory.next();
        }

        @Override
        public void close() {
            if (spilled != null) {
                spilled.close();
            }
        }
    }
}
