package io.mdpstream.sink.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;

/**
 * Encodes rows on a thread of its own while the sink's thread decodes and assembles the next ones.
 * Encoding (Parquet above all) was about half of the sink's CPU time, more than the publisher's thread
 * spends on an event: on one thread the sink could not keep up with a publisher at full speed on
 * shared cores, however fast the rest.
 *
 * <p>Rows are handed over in chunks, in order, through a small bounded queue (the sink's thread waits
 * when the encoder is behind, so memory stays bounded); a row must not change once written. The
 * files are the caller's to close, after {@link #drain}. A failure of the encoder comes back as an
 * {@link IOException} from the next {@link RowWriter#write}, {@link #drain} or {@link #close}.
 *
 * <p>Writers come from one thread, the caller's; the encoder thread is the only one that touches the
 * underlying writers until {@link #drain} or {@link #close} returns.
 */
final class WriterThread implements AutoCloseable {

    /** Rows per hand-over: one hand-over per row would cost about as much as it saves. */
    static final int CHUNK_ROWS = 512;
    private static final int QUEUED_CHUNKS = 8;

    /** Rows for their writers, or (with no rows) a request to signal when everything before it is written. */
    private static final class Chunk {
        final RowWriter[] writers = new RowWriter[CHUNK_ROWS];
        final GenericRecord[] rows = new GenericRecord[CHUNK_ROWS];
        int size;
        final boolean last;
        volatile boolean done;

        Chunk(boolean last) {
            this.last = last;
        }
    }

    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    private final Thread thread;
    private volatile Throwable failure;
    private Chunk filling = new Chunk(false);
    private boolean closed;
    /** Chunks handed over, and those the encoder is done with. */
    private long handed;
    private volatile long done;

    WriterThread(String name) {
        thread = new Thread(this::encode, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** A writer whose rows go to {@code target} on the encoder thread. */
    RowWriter writer(RowWriter target) {
        return new RowWriter() {
            private long rows;

            @Override
            public void write(GenericRecord row) throws IOException {
                add(target, row);
                rows++;
            }

            @Override
            public long rows() {
                return rows;
            }

            @Override
            public void close() throws IOException {
                drain();
                target.close();
            }
        };
    }

    private void add(RowWriter target, GenericRecord row) throws IOException {
        checkFailure();
        filling.writers[filling.size] = target;
        filling.rows[filling.size] = row;
        if (++filling.size == CHUNK_ROWS) {
            handOver(filling);
            filling = new Chunk(false);
        }
    }

    /** Hands the rows written so far to the encoder without waiting for it. */
    void flush() throws IOException {
        if (filling.size > 0) {
            handOver(filling);
            filling = new Chunk(false);
        }
    }

    /** Whether every row written so far is in its writer (or the encoder failed): {@link #drain} would not wait. */
    boolean idle() {
        return filling.size == 0 && done == handed || failure != null;
    }

    /** Returns once every row written so far is in its writer (not yet closed). */
    void drain() throws IOException {
        flush();
        Chunk marker = new Chunk(false);
        handOver(marker);
        synchronized (marker) {
            while (!marker.done && thread.isAlive()) {
                try {
                    marker.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while rows were being written");
                }
            }
        }
        checkFailure();
    }

    /** Stops the encoder once it has written what it was given, or at once after a failure. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (failure == null) {
                flush();
            }
        } finally {
            stop();
        }
        checkFailure();
    }

    private void stop() throws IOException {
        Chunk last = new Chunk(true);
        handed++;
        try {
            // A failed encoder still empties the queue, so the last chunk gets in unless the thread is gone.
            while (!queue.offer(last, 100, TimeUnit.MILLISECONDS)) {
                if (!thread.isAlive()) {
                    return;
                }
            }
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the writer thread stopped");
        }
    }

    private void handOver(Chunk chunk) throws IOException {
        handed++;
        try {
            while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                checkFailure(); // a failed encoder still empties the queue, so this only waits while it is busy
                if (!thread.isAlive()) {
                    throw new IOException("the writer thread stopped");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing rows to the writer thread");
        }
    }

    private void checkFailure() throws IOException {
        Throwable failed = failure;
        if (failed instanceof IOException io) {
            throw new IOException(io.getMessage(), io);
        }
        if (failed instanceof UncheckedIOException unchecked) {
            throw new IOException(unchecked.getMessage(), unchecked);
        }
        if (failed != null) {
            throw new IOException("cannot write rows: " + failed, failed);
        }
    }

    private void encode() {
        while (true) {
            Chunk chunk;
            try {
                chunk = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (failure == null) {
                try {
                    for (int i = 0; i < chunk.size; i++) {
                        chunk.writers[i].write(chunk.rows[i]);
                    }
                } catch (Throwable e) {
                    failure = e; // later chunks are dropped: the batch is abandoned
                }
            }
            // Counted before the chunk is signalled, so that a caller woken by drain() already finds the encoder idle().
            done++; // only this thread writes it
            synchronized (chunk) {
                chunk.done = true;
                chunk.notifyAll();
            }
            if (chunk.last) {
                return;
            }
        }
    }
}
