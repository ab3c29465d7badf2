package io.mdpstream.validate.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ShareSerdeTest {

    private final ShareSerde serde = new ShareSerde();

    @Test
    void shouldRoundTripToAShareThatMakesAnEqualWindow() {
        for (int states : new int[] {0, 1, 12, 2_000}) {
            Share share = ShareTest.share(states, states);

            byte[] bytes = serde.serializer().serialize("t", share);
            Share back = serde.deserializer().deserialize("t", bytes);

            assertThat(back.toStats()).as("%d states", states).isEqualTo(share.toStats());
            assertThat(back.raw().states()).isEqualTo(share.raw().states());
            assertThat(ShareSerde.toBytes(back)).isEqualTo(bytes);
        }
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldKeepEveryKindOfValueExactly() {
        double[] values = {0.0, -0.0, 1, -1, 63, 64, -65, 1e15, -(double) (1L << 52), 1L << 53, 0.1, -2.5, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE};
        Share share = new Share();
        for (double value : values) {
            share.addReward(value);
        }

        Share back = ShareSerde.fromBytes(ShareSerde.toBytes(share));

        for (int i = 0; i < values.length; i++) {
            assertThat(Double.doubleToRawLongBits(back.raw().reward(i))).as("value %s", values[i])
                    .isEqualTo(Double.doubleToRawLongBits(values[i]));
        }
    }

    @Test
    void aShareOfSmallWholeNumbersShouldTakeAboutAByteAValue() {
        Share share = new Share();
        for (int i = 0; i < 100; i++) {
            share.addReward(i % 50);
        }

        assertThat(ShareSerde.toBytes(share).length).isLessThan(100 + 64);
    }

    @Test
    void shouldReadAWindowStatsAsAShareThatIsAllSummary() throws Exception {
        // What earlier versions of the validator sent as a share: a bare window, of format 2 here.
        byte[] bytes = WindowStatsSerdeTest.writtenBefore(2);
        WindowStats stats = WindowStatsSerde.fromBytes(bytes);

        Share share = ShareSerde.fromBytes(bytes);

        assertThat(share.raw().isEmpty()).isTrue();
        assertThat(share.toStats()).isEqualTo(stats);
    }

    @Test
    void shouldRejectEveryTruncationWithASerializationException() {
        byte[] bytes = ShareSerde.toBytes(ShareTest.share(5, 20));

        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> ShareSerde.fromBytes(truncated))
                    .as("truncated to %d of %d bytes", length, bytes.length)
                    .isInstanceOf(SerializationException.class)
                    .hasMessageMatching("(Truncated|Corrupt) (Share|WindowStats).*");
        }
    }

    @Test
    void shouldRejectCorruptBytesNamingWhatIsWrong() {
        byte[] version = ShareSerde.toBytes(new Share());
        version[0] = 9;
        assertThatThrownBy(() -> ShareSerde.fromBytes(version)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("format version 9, expected 4");

        assertThatThrownBy(() -> ShareSerde.fromBytes(withRaw(new int[] {1, 5}, new int[0])))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown tag 5");
        assertThatThrownBy(() -> ShareSerde.fromBytes(withRaw(new int[] {0}, new int[] {1, 0})))
                .isInstanceOf(SerializationException.class).hasMessageContaining("a block of states without features");
        // One feature "a" (paths of 2 bytes), then more states than a share holds as they are.
        assertThatThrownBy(() -> ShareSerde.fromBytes(withRaw(new int[] {0}, new int[] {1, 1, 2, 1, 'a', 0x81, 0x40})))
                .isInstanceOf(SerializationException.class).hasMessageContaining("number of states 8193 exceeds the limit");
        assertThatThrownBy(() -> ShareSerde.fromBytes(withRaw(new int[] {0}, new int[] {1, 1, 3, 1, 'a', 'b', 1, 0})))
                .isInstanceOf(SerializationException.class).hasMessageContaining("feature paths take 2 bytes, not the 3 said");
    }

    @Test
    void aBlockOfPathsShouldGoInFullOnceThenById() {
        SentPaths sent = new SentPaths();
        List<Map.Entry<Long, byte[]>> learned = new ArrayList<>();
        KnownPaths known = new KnownPaths((id, bytes) -> learned.add(Map.entry(id, bytes)));
        Share first = ShareTest.share(1, 10);
        Share second = ShareTest.share(2, 10);

        byte[] full = ShareSerde.toBytes(first, sent);
        byte[] byId = ShareSerde.toBytes(second, sent);

        assertThat(byId.length).as("the second share leaves its paths out").isLessThan(ShareSerde.toBytes(second).length - 100);
        assertThat(ShareSerde.fromBytes(full, 0, known).toStats()).isEqualTo(first.toStats());
        assertThat(ShareSerde.fromBytes(byId, 0, known).toStats()).isEqualTo(second.toStats());
        int blocks = learned.size();
        ShareSerde.fromBytes(full, 0, known);
        assertThat(learned).as("each block learned once, from the share that brought it").hasSize(blocks)
                .extracting(Map.Entry::getKey).doesNotHaveDuplicates();

        KnownPaths restarted = new KnownPaths((id, bytes) -> { });
        learned.forEach(block -> restarted.restore(block.getKey(), block.getValue()));
        assertThat(ShareSerde.fromBytes(byId, 0, restarted).toStats()).as("read after a restart").isEqualTo(second.toStats());

        sent.clear(); // the task started again: what it sent may never have been committed
        assertThat(ShareSerde.fromBytes(ShareSerde.toBytes(second, sent)).toStats()).as("in full again, alone")
                .isEqualTo(second.toStats());
    }

    @Test
    void aShareNamingItsPathsByIdShouldNotReadWhereTheyAreUnknown() {
        SentPaths sent = new SentPaths();
        ShareSerde.toBytes(ShareTest.share(1, 3), sent);
        byte[] byId = ShareSerde.toBytes(ShareTest.share(2, 3), sent);

        assertThatThrownBy(() -> ShareSerde.fromBytes(byId)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("names its feature paths by id").hasMessageContaining("bytes that stand alone cannot do");
        assertThatThrownBy(() -> ShareSerde.fromBytes(byId, 0, new KnownPaths((id, bytes) -> { })))
                .isInstanceOf(SerializationException.class).hasMessageContaining("no share read before brought");
    }

    @Test
    void pathsWhoseBytesDoNotMatchTheirIdShouldBeRejected() {
        List<Map.Entry<Long, byte[]>> learned = new ArrayList<>();
        ShareSerde.fromBytes(ShareSerde.toBytes(ShareTest.share(1, 3)), 0, new KnownPaths((id, bytes) -> learned.add(Map.entry(id, bytes))));
        Map.Entry<Long, byte[]> block = learned.get(0);
        byte[] changed = block.getValue().clone();
        changed[changed.length - 1]++;

        assertThatThrownBy(() -> new KnownPaths((id, bytes) -> { }).restore(block.getKey(), changed))
                .isInstanceOf(SerializationException.class).hasMessageContaining("do not match their id");
    }

    @Test
    void aShareOfTheFormatBeforeIdsShouldStillRead() {
        // Format 3: one reward of 1, one block of one feature "a" (paths of 2 bytes), one state whose value is 2.
        byte[] bytes = withRaw(new int[] {1, 4}, new int[] {1, 1, 2, 1, 'a', 1, 8});

        WindowStats stats = ShareSerde.fromBytes(bytes).toStats();

        assertThat(stats.reward().mean()).isEqualTo(1);
        assertThat(stats.features()).containsOnlyKeys("a");
        assertThat(stats.features().get("a").mean()).isEqualTo(2);
    }

    /** An empty summarized part, then the given reward and block bytes (counts first), as format 3 wrote them. */
    private static byte[] withRaw(int[] rewards, int[] blocks) {
        byte[] summary = ShareSerde.toBytes(new Share());
        int head = summary.length - 2; // an empty share ends with two zero counts: rewards and blocks
        byte[] bytes = Arrays.copyOf(summary, head + rewards.length + blocks.length);
        for (int i = 0; i < rewards.length; i++) {
            bytes[head + i] = (byte) rewards[i];
        }
        for (int i = 0; i < blocks.length; i++) {
            bytes[head + rewards.length + i] = (byte) blocks[i];
        }
        bytes[0] = ShareSerde.FIRST_RAW_FORMAT_VERSION;
        return bytes;
    }
}
