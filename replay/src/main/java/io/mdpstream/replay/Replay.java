package io.mdpstream.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.mdpstream.contract.EventTopics;
import io.mdpstream.publish.Pacer;
import io.mdpstream.publish.PublishException;
import io.mdpstream.publish.TopicSetup;
import io.mdpstream.publish.TransactionalProducers;
import io.mdpstream.publish.WallClock;
import io.mdpstream.registry.CachingSchemaRegistryClient;
import io.mdpstream.registry.RegistryClientConfig;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.registry.SchemaRegistryException;
import io.mdpstream.replay.internal.EpisodeSpill;
import io.mdpstream.replay.internal.Perturbation;
import io.mdpstream.replay.internal.RecordedEvent;
import io.mdpstream.replay.internal.Recording;
import io.mdpstream.replay.internal.Thinning;
import io.mdpstream.replay.internal.TimeOrder;
import io.mdpstream.replay.internal.ValueNoise;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sink.SinkException;
import io.mdpstream.sink.StoredDataset;
import io.mdpstream.validate.EventKind;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Republishes a stored dataset's episodes to Kafka as the events they were: the same key (episode
 * id), record timestamp (simulated time) and Avro body, to {@code <ns>.episodes|states|actions|rewards}
 * of a namespace of the caller's choice, so a stream consumer or an agent can be tested against a
 * fixed recording.
 *
 * <ul>
 *   <li>The writer schemas kept in the dataset are registered under the target subjects
 *       ({@code <ns>.<kind>-value}); each value gets the target registry's id in its header.</li>
 *   <li>Topics are created (or checked) as the publisher creates them, for simulated time.</li>
 *   <li>Each episode's events go out in seq order; episodes are interleaved by simulated time.</li>
 *   <li>A transactional, idempotent producer commits at most {@code commit.interval.ms} apart, so a
 *       read_committed consumer never sees a replay's events twice or half a chunk.</li>
 *   <li>At a finite speed no event leaves before its wall-clock due time (the publisher's {@link Pacer}).</li>
 *   <li>Perturbations (time scaling, thinning, value noise) are deterministic from the seed.</li>
 *   <li>Memory does not grow with the dataset: its events are read once into a spill file in a
 *       directory of their own under {@code java.io.tmpdir} (about the events table's uncompressed
 *       size), deleted when the run ends, however it ends; the heap keeps an index entry per episode
 *       and read buffers for the episodes that overlap in simulated time.</li>
 * </ul>
 *
 * <p>The constructor opens and checks the dataset without any connection; {@link #run} works on
 * the calling thread; {@link #stop} may be called from any thread.
 */
public final class Replay {

    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(15);

    /**
     * What a replay did.
     *
     * @param episodes     episodes replayed
     * @param events       events published
     * @param thinnedOut   episodes left out by thinning
     * @param noisedValues observation values changed by noise
     * @param complete     every event was published (false when stopped)
     */
    public record Summary(long episodes, long events, long thinnedOut, long noisedValues, Duration elapsed, boolean complete) {

        /** Events per wall second. */
        public double eventsPerSecond() {
            return events / Math.max(elapsed.toNanos() / 1e9, 1e-9);
        }
    }

    private final ReplayConfig config;
    private final StoredDataset dataset;
    private final WallClock clock;
    private final Path spillParent;
    private volatile boolean stopRequested;

    /**
     * Opens the dataset; nothing is read from it or sent yet.
     *
     * @throws ReplayException naming the directory and what is wrong when it is not an mdpstream dataset
     */
    public Replay(ReplayConfig config) {
        this(config, WallClock.SYSTEM);
    }

    Replay(ReplayConfig config, WallClock clock) {
        this(config, clock, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** @param spillParent where the spill directory is made (java.io.tmpdir by default) */
    Replay(ReplayConfig config, WallClock clock, Path spillParent) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = clock;
        this.spillParent = Objects.requireNonNull(spillParent, "spillParent");
        try {
            this.dataset = StoredDataset.open(config.source());
        } catch (SinkException e) {
            throw new ReplayException(e.getMessage(), e);
        }
    }

    /** The dataset being replayed. */
    public StoredDataset dataset() {
        return dataset;
    }

    /** Asks a running {@link #run} to commit what it sent and return. */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Publishes the dataset's episodes.
     *
     * @param clientProperties Kafka producer and schema registry client settings (bootstrap servers,
     *                         registry URL, SASL, TLS); transaction settings are the replay's own
     * @param sent             told of every event published (for a progress line); may be null
     * @throws ReplayException when the events cannot be read or spilled, Kafka or the registry cannot be
     *                         reached, or a target topic does not fit
     */
    public Summary run(Map<String, Object> clientProperties, LongConsumer sent) {
        long begin = clock.nanos();
        Thinning thinning = new Thinning(config.seed(), config.keepProbability());
        try (EpisodeSpill episodes = Recording.spill(dataset, config.includeQuarantine(), thinning, spillParent)) {
            Perturbation perturbation = new Perturbation(config.timeScale(), config.noiseSigma() > 0 ? noise() : null, config.seed(),
                    dataset::writerSchema);
            if (perturbation.active()) {
                episodes.rewrite(perturbation::episode);
            }
            long left = countThinned(thinning);
            LOG.info("Replaying {} episodes of {} to namespace {}{}", episodes.episodes(), dataset.layout().root().toAbsolutePath(),
                    config.namespace(), config.perturbed() ? " (perturbed: " + config + ")" : "");
            EventTopics topics = config.topics();
            Map<String, byte[]> headers = registerSchemas(clientProperties, topics, episodes.schemaUses());
            try {
                new TopicSetup(clientProperties, SETUP_TIMEOUT).ensure(topics.episodeTopics(), config.partitions(),
                        config.replicationFactor(), List.of());
            } catch (PublishException e) {
                throw new ReplayException(e.getMessage(), e);
            }
            long events = publish(clientProperties, topics, episodes.order(), headers, sent == null ? n -> { } : sent);
            Duration elapsed = Duration.ofNanos(clock.nanos() - begin);
            Summary summary = new Summary(episodes.episodes(), events, left, perturbation.noisedValues(), elapsed,
                    events == episodes.events());
            LOG.info("Replayed {} episodes ({} events) to {} in {} ms: {} events/s{}", summary.episodes(), events, config.namespace(),
                    elapsed.toMillis(), Math.round(summary.eventsPerSecond()), summary.complete() ? "" : " (stopped)");
            return summary;
        }
    }

    private long countThinned(Thinning thinning) {
        if (config.keepProbability() >= 1) {
            return 0;
        }
        return dataset.episodes(config.includeQuarantine()).stream().filter(e -> !thinning.test(e.get("episode_id").toString()))
                .count();
    }

    /** Noise per scenario: its declared observation space and the dataset's feature statistics. */
    private Function<String, ValueNoise> noise() {
        Map<String, ValueNoise> byScenario = new HashMap<>();
        return scenario -> byScenario.computeIfAbsent(scenario, name -> {
            io.mdpstream.sim.spi.Scenario known;
            try {
                known = Scenarios.named(name);
            } catch (IllegalArgumentException e) {
                throw new ReplayException("value noise needs the observation space of scenario " + name + ": " + e.getMessage(), e);
            }
            JsonNode features = dataset.metadata().path("scenarios").path(name).path("statistics").path("observation");
            return new ValueNoise(config.noiseSigma(), config.noiseClip(), known.observationSpace(),
                    feature -> features.path(feature).path("std").asDouble(Double.NaN));
        });
    }

    /** Registers each writer schema under its target subject; returns the wire header of each (kind, source id). */
    private Map<String, byte[]> registerSchemas(Map<String, Object> clientProperties, EventTopics topics,
                                                List<EpisodeSpill.SchemaUse> uses) {
        Map<String, byte[]> headers = new HashMap<>();
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.putIfAbsent(RegistryClientConfig.CONNECT_TIMEOUT_MS_CONFIG, 5_000);
        props.putIfAbsent(RegistryClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (SchemaRegistryClient registry = CachingSchemaRegistryClient.connect(RegistryClientConfig.from(props))) {
            for (EpisodeSpill.SchemaUse use : uses) {
                Schema schema = dataset.writerSchema(use.schemaId());
                int id = registry.register(use.kind().topic(topics) + "-value", schema);
                headers.put(key(use.kind(), use.schemaId()), ByteBuffer.allocate(5).put((byte) 0).putInt(id).array());
            }
        } catch (SchemaRegistryException | SinkException | org.apache.kafka.common.config.ConfigException e) {
            throw new ReplayException("cannot register the dataset's writer schemas in the schema registry at "
                    + props.get(RegistryClientConfig.URL_CONFIG) + ": " + e.getMessage(), e);
        }
        return headers;
    }

    private static String key(EventKind kind, int schemaId) {
        return kind.ordinal() + ":" + schemaId;
    }

    private long publish(Map<String, Object> clientProperties, EventTopics topics, TimeOrder order, Map<String, byte[]> headers,
                         LongConsumer sent) {
        Pacer pacer = new Pacer(config.speed(), 0, clock);
        Map<EventKind, String> topicOf = new HashMap<>();
        for (EventKind kind : EventKind.values()) {
            topicOf.put(kind, kind.topic(topics));
        }
        long commitEvery = config.commitInterval().toNanos();
        long events = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(clientProperties),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions(); // fences an earlier replay into this namespace and aborts what it left open
            producer.beginTransaction();
            boolean anchored = false;
            long lastCommit = clock.nanos();
            boolean dirty = false;
            while (order.hasNext() && !stopRequested) {
                RecordedEvent event = order.next();
                Instant at = Instant.ofEpochMilli(event.timestamp());
                if (!anchored) {
                    pacer.anchor(at);
                    anchored = true;
                }
                for (long wait = pacer.waitNanos(at); wait > 0 && !stopRequested; wait = pacer.waitNanos(at)) {
                    if (dirty && clock.nanos() - lastCommit >= commitEvery) {
                        commit(producer);
                        lastCommit = clock.nanos();
                        dirty = false;
                    }
                    clock.sleep(Math.min(wait, commitEvery));
                }
                if (stopRequested) {
                    break;
                }
                producer.send(new ProducerRecord<>(topicOf.get(event.kind()), null, event.timestamp(), event.episodeId(),
                        value(headers.get(key(event.kind(), event.schemaId())), event.body())));
                pacer.sent();
                events++;
                dirty = true;
                sent.accept(events);
                if (clock.nanos() - lastCommit >= commitEvery) {
                    commit(producer);
                    lastCommit = clock.nanos();
                    dirty = false;
                }
            }
            producer.commitTransaction();
        } catch (ProducerFencedException e) {
            throw new ReplayException("another replay into namespace " + config.namespace() + " took over (same transactional id);"
                    + " this one stops", e);
        } catch (KafkaException e) {
            throw new ReplayException("publishing to Kafka at " + clientProperties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + " failed: " + e.getMessage(), e);
        }
        return events;
    }

    private static void commit(KafkaProducer<String, byte[]> producer) {
        producer.commitTransaction();
        producer.beginTransaction();
    }

    private static byte[] value(byte[] header, byte[] body) {
        byte[] value = new byte[header.length + body.length];
        System.arraycopy(header, 0, value, 0, header.length);
        System.arraycopy(body, 0, value, header.length, body.length);
        return value;
    }

    private Map<String, Object> producerProperties(Map<String, Object> clientProperties) {
        String id = "mdpstream-replay-" + config.namespace();
        return TransactionalProducers.properties(clientProperties, id, id);
    }
}
