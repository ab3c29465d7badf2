package io.mdpstream.publish.internal;

import io.mdpstream.publish.PublishException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Ends one of the publisher's transactions: the checkpoint goes with the records before it, the
 * commit, then the next transaction unless this was the last. The publisher's two ways of sending
 * (from its own thread, or through the {@link SendPipeline}) both commit through here.
 */
public final class TransactionCommit {

    private TransactionCommit() {
    }

    /**
     * Commits what the producer sent in its open transaction.
     *
     * @param checkpoint sent last in the transaction; null when the run keeps none
     * @param more whether a transaction follows (an open transaction makes close wait)
     * @param committed told once the commit is done
     * @throws ProducerFencedException as it is: another instance took over the run
     * @throws PublishException for any other failure, saying what it means for the run
     */
    public static void commit(Producer<String, Object> producer, ProducerRecord<String, Object> checkpoint, boolean more,
                              Runnable committed) {
        try {
            if (checkpoint != null) {
                producer.send(checkpoint);
            }
            producer.commitTransaction();
            committed.run();
            if (more) {
                producer.beginTransaction();
            }
        } catch (ProducerFencedException e) {
            throw e;
        } catch (InvalidTxnStateException e) {
            // Under transactions v2 a commit gets this when the coordinator ended the transaction on its own,
            // as it aborts one left open past transaction.timeout.ms by its clock (KAFKA-20785).
            // Only a run keeps checkpoints; a list of episodes is not resumed.
            String again = checkpoint != null ? "the run started again with the same run id resumes from its last commit"
                    : "the list of episodes is published again from its start, under another run id";
            throw new PublishException("committing to Kafka failed: the transaction coordinator had already aborted this "
                    + "transaction (" + e.getMessage() + "); none of its records is visible to read_committed "
                    + "consumers, and " + again, e);
        } catch (KafkaException e) {
            throw new PublishException("committing to Kafka failed: " + e.getMessage(), e);
        }
    }
}
