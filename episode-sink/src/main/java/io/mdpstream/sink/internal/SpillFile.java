package io.mdpstream.sink.internal;

import io.mdpstream.validate.EventKind;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Events of one open episode moved out of memory, appended in arrival order. Not durable and not
 * meant to be: after a crash the events are read again from Kafka, whose offsets were not committed
 * past them, and the spill directory is emptied at start.
 */
final class SpillFile {

    private static final EventKind[] KINDS = EventKind.values();

    private final Path file;
    private long events;

    SpillFile(Path file) {
        this.file = file;
    }

    long events() {
        return events;
    }

    /** Appends events; the file is opened for each call, so many spilled episodes hold no file handles. */
    void append(List<BufferedEvent> batch) {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), 64 * 1024))) {
            for (BufferedEvent event : batch) {
                out.writeByte(event.kind().ordinal());
                out.writeLong(event.seq());
                out.writeInt(event.step());
                out.writeLong(event.offset());
                out.writeLong(event.timestamp());
                out.writeInt(event.value().length);
                out.write(event.value());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill events to " + file + ": " + e.getMessage(), e);
        }
        events += batch.size();
    }

    /** The spilled events in the order they were appended; close the iterator's stream by draining it or with {@link Reader#close}. */
    Reader read() {
        try {
            return new Reader(new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 64 * 1024)), events);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spilled events from " + file + ": " + e.getMessage(), e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete spill file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the events back one at a time. */
    static final class Reader implements Iterator<BufferedEvent>, AutoCloseable {
        private final DataInputStream in;
        private long left;

        private Reader(DataInputStream in, long count) {
            this.in = in;
            this.left = count;
        }

        @Override
        public boolean hasNext() {
            return left > 0;
        }

        @Override
        public BufferedEvent next() {
            if (left <= 0) {
                throw new NoSuchElementException();
            }
            try {
                EventKind kind = KINDS[in.readByte()];
                long seq = in.readLong();
                int step = in.readInt();
                long offset = in.readLong();
                long timestamp = in.readLong();
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                left--;
                return new BufferedEvent(kind, seq, step, offset, timestamp, value);
            } catch (EOFException e) {
                throw new UncheckedIOException("spill file ended early: " + left + " events missing", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read spill file: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
