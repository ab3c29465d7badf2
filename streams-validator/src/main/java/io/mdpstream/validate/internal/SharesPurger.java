package io.mdpstream.validate.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the window shares that the merger has consumed and committed, as Kafka Streams does for its own
 * repartition topics: the shares topic keeps its records forever (they carry simulated timestamps, so time-based
 * retention cannot apply), and a validator that runs for months would otherwise keep every share it ever merged. The
 * merger's state is restored from its own changelogs, never from this topic, so a consumed share is not needed again.
 *
 * <p>Only the application's committed offset counts: under exactly-once it is written with the transaction, so a
 * share processed but not yet committed (one a restart would read again) is never deleted.
 */
public final class SharesPurger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharesPurger.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;
    private final String groupId;
    private final TopicPartition shares;
    private final ScheduledExecutorService timer;
    private long purgedBefore;

    private SharesPurger(Admin admin, String groupId, TopicPartition shares) {
        this.admin = admin;
        this.groupId = groupId;
        this.shares = shares;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, groupId + "-shares-purger");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Purges every {@code interval}, from then on, the one-partition {@code sharesTopic} up to the committed offset
     * of the consumer group {@code groupId} (the application id); takes {@code admin} over.
     */
    public static SharesPurger start(Admin admin, String groupId, String sharesTopic, Duration interval) {
        SharesPurger purger = new SharesPurger(admin, groupId, new TopicPartition(sharesTopic, 0));
        purger.timer.scheduleWithFixedDelay(purger::purgeQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return purger;
    }

    /** Deletes the shares before the committed offset, if it moved since the last purge. */
    private void purge() throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        OffsetAndMetadata at = committed.get(shares);
        if (at != null && at.offset() > purgedBefore) {
            admin.deleteRecords(Map.of(shares, RecordsToDelete.beforeOffset(at.offset()))).all()
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            purgedBefore = at.offset();
            LOG.debug("Purged {} before offset {}", shares, purgedBefore);
        }
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // Nothing is lost: the shares stay until the next try.
            LOG.warn("Could not purge the consumed window shares of {} ({}); trying again later", shares, e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
