package io.mdpstream.replay.internal;

import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Interleaves episodes by simulated time: the next event is the earliest head of any episode (ties
 * to the episode listed first), and each episode's events come in their own order, so seq order
 * within an episode holds even where its timestamps do not rise.
 */
public final class TimeOrder implements Iterator<RecordedEvent> {

    /** The rest of one episode. */
    private static final class Cursor {
        final int rank;
        final List<RecordedEvent> events;
        int next;

        Cursor(int rank, List<RecordedEvent> events) {
            this.rank = rank;
            this.events = events;
        }

        RecordedEvent head() {
            return events.get(next);
        }
    }

    private final PriorityQueue<Cursor> heads = new PriorityQueue<>(
            Comparator.comparingLong((Cursor c) -> c.head().timestamp()).thenComparingInt(c -> c.rank));

    public TimeOrder(List<List<RecordedEvent>> episodes) {
        for (int i = 0; i < episodes.size(); i++) {
            if (!episodes.get(i).isEmpty()) {
                heads.add(new Cursor(i, episodes.get(i)));
            }
        }
    }

    @Override
    public boolean hasNext() {
        return !heads.isEmpty();
    }

    @Override
    public RecordedEvent next() {
        Cursor cursor = heads.poll();
        if (cursor == null) {
            throw new NoSuchElementException();
        }
        RecordedEvent event = cursor.head();
        cursor.next++;
        if (cursor.next < cursor.events.size()) {
            heads.add(cursor);
        }
        return event;
    }
}
