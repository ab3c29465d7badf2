package io.mdpstream.validate.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.query.Position;

/**
 * A changelogged key-value store whose values live as objects between commits: a processor reads
 * and changes them in place ({@link #get}, {@link #put}), and only the values changed since the
 * last commit are serialized, once each, into the logged store beneath just before the task
 * commits. The validator changes an episode's state, and a window's statistics, with every event;
 * serializing them each time would cost more than the checks themselves.
 *
 * <p>Exactly-once holds because Kafka Streams flushes every {@link CachedStateStore} (its own
 * record caches use the same hook) before it flushes the record collector and commits the
 * transaction, so the changelog records of a commit go out in that commit. That interface lives in
 * an internal package of Kafka Streams; it is the only hook that runs at that point, and {@code
 * ValidatorAppIT}'s kill-and-restart test (no verdict lost or repeated) pins the behaviour on the
 * version we build with. After a dirty close the task calls {@link #clearCache}, and the objects
 * are read again from the restored store.
 */
final class ObjectCacheStore<K, V> implements StateStore, CachedStateStore<K, V> {


    private final KeyValueStore<K, byte[]> inner;
    private final Function<V, byte[]> encode;
    private final Function<byte[], V> decode;
    /** In order of last use, so that the ones used least recently are dropped first. */
    private final LinkedHashMap<K, V> objects = new LinkedHashMap<>(16, 0.75f, true);
    /**
     * The values changed since the last commit. Written from here rather than looked up in {@link #objects}, whose
     * lookups count as uses and would leave the changed ones in hash order as the most recently used.
     */
    private final Map<K, V> dirty = new HashMap<>();
    private final Set<K> deleted = new HashSet<>();
    /**
     * Keys known not to be in the store beneath (a lookup missed, or the caller said so): deleting one before the next
     * commit needs no tombstone. Values that live and die between two commits (a slice of simulated time read through
     * in less than a commit interval) then cost the store beneath and its changelog nothing.
     */
    private final Set<K> absentBeneath = new HashSet<>();

    /** Objects kept after a commit, beyond which some are dropped (and read back on demand). */
    private final int keepClean;
    /** Which objects go first when more than {@link #keepClean} are held; null for the least recently used. */
    private final Comparator<? super K> dropFirst;

    private ObjectCacheStore(KeyValueStore<K, byte[]> inner, Function<V, byte[]> encode, Function<byte[], V> decode,
                             int keepClean, Comparator<? super K> dropFirst) {
        this.inner = inner;
        this.keepClean = keepClean;
        this.dropFirst = dropFirst;
        this.encode = encode;
        this.decode = decode;
    }

    /**
     * Wraps a (logged) key-value store builder; the store keeps the inner store's name.
     *
     * @param keepClean how many objects may stay in memory after a commit: many small ones (episode
     *                  states), few large ones (window statistics)
     */
    static <K, V> StoreBuilder<ObjectCacheStore<K, V>> builder(StoreBuilder<KeyValueStore<K, byte[]>> inner,
                                                               Function<V, byte[]> encode, Function<byte[], V> decode,
                                                               int keepClean) {
        return new Builder<>(inner, encode, decode, keepClean, null);
    }

    /**
     * As {@link #builder(StoreBuilder, Function, Function, int)}, but the objects dropped after a commit are those
     * first in {@code dropFirst}'s order rather than the least recently used.
     */
    static <K, V> StoreBuilder<ObjectCacheStore<K, V>> builder(StoreBuilder<KeyValueStore<K, byte[]>> inner,
                                                               Function<V, byte[]> encode, Function<byte[], V> decode,
                                                               int keepClean, Comparator<? super K> dropFirst) {
        return new Builder<>(inner, encode, decode, keepClean, Objects.requireNonNull(dropFirst, "dropFirst"));
    }

    /** The value, or null; changes to it are kept only after {@link #put}. */
    V get(K key) {
        V value = objects.get(key);
        if (value != null || deleted.contains(key)) {
            return value;
        }
        byte[] bytes = inner.get(key);
        if (bytes == null) {
            absentBeneath.add(key);
            return null;
        }
        value = decode.apply(bytes);
        objects.put(key, value);
        return value;
    }

    /** Marks the value changed: it is written at the next commit. */
    void put(K key, V value) {
        objects.put(key, value);
        if (!deleted.isEmpty()) {
            deleted.remove(key);
        }
        dirty.put(key, value);
    }

