package io.mdpstream.validate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which objects a commit leaves in memory: read back afterwards, a dropped one is decoded again, a kept one is not. */
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
}
