package io.mdpstream.validate;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.serde.AvroSerializer;
import io.mdpstream.validate.internal.EpisodeCheckProcessor;
import io.mdpstream.validate.internal.WindowMergeProcessor;
import io.mdpstream.validate.stats.ReferenceProfile;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

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
 *
 * <p>The same processor adds every event to its task's share of a slice of simulated time (the
 * greatest common divisor of the windows' size and advance); a share is handed on when the task's
 * stream time has passed the slice by the lateness bound, or when the input has been quiet for
 * {@link EpisodeCheckProcessor#IDLE_FLUSH} of wall time, with the task's watermark. The shares meet
 * in {@link #partialsTopic}, one per application, where they are merged and assembled into the
 * hopping windows of {@code <ns>.metrics}, each written once every task's watermark has passed it
 * (and again if a late share changes it). A share the merger cannot read goes to {@code <ns>.dead-letter}.
 *
 * <p>With the statistics turned off ({@link ValidatorConfig#statistics()}), only the checks remain:
 * no window store, no shares topic, no merger and nothing on {@code <ns>.metrics}.
 */
public final class ValidatorTopology {

    private static final String SOURCE = "episode-events";
    private static final String CHECKS = "episode-checks";
    private static final String PARTIALS_SOURCE = "window-shares";
    private static final String MERGE = "window-merge";

    private ValidatorTopology() {
    }

    /**
     * @param applicationId the Kafka Streams application id, which names the topic where window shares meet
     * @param registry      resolves the writers' schemas and registers the outputs' (TopicNameStrategy)
     * @param listener      told of each violation, verdict and dead letter, e.g. for metrics
     */
    public static Topology build(ValidatorConfig config, String applicationId, SchemaRegistryClient registry,
                                 ValidatorListener listener) {
        // Read before anything runs: a profile that does not parse stops the validator here, naming the file.
        ReferenceProfile profile = config.referenceProfile() == null ? null : ReferenceProfile.read(config.referenceProfile());
        EventTopics topics = config.topics();
        String[] inputs = Arrays.stream(EventKind.values()).map(kind -> kind.topic(topics)).toArray(String[]::new);
        AvroSerializer<Object> outputs = new AvroSerializer<>(registry);
        Map<String, String> changelog = EventTopics.simulatedTimeConfigs();
        Topology topology = new Topology();
        // Keys as bytes too: compared with the envelope's episode id as they are, and passed to the dead-letter topic unchanged.
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), inputs);
        topology.addProcessor(CHECKS, () -> new EpisodeCheckProcessor(config, registry, listener), SOURCE);
        topology.addStateStore(EpisodeCheckProcessor.episodeStore(changelog), CHECKS);
        topology.addSink(EpisodeCheckProcessor.VIOLATIONS, topics.violations(), new StringSerializer(), outputs, CHECKS);
        topology.addSink(EpisodeCheckProcessor.VERDICTS, topics.verdicts(), new StringSerializer(), outputs, CHECKS);
        topology.addSink(EpisodeCheckProcessor.DEAD_LETTER, topics.deadLetter(), new ByteArraySerializer(), new ByteArraySerializer(), CHECKS);
        if (!config.statistics()) {
            return topology; // checks and verdicts only: no shares, no merger, no metrics
        }
        topology.addStateStore(EpisodeCheckProcessor.windowStore(changelog), CHECKS);
        topology.addSink(EpisodeCheckProcessor.PARTIALS, partialsTopic(applicationId), new StringSerializer(), new ByteArraySerializer(), CHECKS);

        // The windows' shares meet in one partition, where they are merged into the metrics.
        topology.addSource(PARTIALS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), partialsTopic(applicationId));
        topology.addProcessor(MERGE, () -> new WindowMergeProcessor(config, profile, listener), PARTIALS_SOURCE);
        topology.addStateStore(WindowMergeProcessor.store(changelog), MERGE);
        topology.addStateStore(WindowMergeProcessor.unsentStore(changelog), MERGE);
        topology.addStateStore(WindowMergeProcessor.watermarkStore(changelog), MERGE);
        topology.addStateStore(WindowMergeProcessor.pathsStore(changelog), MERGE);
        topology.addSink(WindowMergeProcessor.METRICS, topics.metrics(), new StringSerializer(), outputs, MERGE);
        topology.addSink(WindowMergeProcessor.DEAD_LETTER, topics.deadLetter(), new StringSerializer(), new ByteArraySerializer(), MERGE);
        return topology;
    }

    /**
     * Where each task's share of a window goes to be merged: a topic of one partition that the
     * application creates (the Processor API cannot declare repartition topics of its own). It is the
     * application's own, named as Kafka Streams names repartition topics, so a second validator of the
     * namespace (another application id) merges only its own shares, not both, and the application
     * reset tool and prefixed ACLs for the application id cover it.
     */
    public static String partialsTopic(String applicationId) {
        return applicationId + "-window-shares-repartition";
    }
}
