package io.mdpstream.validate;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.serde.AvroSerializer;
import io.mdpstream.validate.internal.EpisodeCheckProcessor;
import io.mdpstream.validate.EventKind;
import java.util.Arrays;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The validator's topology, a pure function of its configuration: no connection is made and no
 * thread started here, so {@code TopologyTestDriver} runs exactly what the application runs.
 *
 * <p>The four episode topics of a namespace (co-partitioned, keyed by episode id) feed one
 * processor that keeps each episode's progress in the {@value EpisodeCheckProcessor#STORE} store
 * (changelogged, so a restart resumes it; the changelog takes the events' simulated timestamps, so
 * it carries the same topic configs as the event topics) and writes {@code <ns>.violations}, {@code <ns>.verdicts}
 * and, for records it cannot decode, {@code <ns>.dead-letter}. Values are read as bytes and
 * decoded inside the processor so that a bad record is routed rather than failing the task.
 */
public final class ValidatorTopology {

    private static final String SOURCE = "episode-events";
    private static final String CHECKS = "episode-checks";

    private ValidatorTopology() {
    }

    /**
     * @param registry resolves the writers' schemas and registers the outputs' (TopicNameStrategy)
     * @param listener told of each violation, verdict and dead letter, e.g. for metrics
     */
    public static Topology build(ValidatorConfig config, SchemaRegistryClient registry, ValidatorListener listener) {
        EventTopics topics = config.topics();
        String[] inputs = Arrays.stream(EventKind.values()).map(kind -> kind.topic(topics)).toArray(String[]::new);
        AvroSerializer<Object> outputs = new AvroSerializer<>(registry);
        Topology topology = new Topology();
        topology.addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), inputs);
        topology.addProcessor(CHECKS, () -> new EpisodeCheckProcessor(config, registry, listener), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EpisodeCheckProcessor.STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingEnabled(EventTopics.simulatedTimeConfigs()), CHECKS);
        topology.addSink(EpisodeCheckProcessor.VIOLATIONS, topics.violations(), new StringSerializer(), outputs, CHECKS);
        topology.addSink(EpisodeCheckProcessor.VERDICTS, topics.verdicts(), new StringSerializer(), outputs, CHECKS);
        topology.addSink(EpisodeCheckProcessor.DEAD_LETTER, topics.deadLetter(), new StringSerializer(), new ByteArraySerializer(), CHECKS);
        return topology;
    }
}
