package io.mdpstream.validate.stats;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * A reader's blocks of feature paths by id, learned from the shares that brought them in full (see {@link SentPaths}),
 * so that shares naming a block by id can be read ({@link ShareSerde#fromBytes(byte[], int, KnownPaths)}). What is
 * learned goes to a callback, for the reader to keep in a store of its own, and comes back through {@link #restore}
 * after a restart.
 *
 * <p>Not thread-safe: one per reader.
 */
public final class KnownPaths {

    private final Map<Long, String[]> byId = new HashMap<>();
    private final BiConsumer<Long, byte[]> learned;

    /**
     * @param learned told each block learned from a share, as its id and bytes, which {@link #restore} takes back
     */
    public KnownPaths(BiConsumer<Long, byte[]> learned) {
        this.learned = Objects.requireNonNull(learned, "learned");
    }

    /**
     * Takes back a block the callback was given before.
     *
     * @throws org.apache.kafka.common.errors.SerializationException if the bytes are not a block of paths of that id
     */
    public void restore(long id, byte[] bytes) {
        byId.put(id, ShareSerde.decodePaths(bytes, id));
    }

    /** The paths of the block with this id, or null when none is known. */
    String[] get(long id) {
        return byId.get(id);
    }

    /** Learns a block from a share that brought it in full; the callback is told when it is new. */
    void learn(long id, byte[] bytes, String[] paths) {
        if (byId.putIfAbsent(id, paths) == null) {
            learned.accept(id, bytes);
        }
    }
}
