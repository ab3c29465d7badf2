package io.mdpstream.examples.agent;

import io.mdpstream.registry.CachingSchemaRegistryClient;
import io.mdpstream.registry.RegistryClientConfig;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.serde.AvroDeserializer;
import io.mdpstream.serde.AvroSerdeConfig;
import io.mdpstream.serde.AvroSerializer;
import io.mdpstream.testkit.KafkaStack;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** An agent that answers each state as a test's script says: which step and choice, and how much later. */
final class ScriptedAgent implements AutoCloseable {

    /** One message to send for a state. */
    record Answer(long delayMillis, int step, int choice) {
    }

    /** The messages for a state of an episode, given its valid-action mask; none to stay silent. */
    @FunctionalInterface
    interface Script {
        List<Answer> answers(String episodeId, int step, List<?> mask);
    }

    private final SchemaRegistryClient registry;
    private final KafkaConsumer<String, Object> consumer;
    private final KafkaProducer<String, Object> producer;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
    private final Thread reader;
    private final String actionsTopic;
    private volatile boolean running = true;

    /** Starts reading {@code <ns>.states} from the beginning; the topic must exist. */
    ScriptedAgent(KafkaStack stack, String namespace, Script script) {
        this.actionsTopic = namespace + ".agent-actions";
        this.registry = CachingSchemaRegistryClient.connect(RegistryClientConfig.from(stack.clientProperties()));
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, stack.uniqueName("scripted-agent"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new AvroDeserializer<>(registry, false));
        AvroSerializer<Object> values = new AvroSerializer<>(registry);
        Map<String, Object> serde = new HashMap<>(stack.clientProperties());
        serde.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false);
        values.configure(serde, false);
        this.producer = new KafkaProducer<>(stack.clientProperties(), new StringSerializer(), values);
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
                    for (Answer answer : script.answers(record.key(), (Integer) envelope.get("step"),
                            (List<?>) state.get("action_mask"))) {
                        sender.schedule(() -> send(record.key(), answer), answer.delayMillis(), TimeUnit.MILLISECONDS);
                    }
                }
            }
        } catch (WakeupException e) {
            // stopping
        }
    }

    private void send(String episodeId, Answer answer) {
        Schema schema = registry.latest(actionsTopic + "-value").schema();
        GenericRecord action = new GenericData.Record(schema.getField("action").schema());
        action.put("value", answer.choice());
        GenericRecord value = new GenericData.Record(schema);
        value.put("episode_id", episodeId);
        value.put("step", answer.step());
        value.put("action", action);
        value.put("agent_id", "scripted");
        producer.send(new ProducerRecord<>(actionsTopic, episodeId, value));
        producer.flush();
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
        registry.close();
    }
}
