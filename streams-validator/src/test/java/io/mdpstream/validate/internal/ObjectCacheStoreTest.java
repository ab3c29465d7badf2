package io.mdpstream.validate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.InMemoryKeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which objects a commit leaves in memory (read back afterwards, a dropped one is decoded again, a kept one is not), and
 * what reaches the store beneath, whose every write is a changelog record.
 */
class ObjectCacheStoreTest {

    private final AtomicInteger decoded = new AtomicInteger();

    private ObjectCacheStore<Long, String> store(Comparator<Long> dropFirst) {
        var inner = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("objects"), Serdes.Long(), Serdes.ByteArray())
                .withLoggingDisabled();
        var builder = dropFirst == null
                ? ObjectCacheStore.<Long, String>builder(inner, this::encode, this::decode, 2)
                : ObjectCacheStore.<Long, String>builder(inner, this::encode, this::decode, 2, dropFirst);
        ObjectCacheStore<Long, String> store = builder.build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    private byte[] encode(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private String decode(byte[] bytes) {
        decoded.incrementAndGet();
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @BeforeEach
    void reset() {
        decoded.set(0);
    }

    private boolean keptInMemory(ObjectCacheStore<Long, String> store, long key) {
        int before = decoded.get();
        assertThat(store.get(key)).isEqualTo("slice " + key);
        return decoded.get() == before;
    }

    /** Puts slices 5, 1, 9 and 3 in that order, reads slice {@code used} again, then commits. */
    private static void putUseAndCommit(ObjectCacheStore<Long, String> store, long used) {
        for (long key : new long[] {5, 1, 9, 3}) {
            store.put(key, "slice " + key);
        }
        store.get(used);
        store.flushCache();
    }

    @Test
    void shouldKeepTheMostRecentlyUsedByDefault() {
        ObjectCacheStore<Long, String> store = store(null);
        putUseAndCommit(store, 5);

        assertThat(keptInMemory(store, 3)).isTrue();
        assertThat(keptInMemory(store, 5)).isTrue();
        assertThat(keptInMemory(store, 9)).isFalse();
        assertThat(keptInMemory(store, 1)).isFalse();
    }

    @Test
    void shouldDropTheObjectsFirstInTheGivenOrder() {
        ObjectCacheStore<Long, String> store = store(Comparator.naturalOrder());
        putUseAndCommit(store, 1); // recently used, but early: it goes all the same

        assertThat(keptInMemory(store, 9)).isTrue();
        assertThat(keptInMemory(store, 5)).isTrue();
        assertThat(keptInMemory(store, 3)).isFalse();
        assertThat(keptInMemory(store, 1)).isFalse();
    }

    @Test
    void anyValueShouldComeFromMemoryOrFromBeneathButNeverBeOneDeleted() {
        ObjectCacheStore<Long, String> store = store(null);
        assertThat(store.anyValue()).isNull();

        store.put(7L, "slice 7");
        assertThat(store.anyValue()).isEqualTo("slice 7");

        store.flushCache();
        store.clearCache(); // as after a restart: nothing in memory, the value only beneath
        assertThat(store.anyValue()).isEqualTo("slice 7");

        store.delete(7L); // deleted, not yet committed: still beneath, but gone
        assertThat(store.anyValue()).isNull();
    }

    /** The writes and lookups that reach the store beneath, in order: "put k", "tombstone k", "delete k", "get k". */
    private final List<String> beneath = new ArrayList<>();

    /** A store over a real in-memory one that notes each lookup and write reaching it. */
    private ObjectCacheStore<Long, String> recordingStore() {
        KeyValueBytesStoreSupplier recording = new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return "objects";
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new InMemoryKeyValueStore(name()) {
                    @Override
                    public synchronized byte[] get(Bytes key) {
                        beneath.add("get " + Serdes.Long().deserializer().deserialize("", key.get()));
                        return super.get(key);
                    }

                    @Override
                    public synchronized void put(Bytes key, byte[] value) {
                        beneath.add((value == null ? "tombstone " : "put ") + Serdes.Long().deserializer().deserialize("", key.get()));
                        super.put(key, value);
                    }

                    @Override
                    public synchronized byte[] delete(Bytes key) {
                        beneath.add("delete " + Serdes.Long().deserializer().deserialize("", key.get()));
                        return super.delete(key);
                    }
                };
            }

            @Override
            public String metricsScope() {
                return "in-memory";
            }
        };
        var inner = Stores.keyValueStoreBuilder(recording, Serdes.Long(), Serdes.ByteArray()).withLoggingDisabled();
        ObjectCacheStore<Long, String> store = ObjectCacheStore.<Long, String>builder(inner, this::encode, this::decode, 2).build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    @Test
    void aValueThatLivesAndDiesBetweenTwoCommitsShouldNeverReachTheStoreBeneath() {
        ObjectCacheStore<Long, String> store = recordingStore();
        store.putNew(1L, "slice 1"); // the caller knows there is none
        store.put(1L, "slice 1, changed");
        store.delete(1L);
        store.flushCache();

        assertThat(beneath).isEmpty();
        assertThat(store.get(1L)).isNull();
    }

    @Test
    void aLookupThatMissesShouldTellTheSameAsPutNew() {
        ObjectCacheStore<Long, String> store = recordingStore();
        assertThat(store.get(2L)).isNull();
        store.put(2L, "slice 2");
        store.delete(2L);
        store.flushCache();

        assertThat(beneath).containsExactly("get 2");
    }

    @Test
    void aValueCommittedAndThenDeletedShouldLeaveATombstoneWithoutLookingItUp() {
        ObjectCacheStore<Long, String> store = recordingStore();
        store.putNew(3L, "slice 3");
        store.flushCache();
        store.delete(3L);
        store.flushCache();

        assertThat(beneath).containsExactly("put 3", "tombstone 3");
        store.clearCache();
        assertThat(store.get(3L)).isNull();
    }

    @Test
    void putNewOfAKeyDeletedSinceTheLastCommitShouldStillReplaceOrDeleteTheOneBeneath() {
        ObjectCacheStore<Long, String> store = recordingStore();
        store.put(4L, "slice 4");
        store.put(5L, "slice 5");
        store.flushCache();
        store.delete(4L);
        store.putNew(4L, "slice 4, again"); // deleted, not yet committed: the old one is still beneath
        store.delete(5L);
        store.putNew(5L, "slice 5, again");
        store.delete(5L); // so this one must go beneath too
        store.flushCache();
        store.clearCache();

        assertThat(store.get(4L)).isEqualTo("slice 4, again");
        assertThat(store.get(5L)).isNull();
    }
}
