package io.mdpstream.replay.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The order replay had while it held every episode in memory (TimeOrder before the spill), kept as
 * the reference the spilled order must equal: the earliest head of any episode next, ties to the
 * episode listed first, each episode in its own order.
 */
final class InMemoryTimeOrder {

    private InMemoryTimeOrder() {
    }

    static List<RecordedEvent> of(List<List<RecordedEvent>> episodes) {
        record Cursor(int rank, List<RecordedEvent> events, int[] next) {
            RecordedEvent head() {
                return events.get(next[0]);
            }
        }
        PriorityQueue<Cursor> heads = new PriorityQueue<>(
                Comparator.comparingLong((Cursor c) -> c.head().timestamp()).thenComparingInt(Cursor::rank));
        for (int i = 0; i < episodes.size(); i++) {
            if (!episodes.get(i).isEmpty()) {
                heads.add(new Cursor(i, episodes.get(i), new int[1]));
            }
        }
        List<RecordedEvent> out = new ArrayList<>();
        while (!heads.isEmpty()) {
            Cursor cursor = heads.poll();
            out.add(cursor.head());
            cursor.next()[0]++;
            if (cursor.next()[0] < cursor.events().size()) {
                heads.add(cursor);
            }
        }
        return out;
    }
}
