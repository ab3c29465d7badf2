package io.mdpstream.replay.internal;

import java.util.Arrays;

/**
 * Where one episode's events are in a {@link SpillFile}: its id, rank (order of first appearance in
 * the events table, which breaks ties in {@link TimeOrder}), first and latest timestamp, event count, and the
 * byte ranges holding its events in seq order: one range, unless the table's rows of the episode
 * were not contiguous. What replay keeps in memory per episode. Not thread-safe.
 */
final class SpilledEpisode {

    final String id;
    final int rank;
    final long firstTimestamp;
    /** The latest timestamp of its events (they need not rise). */
    long latestTimestamp;
    long lastSeq;
    long events;
    /** Start and end of each byte range, in order. */
    private long[] ranges;
    private int rangeCount;

    SpilledEpisode(String id, int rank, long firstTimestamp, long firstSeq, long start) {
        this.id = id;
        this.rank = rank;
        this.firstTimestamp = firstTimestamp;
        this.latestTimestamp = firstTimestamp;
        this.lastSeq = firstSeq;
        this.ranges = new long[] {start, start};
        this.rangeCount = 1;
    }

    /** Opens another range at {@code start}: the episode's rows continue after other episodes' rows. */
    void resume(long start) {
        if (ranges[2 * rangeCount - 1] == start) {
            return; // nothing was written in between
        }
        if (2 * rangeCount == ranges.length) {
            ranges = Arrays.copyOf(ranges, ranges.length * 2);
        }
        ranges[2 * rangeCount] = start;
        ranges[2 * rangeCount + 1] = start;
        rangeCount++;
    }

    /** Extends the last range to {@code end}. */
    void extend(long end) {
        ranges[2 * rangeCount - 1] = end;
    }

    int ranges() {
        return rangeCount;
    }

    long start(int range) {
        return ranges[2 * range];
    }

    long end(int range) {
        return ranges[2 * range + 1];
    }
}
