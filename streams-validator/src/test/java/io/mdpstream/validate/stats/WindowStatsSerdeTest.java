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
        stats.addState(java.util.Map.of("zeros", 0.0, "négatif", -3.5));
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
                .hasMessageContaining("format version 9, expected 1");
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
