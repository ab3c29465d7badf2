package io.mdpstream.examples.agent;

import io.mdpstream.serde.AvroDeserializer;
import io.mdpstream.testkit.KafkaStack;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An agent that answers each state as a test's script says: which bytes under which key, and how much
 * later. {@link AgentMessages} makes the bytes.
 */
final class ScriptedAgent implements AutoCloseable {

    /** One message to put on {@code <ns>.agent-actions}. */
    record Send(long delayMillis, String key, byte[] value) {
    }

    /** The messages for a state of an episode, given its valid-action mask; none to stay silent. */
    @FunctionalInterface
    interface Script {
        List<Send> answers(String episodeId, int step, List<?> mask);
    }

    private final KafkaConsumer<String, Object> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
    private final Thread reader;
    private final String actionsTopic;
    private volatile boolean running = true;

    /** Starts reading {@code <ns>.states} from the beginning; the topic must exist. */
    ScriptedAgent(KafkaStack stack, String namespace, Script script) {
        this.actionsTopic = namespace + ".agent-actions";
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, stack.uniqueName("scripted-agent"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        AvroDeserializer<Object> states = new AvroDeserializer<>();
        states.configure(props, false);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), states);
        this.producer = new KafkaProducer<>(stack.clientProperties(), new StringSerializer(), new ByteArraySerializer());
        consumer.subscribe(List.of(namespace + ".states"));
        this.reader = new Thread(() -> read(script), "scripted-agent");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Script script) {
        try {
            while (running) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(100))) {
                    GenericRecord state = (GenericRecord) record.value();
                    GenericRecord envelope = (GenericRecord) state.get("envelope");
                    for (Send send : script.answers(record.key(), (Integer) envelope.get("step"),
                            (List<?>) state.get("action_mask"))) {
                        sender.schedule(() -> {
                            producer.send(new ProducerRecord<>(actionsTopic, send.key(), send.value()));
                            producer.flush();
                        }, send.delayMillis(), TimeUnit.MILLISECONDS);
                    }
                }
            }
        } catch (WakeupException e) {
            // stopping
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        reader.join(10_000);
        sender.shutdown();
        sender.awaitTermination(10, TimeUnit.SECONDS);
        consumer.close(Duration.ofSeconds(2));
        producer.close(Duration.ofSeconds(5));
    }
}
