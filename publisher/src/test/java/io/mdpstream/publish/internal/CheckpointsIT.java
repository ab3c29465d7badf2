package io.mdpstream.publish.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdpstream.publish.PublishException;
import io.mdpstream.publish.TransactionalProducers;
import io.mdpstream.testkit.KafkaStack;
import io.mdpstream.testkit.WithKafkaStack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Instances of a run share one checkpoint partition, and a read_committed consumer reads a partition only up to its
 * first transaction not yet ended: a restarted instance must not take a checkpoint of its own behind another
 * instance's open transaction for its last, or it would publish the events after it again.
 */
@WithKafkaStack
class CheckpointsIT {

    private static final Checkpoints.Checkpoint SAVED = new Checkpoints.Checkpoint(Map.of("seed", "7"),
            Instant.parse("2026-03-02T06:00:00Z"), List.of(), false);

    @Test
    void theLatestCheckpointShouldBeReadOnceAnotherInstancesOpenTransactionEnds(KafkaStack stack) throws Exception {
        String topic = stack.uniqueName("checkpoints");
        stack.createTopics(1, topic);
        Checkpoints mine = new Checkpoints(topic, "run", 0);
        try (KafkaProducer<String, byte[]> other = producer(stack, topic + "-other");
             KafkaProducer<String, byte[]> own = producer(stack, topic + "-own")) {
            other.initTransactions();
            other.beginTransaction();
            other.send(new Checkpoints(topic, "run", 1).record(SAVED)).get(); // instance 1, mid-commit
            own.initTransactions();
            own.beginTransaction();
            own.send(mine.record(SAVED));
            own.commitTransaction();

            assertThat(mine.read(stack.clientProperties(), Duration.ofSeconds(10)))
                    .as("read as far as the partition is stable, instance 0's commit is behind instance 1's open transaction")
                    .isNull();
            CompletableFuture<Checkpoints.Checkpoint> latest = CompletableFuture.supplyAsync(
                    () -> mine.readLatest(stack.clientProperties(), Duration.ofSeconds(30)));
            Thread.sleep(500);
            assertThat(latest).as("waits for the open transaction to end").isNotDone();
            other.commitTransaction();
            assertThat(latest.get(30, TimeUnit.SECONDS)).isEqualTo(SAVED);
        }
    }

    @Test
    void aTransactionThatDoesNotEndShouldFailTheReadNamingWhy(KafkaStack stack) throws Exception {
        String topic = stack.uniqueName("checkpoints");
        stack.createTopics(1, topic);
        try (KafkaProducer<String, byte[]> other = producer(stack, topic + "-other")) {
            other.initTransactions();
            other.beginTransaction();
            other.send(new Checkpoints(topic, "run", 1).record(SAVED)).get();

            assertThatThrownBy(() -> new Checkpoints(topic, "run", 0).readLatest(stack.clientProperties(), Duration.ofSeconds(2)))
                    .isInstanceOf(PublishException.class)
                    .hasMessageContaining("reading checkpoints from " + topic + " took longer than 2 s")
                    .hasMessageContaining("read up to offset 0 of 1")
                    .hasMessageContaining("a transaction open on it has not ended");
            other.abortTransaction();
        }
    }

    private static KafkaProducer<String, byte[]> producer(KafkaStack stack, String transactionalId) {
        return new KafkaProducer<>(TransactionalProducers.properties(stack.clientProperties(), transactionalId, transactionalId),
                new StringSerializer(), new ByteArraySerializer());
    }
}
