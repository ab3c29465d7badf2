package io.mdpstream.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class WriterThreadTest {

    private static final Schema ROW = SchemaBuilder.record("Row").fields().requiredInt("n").endRecord();

    /** Records what it is given and on which thread. */
    private static class Recording implements RowWriter {
        final List<Integer> rows = new ArrayList<>();
        final List<String> threads = new ArrayList<>();
        boolean closed;

        @Override
        public void write(GenericRecord row) throws IOException {
            rows.add((Integer) row.get("n"));
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public long rows() {
            return rows.size();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static GenericRecord row(int n) {
        GenericData.Record row = new GenericData.Record(ROW);
        row.put("n", n);
        return row;
    }

    @Test
    void shouldWriteEveryRowInOrderOnItsOwnThreadByTheTimeItIsDrained() throws IOException {
        Recording steps = new Recording();
        Recording events = new Recording();
        int rows = 3 * WriterThread.CHUNK_ROWS + 7;
        try (WriterThread encoder = new WriterThread("test-encoder")) {
            RowWriter stepsWriter = encoder.writer(steps);
            RowWriter eventsWriter = encoder.writer(events);
            for (int i = 0; i < rows; i++) {
                stepsWriter.write(row(i));
                eventsWriter.write(row(-i));
            }
            encoder.drain();

            assertThat(encoder.idle()).isTrue();
            assertThat(stepsWriter.rows()).isEqualTo(rows);
        }
        assertThat(steps.rows).hasSize(rows).isSorted();
        assertThat(events.rows).hasSize(rows).first().isEqualTo(0);
        assertThat(steps.threads).containsOnly("test-encoder");
        assertThat(steps.closed).as("the caller closes the files").isFalse();
    }

    @Test
    void aFailedWriteShouldComeBackToTheCaller() throws IOException {
        RowWriter failing = new Recording() {
            @Override
            public void write(GenericRecord row) throws IOException {
                throw new IOException("disk full");
            }
        };
        WriterThread encoder = new WriterThread("test-encoder");
        RowWriter writer = encoder.writer(failing);
        writer.write(row(1));

        assertThatThrownBy(encoder::drain).isInstanceOf(IOException.class).hasMessageContaining("disk full");
        assertThatThrownBy(() -> {
            for (int i = 0; i < 10 * WriterThread.CHUNK_ROWS; i++) {
                writer.write(row(i)); // does not block on a queue that a failed encoder no longer empties
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("disk full");
        assertThatThrownBy(encoder::close).isInstanceOf(IOException.class);
    }

    @Test
    void closingShouldStopTheThreadOnceItsRowsAreWritten() throws Exception {
        Recording file = new Recording();
        WriterThread encoder = new WriterThread("test-encoder-stop");
        encoder.writer(file).write(row(5));

        encoder.close();

        assertThat(file.rows).containsExactly(5);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("test-encoder-stop"));
    }
}
