package io.mdpstream.replay.internal;

import io.mdpstream.replay.ReplayException;
import io.mdpstream.validate.EventKind;
import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One file of spilled events, appended in order and read back at any position. An event is
 * {@link #HEADER} bytes (kind ordinal, seq, timestamp, schema id, body length, big-endian) and its
 * body. The file is opened with {@code DELETE_ON_CLOSE}, which on Unix unlinks it at once: its
 * space comes back when it is closed or the process ends, even when killed. Not thread-safe.
 */
final class SpillFile implements Closeable {

    static final int HEADER = 1 + Long.BYTES + Long.BYTES + Integer.BYTES + Integer.BYTES;
    static final int SEQ = 1;
    static final int TIMESTAMP = SEQ + Long.BYTES;
    static final int SCHEMA_ID = TIMESTAMP + Long.BYTES;
    static final int LENGTH = SCHEMA_ID + Integer.BYTES;

    private static final EventKind[] KINDS = EventKind.values();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer out = ByteBuffer.allocate(1 << 16);
    private long written;

    private SpillFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    static SpillFile create(Path path) {
        try {
            return new SpillFile(path, FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE));
        } catch (IOException e) {
            throw failure("create", path, e);
        }
    }

    /** Bytes appended so far: the position of the next event. */
    long size() {
        return written + out.position();
    }

    void append(EventKind kind, long seq, long timestamp, int schemaId, ByteBuffer body) {
        int length = body.remaining();
        if (out.remaining() < HEADER) {
            flush();
        }
        out.put((byte) kind.ordinal()).putLong(seq).putLong(timestamp).putInt(schemaId).putInt(length);
        if (out.remaining() >= length) {
            out.put(body.duplicate());
        } else {
            flush();
            if (length <= out.capacity()) {
                out.put(body.duplicate());
            } else {
                write(body.duplicate());
            }
        }
    }

    void append(RecordedEvent event) {
        append(event.kind(), event.seq(), event.timestamp(), event.schemaId(), ByteBuffer.wrap(event.body()));
    }

    /** Writes what is buffered, so that {@link #read} sees every event appended. */
    void flush() {
        out.flip();
        write(out);
        out.clear();
    }

    private void write(ByteBuffer bytes) {
        try {
            while (bytes.hasRemaining()) {
                written += channel.write(bytes, written);
            }
        } catch (IOException e) {
            throw failure("write", path, e);
        }
    }

    /** Reads exactly {@code length} bytes at {@code position} into {@code target} from {@code offset}. */
    void read(long position, byte[] target, int offset, int length) {
        ByteBuffer into = ByteBuffer.wrap(target, offset, length);
        try {
            while (into.hasRemaining()) {
                int n = channel.read(into, position + into.position() - offset);
                if (n < 0) {
                    throw new IOException("unexpected end of file at " + (position + into.position() - offset));
                }
            }
        } catch (IOException e) {
            throw failure("read", path, e);
        }
    }

    static EventKind kind(byte[] buffer, int event) {
        return KINDS[buffer[event]];
    }

    static long longAt(byte[] buffer, int at) {
        return (long) LONGS.get(buffer, at);
    }

    static int intAt(byte[] buffer, int at) {
        return (int) INTS.get(buffer, at);
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw failure("close", path, e);
        }
    }

    private static ReplayException failure(String what, Path path, IOException e) {
        return new ReplayException("cannot " + what + " the replay's spill file " + path + " (replay keeps the events it is to "
                + "publish there, about their stored size, to bound its memory; java.io.tmpdir chooses the directory): " + e, e);
    }
}
