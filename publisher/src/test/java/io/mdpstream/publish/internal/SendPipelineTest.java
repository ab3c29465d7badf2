package io.mdpstream.publish.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdpstream.publish.PublishException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SendPipelineTest {

    private final MockProducer<String, Object> producer = new MockProducer<>(true, null, new StringSerializer(),
            (Serializer<Object>) (topic, data) -> (byte[]) data);
    private final List<String> published = new ArrayList<>();
    private final AtomicInteger committed = new AtomicInteger();

    @BeforeEach
    void openTransaction() {
        producer.initTransactions();
        producer.beginTransaction();
    }

    @Test
    void recordsAndCommitPointsShouldLeaveInTheOrderTheyWereHandedOver() {
        SendPipeline pipeline = pipeline();
        List<ProducerRecord<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 1500; i++) { // several chunks
            records.add(record("ns.states", i));
        }
        ProducerRecord<String, Object> first = record("ns.checkpoints", -1);
        ProducerRecord<String, Object> last = record("ns.checkpoints", -2);

        records.subList(0, 1000).forEach(pipeline::send);
        pipeline.commit(first, true);
        records.subList(1000, 1500).forEach(pipeline::send);
        pipeline.commit(last, false);
        pipeline.finish();

        List<ProducerRecord<String, Object>> expected = new ArrayList<>(records.subList(0, 1000));
        expected.add(first);
        expected.addAll(records.subList(1000, 1500));
        expected.add(last);
        assertThat(producer.history()).containsExactlyElementsOf(expected);
        assertThat(producer.commitCount()).isEqualTo(2);
        assertThat(producer.transactionInFlight()).as("no transaction opened after the last commit").isFalse();
        assertThat(published).hasSize(1500).containsOnly("ns.states");
        assertThat(committed).hasValue(2);
    }

    @Test
    void aFailedCommitShouldBeRethrownToTheCaller() {
        producer.commitTransactionException = new KafkaException("broker gone");

        assertThatThrownBy(() -> sendOneAndCommit(record("ns.checkpoints", -1)))
                .isInstanceOf(PublishException.class).hasMessageContaining("committing to Kafka failed: broker gone");
        assertThat(committed).hasValue(0);
    }

    @Test
    void aTransactionTheCoordinatorAbortedShouldBeSaidSoWithWhatItMeansForTheRun() {
        producer.commitTransactionException = coordinatorAborted();

        assertThatThrownBy(() -> sendOneAndCommit(record("ns.checkpoints", -1)))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("the transaction coordinator had already aborted this transaction")
                .hasMessageContaining("resumes from its last commit");
        assertThat(committed).hasValue(0);
    }

    @Test
    void aListOfEpisodesWhoseTransactionTheCoordinatorAbortedShouldBeSaidToStartOver() {
        producer.commitTransactionException = coordinatorAborted();

        assertThatThrownBy(() -> sendOneAndCommit(null)) // a list of episodes keeps no checkpoint
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("the transaction coordinator had already aborted this transaction")
                .hasMessageContaining("published again from its start, under another run id");
        assertThat(committed).hasValue(0);
    }

    @Test
    void aFencedProducerShouldBeRethrownAsItIs() {
        producer.commitTransactionException = new ProducerFencedException("another instance took over");
        SendPipeline pipeline = pipeline();

        assertThatThrownBy(() -> {
            pipeline.commit(record("ns.checkpoints", -1), true);
            pipeline.finish();
        }).isInstanceOf(ProducerFencedException.class);
    }

    @Test
    void abortShouldSendAndCommitNothingMore() {
        SendPipeline pipeline = pipeline();
        pipeline.send(record("ns.states", 1));

        pipeline.abort();

        assertThat(producer.history()).isEmpty();
        assertThat(producer.commitCount()).isZero();
    }

    /** Sends one record and commits it with the checkpoint given, through a pipeline of its own. */
    private void sendOneAndCommit(ProducerRecord<String, Object> checkpoint) {
        SendPipeline pipeline = pipeline();
        pipeline.send(record("ns.states", 1));
        pipeline.commit(checkpoint, true);
        pipeline.finish();
    }

    /** What the broker answers a commit of a transaction its coordinator had already aborted (transactions v2). */
    private static InvalidTxnStateException coordinatorAborted() {
        return new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state.");
    }

    private SendPipeline pipeline() {
        return new SendPipeline(producer, topic -> {
            synchronized (published) {
                published.add(topic);
            }
        }, committed::incrementAndGet, "test");
    }

    private static ProducerRecord<String, Object> record(String topic, int i) {
        return new ProducerRecord<>(topic, "ep-" + i, ("value " + i).getBytes(StandardCharsets.UTF_8));
    }
}
