package io.mdpstream.publish;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Settings of the project's transactional producers (the publisher's and the replay's): idempotent,
 * acknowledged by every replica, batched a little, and failing fast when the broker is gone.
 */
public final class TransactionalProducers {

    /** How long a batch waits for more records (ms). */
    public static final int LINGER_MS = 5;
    /** Most bytes in a batch. */
    public static final int BATCH_BYTES = 64 * 1024;

    private TransactionalProducers() {
    }

    /**
     * The client's own settings (SASL, TLS, endpoints) with the producer's on top; batching,
     * timeouts and the client id stay the client's to override.
     */
    public static Map<String, Object> properties(Map<String, Object> client, String transactionalId, String clientId) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        // Fail fast when the broker is gone rather than retrying for minutes.
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        return props;
    }
}
