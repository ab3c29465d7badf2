package io.mdpstream.examples.agent;

import io.mdpstream.registry.CachingSchemaRegistryClient;
import io.mdpstream.registry.RegistryClientConfig;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.serde.AvroDeserializer;
import io.mdpstream.serde.AvroSerdeConfig;
import io.mdpstream.serde.AvroSerializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An external agent in the loop of an mdpstream run ({@code mdpstream simulate --policy external}),
 * small enough to copy: it reads each decision's state from {@code <ns>.states} and answers on
 * {@code <ns>.agent-actions} with the first action that the state's valid-action mask allows.
 * Replace {@link #choose} with a policy of your own.
 *
 * <p>It works with every scenario whose action space is {@code Discrete(n)} (for example
 * {@code support} and {@code incidents}): there the action is a record with one int field,
 * {@code value}, and the mask has one boolean per choice. The answer's schema is the latest version
 * of the subject {@code <ns>.agent-actions-value}, which the simulator registers when a run starts.
 *
 * <p>Not thread-safe, except {@link #stop}, which any thread may call.
 */
public final class FirstValidAgent implements AutoCloseable {

    private final String actionsTopic;
    private final String statesTopic;
    private final String agentId;
    private final SchemaRegistryClient registry;
    private final KafkaConsumer<String, Object> consumer;
    private final KafkaProducer<String, Object> producer;
    private volatile boolean running = true;
    private Schema answerSchema;
    private long decisions;

    /**
     * Connects; nothing is read before {@link #run}.
     *
     * @param clientProperties {@code bootstrap.servers}, {@code schema.registry.url}, and any security settings
     * @param fromBeginning    also answer states published before the agent started (else only new ones)
     * @param agentId          names the agent in the simulator's logs and on its actions
     */
    public FirstValidAgent(Map<String, Object> clientProperties, String namespace, boolean fromBeginning, String agentId) {
        this.statesTopic = namespace + ".states";
        this.actionsTopic = namespace + ".agent-actions";
        this.agentId = agentId;
        this.registry = CachingSchemaRegistryClient.connect(RegistryClientConfig.from(clientProperties));

        Map<String, Object> consumerProps = new HashMap<>(clientProperties);
        // A group of its own, committing nothing: every start reads from the end (or the beginning).
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "mdpstream-agent-" + UUID.randomUUID());
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        // The simulator publishes in transactions: see only what it committed.
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Started before the run, the agent must wait for the run's topics, not create them with other partitioning.
        consumerProps.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        AvroDeserializer<Object> states = new AvroDeserializer<>(registry, false);
        this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), states);

        Map<String, Object> producerProps = new HashMap<>(clientProperties);
        // Each answer unblocks a waiting episode: send it at once rather than wait to fill a batch.
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        AvroSerializer<Object> answers = new AvroSerializer<>(registry);
        Map<String, Object> serdeProps = new HashMap<>(clientProperties);
        // The simulator owns the schema; the agent only looks it up.
        serdeProps.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false);
        answers.configure(serdeProps, false);
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), answers);
    }

    /**
     * Answers decisions until {@link #stop} or until {@code maxDecisions} are answered.
     *
     * @return the decisions answered
     */
    public long run(long maxDecisions) {
        consumer.subscribe(List.of(statesTopic));
        try {
            while (running && decisions < maxDecisions) {
                for (ConsumerRecord<String, Object> record : poll()) {
                    answer((GenericRecord) record.value());
                    if (decisions >= maxDecisions) {
                        break;
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        }
        producer.flush();
        return decisions;
    }

    /** The action for a state: here the first choice its mask allows (an empty mask allows all). */
    static int choose(GenericRecord observation, List<?> mask) {
        for (int choice = 0; choice < mask.size(); choice++) {
            if (Boolean.TRUE.equals(mask.get(choice))) {
                return choice;
            }
        }
        return 0;
    }

    private ConsumerRecords<String, Object> poll() {
        try {
            return consumer.poll(Duration.ofMillis(200));
        } catch (RecordDeserializationException e) {
            // Not a state we can read: skip it rather than stop answering.
            System.err.println("skipping an unreadable state at " + e.topicPartition() + "@" + e.offset() + ": " + e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
            return ConsumerRecords.empty();
        }
    }

    private void answer(GenericRecord state) {
        GenericRecord envelope = (GenericRecord) state.get("envelope");
        String episodeId = envelope.get("episode_id").toString();
        Schema schema = answerSchema();
        GenericRecord action = new GenericData.Record(schema.getField("action").schema());
        action.put("value", choose((GenericRecord) state.get("observation"), (List<?>) state.get("action_mask")));
        GenericRecord answer = new GenericData.Record(schema);
        answer.put("episode_id", episodeId);
        answer.put("step", envelope.get("step"));
        answer.put("action", action);
        answer.put("agent_id", agentId);
        // Keyed by episode id, so all answers of an episode stay in order on one partition.
        producer.send(new ProducerRecord<>(actionsTopic, episodeId, answer));
        decisions++;
    }

    /** Fetched when the first state arrives, by which time the simulator has registered it. */
    private Schema answerSchema() {
        if (answerSchema == null) {
            Schema schema = registry.latest(actionsTopic + "-value").schema();
            Schema action = schema.getField("action").schema();
            if (action.getFields().size() != 1 || action.getField("value") == null
                    || action.getField("value").schema().getType() != Schema.Type.INT) {
                throw new IllegalStateException("this agent answers Discrete action spaces (an action record with one int"
                        + " field 'value'); " + actionsTopic + " expects " + action);
            }
            answerSchema = schema;
        }
        return answerSchema;
    }

    /** Makes {@link #run} return soon; safe from any thread, for instance a shutdown hook. */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
        producer.close(Duration.ofSeconds(5));
        registry.close();
    }

    /**
     * {@code FirstValidAgent --bootstrap-servers HOST:PORT --schema-registry URL --namespace NS
     * [--from-beginning] [--max-decisions N] [--agent-id NAME]}; runs until Ctrl-C or N decisions.
     */
    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = new HashMap<>(Map.of("--namespace", "support", "--agent-id", "first-valid-java",
                "--max-decisions", Long.toString(Long.MAX_VALUE)));
        boolean fromBeginning = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--from-beginning")) {
                fromBeginning = true;
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                usage("unexpected argument " + args[i]);
            }
        }
        if (!options.containsKey("--bootstrap-servers") || !options.containsKey("--schema-registry")) {
            usage("--bootstrap-servers and --schema-registry are required");
        }
        Map<String, Object> client = Map.of("bootstrap.servers", options.get("--bootstrap-servers"),
                "schema.registry.url", options.get("--schema-registry"));
        CountDownLatch closed = new CountDownLatch(1);
        try (FirstValidAgent agent = new FirstValidAgent(client, options.get("--namespace"), fromBeginning,
                options.get("--agent-id"))) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                agent.stop();
                try {
                    closed.await(); // let main close the clients before the JVM exits
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            long answered = agent.run(Long.parseLong(options.get("--max-decisions")));
            System.out.println("answered " + answered + " decisions on " + options.get("--namespace") + ".agent-actions");
        } finally {
            closed.countDown();
        }
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: FirstValidAgent --bootstrap-servers HOST:PORT --schema-registry URL"
                + " [--namespace NS] [--from-beginning] [--max-decisions N] [--agent-id NAME]");
        System.exit(2);
    }
}
