package io.mdpstream.publish.internal;

import io.mdpstream.publish.PublishException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Hands records, already serialized, to a thread of their own that sends them with the
 * transactional producer and commits, so the simulation never waits for the producer: not for
 * {@code send} (partitioning, batching) and not for a commit (every batch acknowledged, then the
 * coordinator). Used at max speed without an agent, where the calling thread only simulates,
 * maps and serializes.
 *
 * <p>Order is kept: the sending thread sends records in the order they were handed over, and a
 * commit point ({@link #commit}) carries the checkpoint taken where it was handed over, so every
 * checkpoint covers exactly the records before it, all in its transaction or earlier ones. Records
 * travel in chunks through a bounded queue, which bounds the memory they hold.
 *
 * <p>{@link #send} and {@link #commit} are called from one thread; a failure of the sending thread
 * is rethrown there, at the latest by {@link #finish}.
 */
public final class SendPipeline {

    private static final int CHUNK = 512;
    private static final int CHUNKS = 64;
    private static final Duration WAIT = Duration.ofMillis(100);

    /** A commit point: the checkpoint to send with the records before it, and whether a transaction follows. */
    private record Commit(ProducerRecord<String, Object> checkpoint, boolean more) {
    }

    private final Producer<String, Object> producer;
    private final Consumer<String> published;
    private final Runnable committed;
    private final BlockingQueue<List<Object>> queue = new ArrayBlockingQueue<>(CHUNKS);
    private final Thread thread;
    private List<Object> chunk = new ArrayList<>(CHUNK);
    private volatile RuntimeException failure;
    private volatile boolean aborted;

    /**
     * Starts the sending thread; the producer's transaction must be open.
     *
     * @param published told each record's topic once it is sent
     * @param committed told of each commit once it is done
     */
    public SendPipeline(Producer<String, Object> producer, Consumer<String> published, Runnable committed, String name) {
        this.producer = producer;
        this.published = published;
        this.committed = committed;
        this.thread = new Thread(this::run, "mdpstream-send-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a record whose value is already serialized. */
    public void send(ProducerRecord<String, Object> record) {
        chunk.add(record);
        if (chunk.size() == CHUNK) {
            handOver();
        }
    }

    /**
     * Queues a commit point after the records queued so far.
     *
     * @param checkpoint sent in the transaction just before it is committed; null when the publisher keeps none
     * @param more       whether to open the next transaction after the commit
     */
    public void commit(ProducerRecord<String, Object> checkpoint, boolean more) {
        chunk.add(new Commit(checkpoint, more));
        handOver();
    }

    /** Waits until the sending thread has sent and committed everything queued, the last commit without {@code more}. */
    public void finish() {
        handOver();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while the last records were sent", e);
        }
        rethrow();
    }

    /** Stops the sending thread without sending or committing anything more (the caller failed). */
    public void abort() {
        aborted = true;
        queue.clear();
        thread.interrupt();
        try {
            thread.join(WAIT.toMillis() * 50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handOver() {
        if (chunk.isEmpty()) {
            rethrow();
            return;
        }
        try {
            while (!queue.offer(chunk, WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                rethrow(); // a full queue whose reader died would block forever
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while handing records to the sending thread", e);
        }
        chunk = new ArrayList<>(CHUNK);
        rethrow();
    }

    private void rethrow() {
        RuntimeException failed = failure;
        if (failed != null) {
            throw failed;
        }
    }

    private void run() {
        try {
            while (!aborted) {
                List<Object> items = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (items == null) {
                    continue;
                }
                for (Object item : items) {
                    if (aborted) {
                        return;
                    }
                    if (item instanceof Commit commit) {
                        if (!commit(commit)) {
                            return; // the last commit: nothing follows it
                        }
                    } else {
                        @SuppressWarnings("unchecked")
                        ProducerRecord<String, Object> record = (ProducerRecord<String, Object>) item;
                        producer.send(record);
                        published.accept(record.topic());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // aborted
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** Sends the checkpoint and commits; returns whether a transaction follows. */
    private boolean commit(Commit commit) {
        TransactionCommit.commit(producer, commit.checkpoint(), commit.more(), committed);
        return commit.more();
    }
}
