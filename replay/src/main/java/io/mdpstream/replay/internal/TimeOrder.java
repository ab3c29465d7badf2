package io.mdpstream.replay.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Interleaves episodes by simulated time: the next event is the earliest head of any episode (ties
 * to the episode listed first), and each episode's events come in their own order, so seq order
 * within an episode holds even where its timestamps do not rise.
 *
 * <p>Episodes are read from their spill file as they go: an episode not yet begun holds no buffer;
 * one begun and not finished holds a read buffer of one chunk, or of one event when an event is
 * larger. The chunk is the buffer budget ({@link #BUFFER_BUDGET}) shared by the most episodes that
 * overlap in simulated time (from first to latest timestamp), within {@link #MIN_CHUNK} and
 * {@link #MAX_CHUNK}. So memory grows with how many episodes run at once, not with the dataset.
 * Not thread-safe.
 */
public final class TimeOrder implements Iterator<RecordedEvent> {

    static final int BUFFER_BUDGET = 16 << 20;
    static final int MIN_CHUNK = 512;
    static final int MAX_CHUNK = 64 << 10;

    private final PriorityQueue<EpisodeCursor> heads;
    private final int chunk;
    private int open;

    /** @param budget bytes of read buffers shared by the episodes open at once */
    TimeOrder(List<EpisodeCursor> episodes, int budget) {
        this.heads = new PriorityQueue<>(Math.max(1, episodes.size()),
                Comparator.comparingLong(EpisodeCursor::headTimestamp).thenComparingInt(EpisodeCursor::rank));
        for (EpisodeCursor cursor : episodes) {
            if (cursor.hasNext()) {
                heads.add(cursor);
            }
        }
        this.chunk = (int) Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, budget / Math.max(1, mostOverlapping(episodes))));
    }

    /** The most episodes whose spans [first, latest timestamp] overlap at one time. */
    static int mostOverlapping(List<EpisodeCursor> episodes) {
        long[] starts = episodes.stream().mapToLong(EpisodeCursor::firstTimestamp).sorted().toArray();
        long[] ends = episodes.stream().mapToLong(EpisodeCursor::latestTimestamp).toArray();
        Arrays.sort(ends);
        int most = 0;
        int now = 0;
        for (int s = 0, e = 0; s < starts.length; ) {
            if (starts[s] <= ends[e]) {
                most = Math.max(most, ++now);
                s++;
            } else {
                now--;
                e++;
            }
        }
        return most;
    }

    @Override
    public boolean hasNext() {
        return !heads.isEmpty();
    }

    @Override
    public RecordedEvent next() {
        EpisodeCursor cursor = heads.poll();
        if (cursor == null) {
            throw new NoSuchElementException();
        }
        if (!cursor.open()) {
            open++;
        }
        RecordedEvent event = cursor.next(chunk);
        if (cursor.hasNext()) {
            heads.add(cursor);
        } else {
            open--;
        }
        return event;
    }

    /** Bytes read at once from an episode's events. */
    int chunk() {
        return chunk;
    }

    /** Episodes begun and not finished: those holding a read buffer. */
    int open() {
        return open;
    }

    /** Bytes of read buffers held (walks every episode left: for tests and diagnostics). */
    long buffered() {
        return heads.stream().mapToLong(EpisodeCursor::buffered).sum();
    }
}
