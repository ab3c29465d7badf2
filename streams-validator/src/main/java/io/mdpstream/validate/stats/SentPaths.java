package io.mdpstream.validate.stats;

import java.util.HashSet;
import java.util.Set;

/**
 * A writer's record of the blocks of feature paths it has sent to the topic where shares meet, so that each block goes
 * there in full once and by id after that ({@link ShareSerde#toBytes(Share, SentPaths)}). The paths are half of a
 * usual share's bytes: some fifty names for a dozen states.
 *
 * <p>A block sent in full reaches the reader before any share that names it by id: one task's shares go to the one
 * partition in the order they were sent, and the reader keeps what it learned in a changelogged store, committed with
 * its offsets. What a writer has not got committed, it must not count as sent: {@link #clear} whenever its task
 * (re)starts, which is also what Kafka Streams does to a task after an aborted transaction.
 *
 * <p>Not thread-safe: one per task.
 */
public final class SentPaths {

    private final Set<Long> sent = new HashSet<>();
    /** The last block encoded: a task's states come under the same paths share after share. */
    private String[] lastPaths;
    private Encoded last;

    /** A block's paths as {@link ShareSerde} writes them, and their id. */
    record Encoded(byte[] bytes, long id) {
    }

    /** Forgets every block sent: each goes in full again. */
    public void clear() {
        sent.clear();
    }

    /** Whether the block was sent before; notes it as sent from now on. */
    boolean sendById(long id) {
        return !sent.add(id);
    }

    /** The block's paths encoded, from the last call when they are the same. */
    Encoded encode(String[] paths) {
        if (last == null || !RawValues.samePaths(lastPaths, paths, paths.length)) {
            last = ShareSerde.encodePaths(paths);
            lastPaths = paths.clone();
        }
        return last;
    }
}
