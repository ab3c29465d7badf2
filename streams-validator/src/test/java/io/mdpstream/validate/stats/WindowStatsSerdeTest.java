package io.mdpstream.validate.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WindowStatsSerdeTest {

    private final WindowStatsSerde serde = new WindowStatsSerde();

    private static WindowStats window() {
        WindowStats stats = WindowStatsTest.sample(1, 0, 200);
        stats.addReward(Double.NaN);
        // In a fixed order (Map.of's differs from one JVM to the next): the order of features is part of a window's
        // state, and the format-1 resource was written from this window.
        java.util.Map<String, Double> features = new java.util.LinkedHashMap<>();
        features.put("zeros", 0.0);
        features.put("négatif", -3.5);
        stats.addState(features);
        stats.addViolation("bounds");
        return stats;
    }

    @Test
    void shouldRoundTripToAnEqualWindow() {
        WindowStats stats = window();

        byte[] bytes = serde.serializer().serialize("t", stats);
        WindowStats back = serde.deserializer().deserialize("t", bytes);

        assertThat(back).isEqualTo(stats);
        assertThat(back.features().keySet()).containsExactlyElementsOf(stats.features().keySet());
        assertThat(back.reward().nonFinite()).isEqualTo(1);
        assertThat(serde.serializer().serialize("t", back)).isEqualTo(bytes);
    }

    @Test
    void shouldRoundTripAnEmptyWindowAndNull() {
        assertThat(WindowStatsSerde.fromBytes(WindowStatsSerde.toBytes(new WindowStats())))
                .isEqualTo(new WindowStats());
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldRejectEveryTruncationWithASerializationException() {
        byte[] bytes = WindowStatsSerde.toBytes(window());

        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> WindowStatsSerde.fromBytes(truncated))
                    .as("truncated to %d of %d bytes", length, bytes.length)
                    .isInstanceOf(SerializationException.class)
                    .hasMessageMatching("(Truncated|Corrupt) WindowStats.*");
        }
    }

    @Test
    void shouldRejectAnotherFormatVersion() {
        byte[] bytes = WindowStatsSerde.toBytes(window());
        bytes[0] = 9;

        assertThatThrownBy(() -> WindowStatsSerde.fromBytes(bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("format version 9, expected 5 (or 1 or 2)");
    }

    /** This class's {@link #window()} as the format of that version wrote it, kept as a test resource. */
    static byte[] writtenBefore(int version) throws java.io.IOException {
        byte[] bytes;
        try (var in = WindowStatsSerdeTest.class.getResourceAsStream("/stats/window-stats-v" + version + ".bin")) {
            bytes = in.readAllBytes();
        }
        assertThat(bytes[0]).as("the resource's format version").isEqualTo((byte) version);
        return bytes;
    }

    @Test
    void shouldReadFormatOneSoStoresAndChangelogsWrittenBeforeStillRestore() throws Exception {
        // Format 1: one count per bucket of each range.
        byte[] formatOne = writtenBefore(1);

        WindowStats read = WindowStatsSerde.fromBytes(formatOne);

        assertThat(read).isEqualTo(window());
        byte[] rewritten = WindowStatsSerde.toBytes(read);
        assertThat(rewritten[0]).isEqualTo(WindowStatsSerde.FORMAT_VERSION);
        assertThat(rewritten.length).isLessThan(formatOne.length);
    }

    @Test
    void shouldReadFormatTwoSoStoresAndChangelogsWrittenBeforeStillRestore() throws Exception {
        // Format 2: moments as four 8-byte doubles.
        byte[] formatTwo = writtenBefore(2);

        WindowStats read = WindowStatsSerde.fromBytes(formatTwo);

        assertThat(read).isEqualTo(window());
        assertThat(WindowStatsSerde.toBytes(read).length).as("whole-number moments in a byte or two").isLessThan(formatTwo.length);
    }

    @Test
    void shouldWriteARunOfEmptyBucketsAsOneNumber() {
        // Two values far apart: thousands of buckets between them in range, two runs of one in the sketch.
        WindowStats stats = new WindowStats();
        stats.addState(java.util.Map.of("wide", 0.001));
        stats.addState(java.util.Map.of("wide", 1e6));
        stats.addState(java.util.Map.of("wide", 1e6));

        byte[] bytes = WindowStatsSerde.toBytes(stats);

        assertThat(bytes.length).isLessThan(100);
        WindowStats back = WindowStatsSerde.fromBytes(bytes);
        assertThat(back).isEqualTo(stats);
        assertThat(back.features().get("wide").quantile(0.99)).isEqualTo(stats.features().get("wide").quantile(0.99));
    }

    @Test
    void shouldRoundTripSketchesOfEveryShape() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 500; trial++) {
            WindowStats stats = new WindowStats();
            int values = 1 + random.nextInt(60);
            double scale = Math.pow(10, random.nextInt(-3, 7));
            for (int i = 0; i < values; i++) {
                // Whole numbers, spread values of both signs, repeats and zeros, so runs start, stop and touch.
                double value = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(-20, 21);
                    case 1 -> (random.nextDouble() - 0.3) * scale;
                    case 2 -> 0.0;
                    default -> scale;
                };
                stats.addState(java.util.Map.of("x", value));
                stats.addReward(-value);
            }

            WindowStats back = WindowStatsSerde.fromBytes(WindowStatsSerde.toBytes(stats));

            assertThat(back).as("trial %d", trial).isEqualTo(stats);
        }
    }

    @Test
    void shouldRejectRunsThatAreNotApartOrHoldAnEmptyBucket() {
        WindowStats stats = new WindowStats();
        stats.addReward(1.0);
        stats.addReward(1000.0);
        byte[] bytes = WindowStatsSerde.toBytes(stats);
        // Version, 4 kinds and 4 zero counts; reward: count 2, no non-finite, the moments (mean 500.5 and m2 499000.5
        // in 9 bytes each, min 1 in one, max 1000 in two), zero count 0, no negative buckets; then the positive
        // buckets: 2 runs, lowest index (1.0's, 0: one byte), run of 1, count 1, the gap, run of 1, count 1.
        int runs = 1 + 1 + 4 + 1 + 1 + 21 + 1 + 1;
        assertThat(bytes[runs]).isEqualTo((byte) 2);
        assertThat(bytes[runs + 1]).isZero();
        int gap = runs + 4;
        assertThat(bytes[gap - 1]).isEqualTo((byte) 1);

        byte[] noGap = bytes.clone();
        noGap[gap] = 0;
        byte[] emptyBucket = bytes.clone();
        emptyBucket[gap - 1] = 0;

        assertThatThrownBy(() -> WindowStatsSerde.fromBytes(noGap))
                .isInstanceOf(SerializationException.class).hasMessageContaining("reward positive buckets gap of 0");
        assertThatThrownBy(() -> WindowStatsSerde.fromBytes(emptyBucket))
                .isInstanceOf(SerializationException.class).hasMessageContaining("run holds an empty bucket");
    }

    @Test
    void shouldRejectAHugeLengthBeforeAllocating() {
        // Version, 4 kinds, 4 zero counts, an empty reward summary (5 bytes), then 2^62 features.
        byte[] bytes = {1, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
            0x40};

        assertThatThrownBy(() -> WindowStatsSerde.fromBytes(bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("number of features");
    }

    @Test
    void shouldRejectTrailingBytes() {
        byte[] bytes = WindowStatsSerde.toBytes(window());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);

        assertThatThrownBy(() -> WindowStatsSerde.fromBytes(longer))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("trailing");
    }

    @Test
    void shouldFailOnlyWithSerializationExceptionOnRandomCorruption() {
        byte[] bytes = WindowStatsSerde.toBytes(window());
        SplittableRandom random = new SplittableRandom(99);

        for (int trial = 0; trial < 2_000; trial++) {
            byte[] corrupt = bytes.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
            }
            try {
                WindowStatsSerde.fromBytes(corrupt);
            } catch (SerializationException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
            // Anything else propagates and fails the test.
        }
    }
}
