package io.mdpstream.replay.internal;

import java.util.NoSuchElementException;

/**
 * The rest of one spilled episode, read from its file a chunk at a time. Until its first event is
 * taken it holds no buffer (its head timestamp is in the index); while open, at most about one
 * chunk, or one event when an event is larger; none once done. Not thread-safe.
 */
final class EpisodeCursor {

    private final SpilledEpisode episode;
    private final SpillFile file;
    private long left;
    private int range;
    /** The next byte of the file to read, within {@code range}. */
    private long position;
    private byte[] buffer;
    private int pos;
    private int limit;
    private long headTimestamp;

    EpisodeCursor(SpilledEpisode episode, SpillFile file) {
        this.episode = episode;
        this.file = file;
        this.left = episode.events;
        this.position = episode.start(0);
        this.headTimestamp = episode.firstTimestamp;
    }

    int rank() {
        return episode.rank;
    }

    boolean hasNext() {
        return left > 0;
    }

    /** Whether a buffer is held: the first event was taken and the last not yet. */
    boolean open() {
        return buffer != null;
    }

    long firstTimestamp() {
        return episode.firstTimestamp;
    }

    long latestTimestamp() {
        return episode.latestTimestamp;
    }

    /** Bytes of read buffer held. */
    int buffered() {
        return buffer == null ? 0 : buffer.length;
    }

    long headTimestamp() {
        return headTimestamp;
    }

    /**
     * Takes the head event and reads the next one's header.
     *
     * @param chunk bytes to read at once when the buffer runs out
     */
    RecordedEvent next(int chunk) {
        if (left == 0) {
            throw new NoSuchElementException();
        }
        ensure(SpillFile.HEADER, chunk);
        int length = SpillFile.intAt(buffer, pos + SpillFile.LENGTH);
        ensure(SpillFile.HEADER + length, chunk);
        byte[] body = new byte[length];
        System.arraycopy(buffer, pos + SpillFile.HEADER, body, 0, length);
        RecordedEvent event = new RecordedEvent(episode.id, SpillFile.kind(buffer, pos), SpillFile.longAt(buffer, pos + SpillFile.SEQ),
                SpillFile.longAt(buffer, pos + SpillFile.TIMESTAMP), SpillFile.intAt(buffer, pos + SpillFile.SCHEMA_ID), body);
        pos += SpillFile.HEADER + length;
        left--;
        if (left == 0) {
            buffer = null;
        } else {
            ensure(SpillFile.HEADER, chunk);
            headTimestamp = SpillFile.longAt(buffer, pos + SpillFile.TIMESTAMP);
        }
        return event;
    }

    /** Makes sure {@code bytes} bytes from {@code pos} are in the buffer, reading a chunk when they are not. */
    private void ensure(int bytes, int chunk) {
        int have = limit - pos;
        if (have >= bytes) {
            return;
        }
        long unread = unread();
        if (have + unread < bytes) {
            throw new IllegalStateException("spill file " + file.path() + " ends within an event of episode " + episode.id);
        }
        int want = (int) Math.min(Math.max(bytes, chunk), have + unread);
        if (buffer == null || buffer.length < want || buffer.length > 2 * want) {
            byte[] bigger = new byte[want];
            if (have > 0) {
                System.arraycopy(buffer, pos, bigger, 0, have);
            }
            buffer = bigger;
        } else if (have > 0) {
            System.arraycopy(buffer, pos, buffer, 0, have);
        }
        pos = 0;
        limit = have;
        int fill = Math.min(buffer.length, (int) Math.min(Integer.MAX_VALUE, have + unread));
        while (limit < fill) {
            if (position == episode.end(range)) {
                range++;
                position = episode.start(range);
            }
            int n = (int) Math.min(fill - limit, episode.end(range) - position);
            file.read(position, buffer, limit, n);
            position += n;
            limit += n;
        }
    }

    /** Bytes of the episode not yet read from the file. */
    private long unread() {
        long unread = episode.end(range) - position;
        for (int r = range + 1; r < episode.ranges(); r++) {
            unread += episode.end(r) - episode.start(r);
        }
        return unread;
    }
}
