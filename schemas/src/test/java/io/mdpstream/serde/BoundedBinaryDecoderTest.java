package io.mdpstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdpstream.contract.EventModel;
import io.mdpstream.serde.internal.BoundedBinaryDecoder;
import io.mdpstream.testing.SampleEvents;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

class BoundedBinaryDecoderTest {

    @Test
    void shouldDecodeWhatAvroEncodedForEveryEventType() throws IOException {
        for (Object event : SampleEvents.all().values()) {
            GenericContainer record = (GenericContainer) event;
            byte[] bytes = AvroSerdeTest.plainAvro(record);
            BoundedBinaryDecoder decoder = new BoundedBinaryDecoder().reset(bytes, 0, bytes.length);

            Object back = new SpecificDatumReader<>(record.getSchema(), record.getSchema(), EventModel.get())
                    .read(null, decoder);

            assertThat(back).isEqualTo(event);
            assertThat(decoder.isEnd()).isTrue();
        }
    }

    @Test
    void shouldFailOnEveryTruncationWithoutAllocatingBeyondTheInput() throws IOException {
        GenericContainer record = SampleEvents.metrics();
        byte[] bytes = AvroSerdeTest.plainAvro(record);
        SpecificDatumReader<Object> reader = new SpecificDatumReader<>(record.getSchema(), record.getSchema(), EventModel.get());
        for (int length = 0; length < bytes.length; length++) {
            BoundedBinaryDecoder decoder = new BoundedBinaryDecoder().reset(Arrays.copyOf(bytes, length), 0, length);
            assertThatThrownBy(() -> reader.read(null, decoder)).as("prefix of %d bytes", length)
                    .isInstanceOf(EOFException.class);
        }
    }

    @Test
    void shouldRejectAStringLengthLargerThanTheInput() {
        // zig-zag varint for 1,000,000,000 followed by two bytes: Avro's own decoder would allocate 1 GB first.
        byte[] bytes = {(byte) 0x80, (byte) 0xa8, (byte) 0xd6, (byte) 0xb9, 0x07, 'h', 'i'};
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder().reset(bytes, 0, bytes.length);

        assertThatThrownBy(decoder::readString).isInstanceOf(EOFException.class)
                .hasMessageContaining("1000000000");
    }
}