    /**
     * As {@link #put}, for a key the caller knows the store does not hold (it keeps track of the keys): no lookup
     * beneath, and a {@link #delete} before the next commit writes nothing.
     */
    void putNew(K key, V value) {
        if (!deleted.remove(key)) { // a key deleted since the last commit is still beneath until then
            absentBeneath.add(key);
        }
        objects.put(key, value);
        dirty.put(key, value);
    }

    void delete(K key) {
        objects.remove(key);
        dirty.remove(key);
        if (!absentBeneath.remove(key)) {
            deleted.add(key);
        }
    }

    /** Some value, or null when the store holds none: one in memory if any, else the first one beneath. */
    V anyValue() {
        if (!objects.isEmpty()) {
            return objects.values().iterator().next(); // iterating is not a use: the order of use stays as it is
        }
        try (KeyValueIterator<K, byte[]> it = inner.all()) {
            while (it.hasNext()) {
                KeyValue<K, byte[]> entry = it.next();
                if (!deleted.contains(entry.key)) {
                    return decode.apply(entry.value);
                }
            }
        }
        return null;
    }

    /** Every key, those written since the last commit included (a snapshot: changing the store while iterating is fine). */
    List<K> keys() {
        Set<K> keys = new HashSet<>(objects.keySet());
        try (KeyValueIterator<K, byte[]> it = inner.all()) {
            while (it.hasNext()) {
                KeyValue<K, byte[]> entry = it.next();
                if (!deleted.contains(entry.key)) {
                    keys.add(entry.key);
                }
            }
        }
        return new ArrayList<>(keys);
    }

    @Override
    public void flushCache() {
        for (K key : deleted) {
            inner.put(key, null); // a delete, without the lookup of the old value that delete() makes
        }
        deleted.clear();
        for (Map.Entry<K, V> changed : dirty.entrySet()) {
            inner.put(changed.getKey(), encode.apply(changed.getValue()));
        }
        dirty.clear();
        absentBeneath.clear(); // those written are beneath now; of the rest, the next lookup tells
        // All clean now. Dropping them all would have the ones still in use (a window's slices wait
        // for the slowest task) decoded again after every commit.
        if (objects.size() <= keepClean) {
            return;
        }
        if (dropFirst == null) {
            for (Iterator<K> eldest = objects.keySet().iterator(); objects.size() > keepClean; ) {
                eldest.next();
                eldest.remove();
            }
            return;
        }
        List<K> keys = new ArrayList<>(objects.keySet());
        keys.sort(dropFirst);
        for (K key : keys.subList(0, keys.size() - keepClean)) {
            objects.remove(key);
        }
    }

    @Override
    public void clearCache() {
        objects.clear();
        dirty.clear();
        deleted.clear();
        absentBeneath.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<K, V> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        inner.init(context, root);
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        inner.commit(changelogOffsets);
    }

    @Override
    public void close() {
        clearCache();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    private static final class Builder<K, V> implements StoreBuilder<ObjectCacheStore<K, V>> {
        private final StoreBuilder<KeyValueStore<K, byte[]>> inner;
        private final Function<V, byte[]> encode;
        private final Function<byte[], V> decode;

        private final int keepClean;
        private final Comparator<? super K> dropFirst;

        Builder(StoreBuilder<KeyValueStore<K, byte[]>> inner, Function<V, byte[]> encode, Function<byte[], V> decode,
                int keepClean, Comparator<? super K> dropFirst) {
            this.inner = inner;
            this.keepClean = keepClean;
            this.dropFirst = dropFirst;
            this.encode = encode;
            this.decode = decode;
        }

        @Override
        public StoreBuilder<ObjectCacheStore<K, V>> withCachingEnabled() {
            throw new UnsupportedOperationException("this store is a cache already");
        }

        @Override
        public StoreBuilder<ObjectCacheStore<K, V>> withCachingDisabled() {
            inner.withCachingDisabled();
            return this;
        }

        @Override
        public StoreBuilder<ObjectCacheStore<K, V>> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<ObjectCacheStore<K, V>> withLoggingDisabled() {
            inner.withLoggingDisabled();
            return this;
        }

        @Override
        public ObjectCacheStore<K, V> build() {
            return new ObjectCacheStore<>(inner.build(), encode, decode, keepClean, dropFirst);
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
