package io.mdpstream.regress;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.publish.TopicSetup;
import io.mdpstream.registry.CachingSchemaRegistryClient;
import io.mdpstream.registry.RegistryClientConfig;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.serde.AvroDeserializer;
import io.mdpstream.serde.AvroSerdeConfig;
import io.mdpstream.serde.AvroSerializer;
import io.mdpstream.sim.policy.Policy;
import io.mdpstream.sim.space.ActionPayload;
import io.mdpstream.sim.spi.Decision;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.testkit.KafkaStack;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An external agent for tests, in its own thread, speaking only the wire protocol: it reads each
 * state from {@code <ns>.states} and answers on {@code <ns>.agent-actions} with what a built-in
 * policy chooses for the state as published (observation decoded with the scenario's own space), or
 * it never answers. It starts before the run, reading the states topic from its beginning, so it
 * misses no decision.
 */
final class PolicyAgent implements AutoCloseable {

    private final Scenario scenario;
    private final Policy policy;
    private final String actionsTopic;
    private final SchemaRegistryClient registry;
    private final KafkaConsumer<String, Object> consumer;
    private final KafkaProducer<String, Object> producer;
    private final SplittableRandom random = new SplittableRandom(5);
    private final Thread thread;
    private final AtomicLong states = new AtomicLong();
    private final Set<String> episodes = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;
    private Schema answerSchema;

    /** An agent playing {@code policy}. */
    static PolicyAgent playing(KafkaStack stack, String namespace, Scenario scenario, Policy policy) {
        return new PolicyAgent(stack, namespace, scenario, policy);
    }

    /** An agent that reads every state and answers none. */
    static PolicyAgent silent(KafkaStack stack, String namespace, Scenario scenario) {
        return new PolicyAgent(stack, namespace, scenario, null);
    }

    private PolicyAgent(KafkaStack stack, String namespace, Scenario scenario, Policy policy) {
        this.scenario = scenario;
        this.policy = policy;
        EventTopics topics = new EventTopics(namespace);
        this.actionsTopic = topics.agentActions();
        // The states topic as the run makes it, so the agent can subscribe before the run starts.
        new TopicSetup(stack.clientProperties(), Duration.ofSeconds(15)).ensure(List.of(topics.states()), 3, (short) 1, List.of());
        this.registry = CachingSchemaRegistryClient.connect(RegistryClientConfig.from(stack.clientProperties()));
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, stack.uniqueName("policy-agent"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, false);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new AvroDeserializer<>(registry, false));
        Map<String, Object> producerProps = new HashMap<>(stack.clientProperties());
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerProps.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false);
        AvroSerializer<Object> answers = new AvroSerializer<>(registry);
        answers.configure(producerProps, false);
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), answers);
        consumer.subscribe(List.of(topics.states()));
        this.thread = new Thread(this::run, "policy-agent-" + namespace);
        thread.setDaemon(true);
        thread.start();
    }

    /** States read so far. */
    long states() {
        return states.get();
    }

    /** The episode ids of the states read so far. */
    Set<String> episodes() {
        return Set.copyOf(episodes);
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(100))) {
                    states.incrementAndGet();
                    episodes.add(record.key());
                    if (policy != null) {
                        answer(record.key(), (GenericRecord) record.value());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    private void answer(String episodeId, GenericRecord state) {
        GenericRecord envelope = (GenericRecord) state.get("envelope");
        int step = (Integer) envelope.get("step");
        List<?> published = (List<?>) state.get("action_mask");
        boolean[] mask = new boolean[published.size()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = Boolean.TRUE.equals(published.get(i));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> observation = (Map<String, Object>) scenario.observationSpace().fromAvro(state.get("observation"));
        // The policies played here read the observation and the mask, not the decision's time.
        Object action = policy.choose(new Decision(step, 0, observation, mask), random).action();
        Schema schema = answerSchema();
        GenericRecord answer = new GenericData.Record(schema);
        answer.put("episode_id", episodeId);
        answer.put("step", step);
        answer.put("action", ActionPayload.toAvro(scenario.actionSpace(), action, schema.getField("action").schema()));
        answer.put("agent_id", "java-" + policy.id().id());
        producer.send(new ProducerRecord<>(actionsTopic, episodeId, answer));
    }

    /** Registered by the run before its first state. */
    private Schema answerSchema() {
        if (answerSchema == null) {
            answerSchema = registry.latest(actionsTopic + "-value").schema();
        }
        return answerSchema;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
        consumer.close(Duration.ofSeconds(2));
        producer.close(Duration.ofSeconds(5));
        registry.close();
    }
}
