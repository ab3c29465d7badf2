package io.mdpstream.sink;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.events.EpisodeVerdict;
import io.mdpstream.registry.CachingSchemaRegistryClient;
import io.mdpstream.registry.RegistryClientConfig;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.registry.SchemaRegistryException;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.sink.internal.BufferedEvent;
import io.mdpstream.sink.internal.DatasetStore;
import io.mdpstream.sink.internal.Disposition;
import io.mdpstream.sink.internal.EpisodeAssembler;
import io.mdpstream.sink.internal.EventHeaders;
import io.mdpstream.sink.internal.OffsetTracker;
import io.mdpstream.sink.internal.OpenEpisodes;
import io.mdpstream.sink.internal.ReadBalance;
import io.mdpstream.sink.internal.VerdictReader;
import io.mdpstream.validate.EventKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a namespace's finished episodes, exactly once, for offline training: a consumer group
 * reading the four episode topics and the validator's verdicts, writing Parquet (or JSON Lines)
 * steps, an episodes table with lineage, and dataset metadata (see {@link DatasetLayout}).
 *
 * <ul>
 *   <li><b>Assembly.</b> Events are gathered by episode id (the topics are co-partitioned, and the
 *       range assignor gives one sink the same partition of each) until the episode is complete and,
 *       under {@link VerdictPolicy#REQUIRE}, judged. Invalid episodes go to the quarantine.</li>
 *   <li><b>Exactly once.</b> Closed episodes are written in batches whose files are made durable
 *       (forced and atomically renamed) and committed by a marker file; only then are offsets
 *       committed, and never past the first event of an episode not stored yet. A sink killed at any
 *       moment reads again from there and skips the episodes its markers list.</li>
 *   <li><b>Bounded memory.</b> Events are held as bytes; beyond {@code buffer.max.bytes} the largest
 *       open episodes are spilled to disk, and episodes are written row by row.</li>
 *   <li><b>Pipelined.</b> A batch's rows are encoded (Parquet or JSON) on two threads of its own, one for
 *       the steps and one for the other tables, while the calling thread reads on and assembles the next
 *       batch; a batch is finished (made durable, its marker written, its offsets released) once encoded
 *       or when the next one starts, so at most two are in memory.</li>
 * </ul>
 *
 * <p>{@link #run} reads and assembles on the calling thread; {@link #stop} and {@link #status} may be called
 * from any thread.
 */
public final class EpisodeSink {

    private static final Logger LOG = LoggerFactory.getLogger(EpisodeSink.class);
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(15);
    private static final long SCAN_NANOS = 500_000_000L;
    private static final long PROGRESS_NANOS = 10_000_000_000L;

    /**
     * What a run did.
     *
     * @param episodes      episodes stored in the training set
     * @param quarantined   episodes stored in the quarantine
     * @param dropped       fragments without a start that were given up
     * @param steps         step rows written (both areas)
     * @param batches       batches committed
     * @param skipped       events of episodes stored before (read again after a restart)
     * @param undecodable   records skipped because they are not episode events
     * @param duplicates    duplicate events dropped
     * @param spills        times an open episode was spilled to disk
     * @param peakBufferedBytes most memory open episodes took
     */
    public record Summary(long episodes, long quarantined, long dropped, long steps, long batches, long skipped,
                          long undecodable, long duplicates, long spills, long peakBufferedBytes, Duration elapsed) {
    }

    private final SinkConfig config;
    private final Map<String, Object> clientProperties;
    private final LongSupplier clock;
    private final EventTopics topics;
    /** The episode topics' kinds and the verdicts topic, named once rather than for every record. */
    private final Map<String, EventKind> kindOfTopic = new HashMap<>();
    private final String verdictsTopic;
    private final Function<String, Scenario> scenarios;
    private volatile boolean stopRequested;
    private volatile String state = "STARTING";
    private KafkaConsumer<String, byte[]> consumer;

    private DatasetStore store;
    private OffsetTracker offsets;
    private OpenEpisodes open;
    private EventHeaders headers;
    private EpisodeAssembler assembler;
    private final ReadBalance balance = new ReadBalance();
    /** The polling thread failed: nothing is committed any more. */
    private boolean failed;
    private VerdictReader verdicts;
    private final List<Disposition> pending = new ArrayList<>();
    /** Episodes closed and not stored yet: pending, or in a batch being written. */
    private final Set<String> pendingIds = new HashSet<>();
    private long pendingSteps;
    /** Batches whose rows are being encoded, oldest first; their episodes' offsets stay held until they are finished. */
    private final ArrayDeque<InFlight> writing = new ArrayDeque<>();

    private record InFlight(List<Disposition> episodes, DatasetStore.Writing batch) {
    }
    private long firstPendingAt;
    private long lastCommitAt;
    private volatile long episodes;
    private volatile long quarantined;
    private volatile long dropped;
    private volatile long steps;
    private volatile long batches;
    private long skipped;
    private long undecodable;

    /**
     * @param clientProperties Kafka consumer and schema registry client settings (bootstrap servers,
     *                         registry URL, SASL, TLS); group and offset settings are the sink's own
     */
    public EpisodeSink(SinkConfig config, Map<String, Object> clientProperties) {
        this(config, clientProperties, System::nanoTime);
    }

    EpisodeSink(SinkConfig config, Map<String, Object> clientProperties, LongSupplier clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clientProperties = Map.copyOf(clientProperties);
        this.clock = clock;
        this.topics = config.topics();
        for (EventKind kind : EventKind.values()) {
            kindOfTopic.put(kind.topic(topics), kind);
        }
        this.verdictsTopic = topics.verdicts();
        Map<String, Scenario> known = Scenarios.all().stream().collect(Collectors.toMap(Scenario::name, s -> s, (a, b) -> a));
        this.scenarios = known::get;
    }

    /** Asks {@link #run} to store what is finished, commit, and return. */
    public void stop() {
        stopRequested = true; // seen within one poll (100 ms)
    }

    /** What the sink is doing: state (STARTING, RUNNING, STOPPED, FAILED) and counts. Safe from any thread. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("state", state);
        status.put("namespace", topics.namespace());
        status.put("output_dir", config.outputDir().toAbsolutePath().toString());
        status.put("episodes", episodes);
        status.put("quarantined", quarantined);
        status.put("dropped", dropped);
        status.put("steps", steps);
        status.put("batches", batches);
        return status;
    }

    /**
     * Stores episodes until {@link #stop}, or until idle when {@code stop.when.idle.ms} is set.
     *
     * @throws SinkException when the output directory is not writable (before any connection is
     *                       made), Kafka or the registry cannot be reached, or a batch cannot be written
     */
    public Summary run() {
        try {
            Summary summary = consume();
            state = "STOPPED";
            return summary;
        } catch (RuntimeException e) {
            state = "FAILED";
            throw e;
        }
    }

    private Summary consume() {
        long begin = clock.getAsLong();
        store = DatasetStore.open(new DatasetLayout(config.outputDir()), config.format(), topics, scenarios);
        LOG.info("Dataset {}: {} episodes known from earlier runs", config.outputDir().toAbsolutePath(), store.storedKnown());
        try (SchemaRegistryClient registry = connectRegistry();
             KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(),
                     new ByteArrayDeserializer())) {
            consumer = kafka;
            offsets = new OffsetTracker();
            open = new OpenEpisodes(topics, config.verdicts(), config.verdictTimeout(), config.idleTimeout(),
                    config.bufferMaxBytes(), new DatasetLayout(config.outputDir()).spill(), offsets);
            headers = new EventHeaders(registry);
            assembler = new EpisodeAssembler(topics, registry, scenarios);
            verdicts = new VerdictReader(registry);
            List<String> subscribed = new ArrayList<>(topics.episodeTopics());
            if (config.verdicts() == VerdictPolicy.REQUIRE) {
                subscribed.add(topics.verdicts());
            }
            checkTopics(kafka, subscribed);
            kafka.subscribe(subscribed, new Rebalance());
            state = "RUNNING";
            try {
                loop(kafka);
                flushAll(kafka);
            } catch (RuntimeException e) {
                failed = true; // closing the consumer calls onPartitionsRevoked: it must not commit now
                writing.forEach(w -> store.abandon(w.batch()));
                throw e;
            }
        } finally {
            consumer = null;
        }
        Duration elapsed = Duration.ofNanos(clock.getAsLong() - begin);
        Summary summary = new Summary(episodes, quarantined, dropped, steps, batches, skipped, undecodable, open.duplicates(),
                open.spills(), open.peakBytes(), elapsed);
        LOG.info("Sink of {} stopped: {} episodes stored, {} quarantined, {} steps in {} batches, {} s", topics.namespace(),
                episodes, quarantined, steps, batches, elapsed.toSeconds());
        return summary;
    }

    private void loop(KafkaConsumer<String, byte[]> kafka) {
        long lastRecord = clock.getAsLong();
        long lastScan = lastRecord;
        long lastProgress = lastRecord;
        lastCommitAt = lastRecord;
        while (!stopRequested) {
            ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(100));
            long now = clock.getAsLong();
            for (ConsumerRecord<String, byte[]> record : records) {
                handle(record, now);
            }
            balance(kafka);
            if (!records.isEmpty()) {
                lastRecord = now;
            }
            boolean scan = now - lastScan >= SCAN_NANOS;
            if (scan) {
                lastScan = now;
            }
            close(open.ready(now, scan), now);
            finishEncoded();
            boolean due = now - firstPendingAt >= config.flushInterval().toNanos();
            if (!pending.isEmpty() && (pendingSteps >= config.flushMaxSteps() || due)) {
                flush(kafka);
            } else if (now - lastCommitAt >= config.flushInterval().toNanos()) {
                commitOffsets(kafka);
            }
            if (now - lastProgress >= PROGRESS_NANOS) {
                lastProgress = now;
                LOG.info("Sink of {}: {} stored, {} quarantined, {} open ({} bytes in memory), {} waiting to be written",
                        topics.namespace(), episodes, quarantined, open.size(), open.bytes(), pending.size());
            }
            if (!config.stopWhenIdle().isZero() && now - lastRecord >= config.stopWhenIdle().toNanos() && open.size() == 0
                    && pending.isEmpty() && writing.isEmpty() && !kafka.assignment().isEmpty()) {
                LOG.info("Nothing new for {} ms and every episode read is stored: stopping", config.stopWhenIdle().toMillis());
                break;
            }
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record, long now) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        offsets.read(partition, record.offset());
        if (record.topic().equals(verdictsTopic)) {
            verdict(record, partition, now);
            return;
        }
        EventKind kind = kindOfTopic.get(record.topic());
        balance.read(partition, record.timestamp());
        EventHeaders.Header header;
        try {
            header = headers.read(kind, record.topic(), record.value());
            if (!header.episodeId().equals(record.key())) {
                throw new SerializationException("key '" + record.key() + "' is not the envelope's episode id '"
                        + header.episodeId() + "'");
            }
        } catch (SerializationException e) {
            undecodable++;
            LOG.warn("Skipping record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        String id = header.episodeId();
        if (store.isStored(id) || pendingIds.contains(id)) {
            skipped++;
            return;
        }
        open.add(id, record.partition(), new BufferedEvent(kind, header.seq(), header.step(), record.offset(), record.timestamp(),
                record.value()),
                header.start(), header.end(), header.scenario(), now);
    }

    /**
     * Once open episodes take half the buffer, reads first the episode topics that are behind in
     * simulated time (see {@link ReadBalance}); below that, all of them.
     */
    private void balance(KafkaConsumer<String, byte[]> kafka) {
        Set<TopicPartition> assigned = kafka.assignment();
        Set<TopicPartition> pause = Set.of();
        if (open.bytes() > config.bufferMaxBytes() / 2) {
            List<TopicPartition> episodeTopics = assigned.stream().filter(p -> kindOfTopic.containsKey(p.topic())).toList();
            pause = balance.ahead(episodeTopics, p -> kafka.currentLag(p).orElse(-1));
        }
        Set<TopicPartition> paused = kafka.paused();
        Set<TopicPartition> resume = new HashSet<>(paused);
        resume.removeAll(pause);
        if (!resume.isEmpty()) {
            kafka.resume(resume);
        }
        Set<TopicPartition> newlyPaused = new HashSet<>(pause);
        newlyPaused.removeAll(paused);
        if (!newlyPaused.isEmpty()) {
            kafka.pause(newlyPaused);
        }
    }

    private void verdict(ConsumerRecord<String, byte[]> record, TopicPartition partition, long now) {
        EpisodeVerdict verdict;
        try {
            verdict = verdicts.read(record.topic(), record.value());
        } catch (SerializationException e) {
            undecodable++;
            LOG.warn("Skipping verdict {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        if (!store.isStored(verdict.getEpisodeId()) && !pendingIds.contains(verdict.getEpisodeId())) {
            open.verdict(verdict, partition, record.offset(), now);
        }
    }

    private void close(List<Disposition> closed, long now) {
        for (Disposition disposition : closed) {
            if (disposition.area() == Disposition.Area.DROP) {
                LOG.warn("Dropping events of episode {} (partition {}): {}", disposition.episode().id(),
                        disposition.episode().partition(), disposition.reason());
                open.release(disposition.episode());
                dropped++;
                continue;
            }
            if (pending.isEmpty()) {
                firstPendingAt = now;
            }
            pending.add(disposition);
            pendingIds.add(disposition.episode().id());
            pendingSteps += disposition.episode().states();
        }
    }

    /**
     * Starts writing the closed episodes in batches of at most {@code flush.max.steps} steps (or one
     * episode), finishes all but the last batch, then commits the offsets that this made safe. The last
     * batch's rows go on being encoded while the next records are read and the next batch is assembled;
     * it is finished once encoded, at the next flush, or by {@link #flushAll}. So at most two batches are
     * in memory at once.
     */
    private void flush(KafkaConsumer<String, byte[]> kafka) {
        List<Disposition> batch = new ArrayList<>();
        long batchSteps = 0;
        for (Disposition disposition : pending) {
            if (!batch.isEmpty() && batchSteps + disposition.episode().states() > config.flushMaxSteps()) {
                write(batch);
                batch = new ArrayList<>();
                batchSteps = 0;
            }
            batch.add(disposition);
            batchSteps += disposition.episode().states();
        }
        if (!batch.isEmpty()) {
            write(batch);
        }
        pending.clear();
        pendingSteps = 0;
        if (kafka != null) {
            commitOffsets(kafka);
        }
    }

    /** Writes every closed episode, waits until all are stored, and commits the offsets. */
    private void flushAll(KafkaConsumer<String, byte[]> kafka) {
        flush(null);
        while (!writing.isEmpty()) {
            finishOldest();
        }
        if (kafka != null) {
            commitOffsets(kafka);
        }
    }

    /** Starts a batch and finishes the one before it. */
    private void write(List<Disposition> batch) {
        DatasetStore.Writing started;
        try {
            started = store.write(batch, assembler);
        } catch (IOException | UncheckedIOException e) {
            throw new SinkException("cannot write a batch to " + config.outputDir().toAbsolutePath() + ": " + e.getMessage(), e);
        }
        writing.add(new InFlight(batch, started));
        // The older batch's rows were encoded while this one was assembled; what is left of them is waited for now.
        while (writing.size() > 1) {
            finishOldest();
        }
    }

    /** Finishes the batches whose rows are all encoded, oldest first, without waiting. */
    private void finishEncoded() {
        while (!writing.isEmpty() && writing.peek().batch().encoded()) {
            finishOldest();
        }
    }

    /** Makes the oldest batch durable and commits it; only then are its episodes' offsets released. */
    private void finishOldest() {
        InFlight oldest = writing.poll();
        DatasetStore.Committed committed;
        try {
            committed = store.finish(oldest.batch());
        } catch (IOException | UncheckedIOException e) {
            throw new SinkException("cannot write a batch to " + config.outputDir().toAbsolutePath() + ": " + e.getMessage(), e);
        }
        for (Disposition disposition : oldest.episodes()) {
            open.release(disposition.episode());
            pendingIds.remove(disposition.episode().id());
        }
        episodes += committed.training();
        quarantined += committed.quarantined();
        steps += committed.steps();
        batches++;
        LOG.debug("Stored batch {}: {} episodes, {} quarantined, {} steps", committed.batch(), committed.training(),
                committed.quarantined(), committed.steps());
    }

    private void commitOffsets(KafkaConsumer<String, byte[]> kafka) {
        lastCommitAt = clock.getAsLong();
        Set<TopicPartition> assigned = kafka.assignment();
        Map<TopicPartition, OffsetAndMetadata> safe = new HashMap<>(offsets.committable(partition -> position(kafka, partition)));
        safe.keySet().retainAll(assigned);
        if (safe.isEmpty()) {
            return;
        }
        try {
            kafka.commitSync(safe);
            offsets.committed(safe);
            store.prune(offsets::committedOffset);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The files are stored and listed in their markers; whoever reads these partitions next skips them.
            LOG.warn("Could not commit offsets {} (the group is rebalancing): {}", safe, e.getMessage());
        }
    }

    /** The consumer's position in an assigned partition, without waiting for it; -1 when not known yet. */
    private static long position(KafkaConsumer<String, byte[]> kafka, TopicPartition partition) {
        try {
            return kafka.assignment().contains(partition) ? kafka.position(partition, Duration.ZERO) : -1;
        } catch (KafkaException e) {
            return -1;
        }
    }

    /** Flushes before partitions go, and forgets what was open for them: their next owner reads it again. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (failed) {
                // The consumer's position is past records that the failure left unapplied (a verdict that could not be
                // decoded, a batch not written): a commit now would lose them. The next owner reads from the last commit.
                forget(partitions);
                return;
            }
            if (!partitions.isEmpty()) {
                flushAll(consumer);
                forget(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Batches being written are given up (their next owner may store the same episodes); their episodes of
            // partitions still assigned wait to be written again.
            for (InFlight batch : writing) {
                store.abandon(batch.batch());
                pending.addAll(batch.episodes());
                batch.episodes().forEach(d -> pendingSteps += d.episode().states());
            }
            writing.clear();
            pending.removeIf(d -> {
                boolean lost = partitions.stream().anyMatch(p -> p.partition() == d.episode().partition());
                if (lost) {
                    pendingIds.remove(d.episode().id());
                    pendingSteps -= d.episode().states();
                    open.release(d.episode());
                }
                return lost;
            });
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            store.refresh(); // another sink in the group may have stored episodes of these partitions
            LOG.info("Assigned {}", partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            open.forget(partitions);
            offsets.forget(partitions);
            balance.forget(partitions);
        }
    }

    private void checkTopics(KafkaConsumer<String, byte[]> kafka, List<String> wanted) {
        Map<String, List<PartitionInfo>> existing;
        try {
            existing = kafka.listTopics(SETUP_TIMEOUT);
        } catch (KafkaException e) {
            throw new SinkException("cannot reach Kafka at " + clientProperties.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + ": " + e.getMessage(), e);
        }
        for (String topic : wanted) {
            if (!existing.containsKey(topic)) {
                LOG.warn("Topic {} does not exist yet; the sink reads it once it does{}", topic,
                        topic.equals(topics.verdicts()) ? " (is the validator running? without one, use verdicts=ignore,"
                                + " or episodes go to quarantine as unvalidated after " + config.verdictTimeout().toMillis() + " ms)" : "");
            }
        }
    }

    private SchemaRegistryClient connectRegistry() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.putIfAbsent(RegistryClientConfig.CONNECT_TIMEOUT_MS_CONFIG, 5_000);
        props.putIfAbsent(RegistryClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        SchemaRegistryClient client;
        try {
            client = CachingSchemaRegistryClient.connect(RegistryClientConfig.from(props));
        } catch (org.apache.kafka.common.config.ConfigException e) {
            throw new SinkException("schema registry settings: " + e.getMessage(), e);
        }
        try {
            client.compatibility(null);
        } catch (SchemaRegistryException e) {
            client.close();
            throw new SinkException("cannot use the schema registry at " + props.get(RegistryClientConfig.URL_CONFIG) + ": "
                    + e.getMessage(), e);
        }
        return client;
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // offsets follow durable files, nothing else
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // The range assignor gives one consumer the same partition number of every topic: an episode's events meet.
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "mdpstream-sink-" + topics.namespace());
        props.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        return props;
    }
}
