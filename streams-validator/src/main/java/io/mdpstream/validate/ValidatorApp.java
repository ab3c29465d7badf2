package io.mdpstream.validate;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.events.EpisodeVerdict;
import io.mdpstream.events.Violation;
import io.mdpstream.events.WindowMetrics;
import io.mdpstream.registry.CachingSchemaRegistryClient;
import io.mdpstream.registry.RegistryClientConfig;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.validate.internal.SharesPurger;
import io.mdpstream.validate.stats.ReferenceProfile;
import io.mdpstream.validate.stats.Share;
import io.mdpstream.validate.stats.WindowStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validator as a running application: the {@link ValidatorTopology} under Kafka Streams with
 * exactly-once processing ({@code exactly_once_v2}), its output topics created to match the
 * inputs, its state in a local directory restored from changelogs after a restart, and what it does
 * counted in Micrometer (Kafka Streams' own metrics through the binder, plus violations by rule,
 * verdicts and dead letters). The topology stays a pure function of the config; this class only
 * wires it to a cluster.
 *
 * <p>It waits for the four episode topics to exist rather than creating them: their partitioning
 * is the simulator's to choose.
 */
public final class ValidatorApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ValidatorApp.class);
    private static final Duration WAIT_FOR_TOPICS = Duration.ofSeconds(1);

    /** Counts of what went out, for the status and the summary. */
    public record Status(String state, long verdicts, long invalidEpisodes, Map<String, Long> violationsByRule,
                         long deadLetters, long windows) {

        public long violations() {
            return violationsByRule.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final ValidatorConfig config;
    private final Map<String, Object> client;
    private final MeterRegistry meters;
    private final Path stateDir;
    private final Counts counts;
    private Path captureProfile;
    private volatile KafkaStreams streams;
    private volatile boolean closed;
    private KafkaStreamsMetrics streamsMetrics;
    private SharesPurger sharesPurger;

    /**
     * @param client   Kafka and registry client properties (bootstrap.servers, schema.registry.url,
     *                 security); Kafka Streams options given here (e.g. {@code application.id},
     *                 {@code num.stream.threads}) override the defaults (stream threads: one per
     *                 task, up to twice the machine's cores)
     * @param stateDir where the local state lives; the same directory resumes faster after a restart
     */
    public ValidatorApp(ValidatorConfig config, Map<String, Object> client, MeterRegistry meters, Path stateDir) {
        this.config = config;
        this.client = Map.copyOf(client);
        this.meters = meters;
        this.stateDir = stateDir;
        this.counts = new Counts(meters);
    }

    /**
     * Also captures a reference profile of everything validated (reward and feature summaries),
     * written to {@code file} when the app closes, to score later runs' drift against.
     *
     * @throws IllegalArgumentException when the rolling statistics, which the profile is taken from, are off
     */
    public ValidatorApp captureProfile(Path file) {
        if (file != null && !config.statistics()) {
            throw new IllegalArgumentException("a reference profile is captured from the rolling statistics, which "
                    + "are turned off (" + ValidatorConfig.STATISTICS_CONFIG + ")");
        }
        this.captureProfile = file;
        counts.capture = file != null;
        return this;
    }

    /** The application id, which names its consumer group and internal topics: by default per namespace. */
    public String applicationId() {
        return String.valueOf(client.getOrDefault(StreamsConfig.APPLICATION_ID_CONFIG, "mdpstream-validator-" + config.namespace()));
    }

    /**
     * Waits for the input topics, creates the outputs, and starts processing; returns once started.
     *
     * @throws ValidatorException if the cluster cannot be reached or a topic cannot be created
     */
    public void start() {
        SchemaRegistryClient registry = CachingSchemaRegistryClient.connect(RegistryClientConfig.from(registryOptions()));
        // Built first: a bad reference profile stops here, before anything is created.
        // A profile captured compares features' distributions later: they need their sketches.
        var topology = ValidatorTopology.build(captureProfile == null ? config : config.withFeatureQuantiles(true), applicationId(),
                registry, counts);
        int partitions;
        try (Admin admin = Admin.create(adminProperties())) {
            partitions = awaitInputs(admin);
            createOutputs(admin, partitions);
        }
        streams = new KafkaStreams(topology, streamsProperties(partitions));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("The validator's stream thread failed; it is replaced and the task resumes from its last commit", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(meters);
        streams.start();
        if (config.statistics()) {
            sharesPurger = SharesPurger.start(Admin.create(adminProperties()), applicationId(),
                    ValidatorTopology.partialsTopic(applicationId()), sharesPurgeInterval());
        }
        LOG.info("Validating {}.* as {} on {} stream threads (lateness {}, gap timeout {}, {})", config.namespace(),
                applicationId(), streamThreads(partitions), config.lateness(), config.gapTimeout(),
                config.statistics() ? "windows " + config.windowSize() + " every " + config.windowAdvance() : "no statistics");
    }

    /** What Kafka Streams says of itself, or CREATED before {@link #start}. */
    public KafkaStreams.State state() {
        KafkaStreams s = streams;
        return s == null ? KafkaStreams.State.CREATED : s.state();
    }

    public Status status() {
        return new Status(state().name(), counts.verdicts.get(), counts.invalid.get(), new LinkedHashMap<>(counts.byRule()),
                counts.deadLetters.get(), counts.windows.get());
    }

    /** The body of {@code /health}: UP while Kafka Streams runs or rebalances. */
    public String health() {
        KafkaStreams.State state = state();
        boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        Status s = status();
        return String.format(Locale.ROOT, "{\"status\":\"%s\",\"state\":\"%s\",\"verdicts\":%d,\"invalid_episodes\":%d,"
                        + "\"violations\":%d,\"dead_letters\":%d,\"windows\":%d}",
                up ? "UP" : "DOWN", state, s.verdicts(), s.invalidEpisodes(), s.violations(), s.deadLetters(), s.windows());
    }

    @Override
    public void close() {
        closed = true;
        KafkaStreams s = streams;
        if (s != null) {
            // Leaves the group rather than waiting to be missed (Kafka Streams' default, made for static members that
            // come back): a validator started again, with a new state directory or on another machine, then gets the
            // tasks at once instead of after the session timeout (45 s by default).
            s.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
        }
        if (sharesPurger != null) {
            sharesPurger.close();
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        if (captureProfile != null && counts.captured != null) {
            ReferenceProfile.of(counts.capturedScenario, counts.captured).write(captureProfile);
            LOG.info("Reference profile of {} captured in {}", config.namespace(), captureProfile);
        }
    }

    /** Whether a profile was captured (something was validated) and written at close. */
    public boolean profileCaptured() {
        return counts.captured != null;
    }

    /**
     * Stream threads: {@code num.stream.threads} when the client properties set it, else one per task (a task per
     * partition checks episodes; with the statistics, one more merges the windows), up to twice the machine's cores.
     * One per task rather than one per core: Kafka Streams gives each thread the same number of tasks, so with fewer
     * threads one carries two (the merger and a partition's checks, say) and holds the run back while another runs out
     * of work; with a thread each, the operating system shares the cores among them. On two cores and three partitions
     * (ValidateBench), a thread per task made the validator about 1.2 times as fast as two threads (median 0.28 of the
     * plain consumer's rate, against 0.24), and 1.2 to 1.5 times without statistics (0.87, against 0.57 to 0.73).
     */
    private Object streamThreads(int partitions) {
        int tasks = partitions + (config.statistics() ? 1 : 0);
        return client.getOrDefault(StreamsConfig.NUM_STREAM_THREADS_CONFIG,
                Math.max(1, Math.min(tasks, 2 * Runtime.getRuntime().availableProcessors())));
    }

    /** How often consumed window shares are deleted: Kafka Streams' own setting for its repartition topics. */
    private Duration sharesPurgeInterval() {
        Object set = client.get(StreamsConfig.REPARTITION_PURGE_INTERVAL_MS_CONFIG);
        return Duration.ofMillis(set == null ? 30_000 : Long.parseLong(String.valueOf(set)));
    }

    private Properties streamsProperties(int partitions) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads(partitions));
        putProducerDefaults(props, client);
        // Bad records are routed by the topology itself; anything else that fails is a bug to see.
        props.putAll(client);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        return props;
    }

    /** The validator's producers batch up to this many bytes per partition, unless the client options say otherwise. */
    static final int PRODUCER_BATCH_BYTES = 64 * 1024;

    /**
     * Larger producer batches than Kafka's default 16 KiB, unless {@code client} sets {@code batch.size} (plain or
     * {@code producer.}-prefixed). The statistics write records of a few KiB (a slice's shares, a merged slice, a
     * window's metrics), some 150 bytes per input event in all; in 16 KiB batches that was a produce request every
     * hundred events, and serving those requests (the client's I/O thread and the broker's) took about as much CPU as
     * the merging itself (ValidateBench). Four times the default cut that by about half. Larger batches go out only at
     * each commit's flush, which the stream thread waits for: 256 KiB and 1 MiB made the validator without
     * statistics, whose records fill no batch, slower.
     */
    static void putProducerDefaults(Properties props, Map<String, ?> client) {
        String prefixed = StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG);
        if (!client.containsKey(ProducerConfig.BATCH_SIZE_CONFIG) && !client.containsKey(prefixed)) {
            props.put(prefixed, PRODUCER_BATCH_BYTES);
        }
    }

    private Map<String, Object> registryOptions() {
        Set<String> names = RegistryClientConfig.CONFIG_DEF.names();
        return client.entrySet().stream().filter(e -> names.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private Map<String, Object> adminProperties() {
        Map<String, Object> props = new HashMap<>();
        Set<String> names = AdminClientConfig.configNames();
        client.forEach((k, v) -> {
            if (names.contains(k)) {
                props.put(k, v);
            }
        });
        return props;
    }

    /** Waits until the four episode topics exist and returns their partition count (they are co-partitioned). */
    private int awaitInputs(Admin admin) {
        List<String> inputs = config.topics().episodeTopics();
        boolean told = false;
        try {
            while (!closed) {
                Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                if (existing.containsAll(inputs)) {
                    Map<String, TopicDescription> described = admin.describeTopics(inputs).allTopicNames().get(30, TimeUnit.SECONDS);
                    Set<Integer> counts = described.values().stream().map(d -> d.partitions().size()).collect(Collectors.toSet());
                    if (counts.size() != 1) {
                        throw new ValidatorException("the episode topics of " + config.namespace() + " are not co-partitioned: "
                                + described.values().stream().map(d -> d.name() + "=" + d.partitions().size()).toList());
                    }
                    return counts.iterator().next();
                }
                if (!told) {
                    LOG.info("Waiting for {} to exist (start a simulator on namespace {})", inputs, config.namespace());
                    told = true;
                }
                Thread.sleep(WAIT_FOR_TOPICS.toMillis());
            }
            throw new ValidatorException("closed while waiting for the episode topics of " + config.namespace());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ValidatorException("interrupted while waiting for the episode topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ValidatorException("cannot reach Kafka at " + client.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + ": "
                    + e.getMessage(), e);
        }
    }

    /** Creates the outputs (partitioned like the inputs) and the one-partition topic where window shares meet. */
    private void createOutputs(Admin admin, int partitions) {
        EventTopics topics = config.topics();
        Map<String, String> configs = EventTopics.simulatedTimeConfigs(); // outputs carry simulated timestamps too
        List<NewTopic> wanted = new ArrayList<>();
        for (String topic : List.of(topics.violations(), topics.verdicts(), topics.metrics(), topics.deadLetter())) {
            wanted.add(new NewTopic(topic, java.util.Optional.of(partitions), java.util.Optional.empty()).configs(configs));
        }
        if (config.statistics()) {
            wanted.add(new NewTopic(ValidatorTopology.partialsTopic(applicationId()), java.util.Optional.of(1), java.util.Optional.empty())
                    .configs(configs));
        }
        try {
            for (NewTopic topic : wanted) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new ValidatorException("cannot create " + topic.name() + ": " + e.getCause().getMessage(), e);
                    }
                }
            }
            // Created is not yet known to every broker: Kafka Streams would find a source topic missing.
            List<String> names = wanted.stream().map(NewTopic::name).toList();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!admin.listTopics().names().get(30, TimeUnit.SECONDS).containsAll(names)) {
                if (System.nanoTime() > deadline) {
                    throw new ValidatorException("the output topics " + names + " were created but do not show in the metadata");
                }
                Thread.sleep(100);
            }
            checkOutputs(admin, names);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ValidatorException("interrupted while creating the output topics", e);
        } catch (TimeoutException | ExecutionException e) {
            throw new ValidatorException("timed out creating the output topics: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses outputs that existed before with configs unfit for simulated time (made by hand, or
     * auto-created by a consumer that asked for them too early): the broker would reject verdicts
     * stamped ahead of its clock and stop the validator later, mid-run.
     */
    private static void checkOutputs(Admin admin, List<String> names) throws InterruptedException, ExecutionException, TimeoutException {
        List<ConfigResource> resources = names.stream().map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> described = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
        for (ConfigResource resource : resources) {
            Map<String, String> configs = EventTopics.byName(described.get(resource));
            String misfit = EventTopics.simulatedTimeMisfit(resource.name(), configs);
            if (misfit != null) {
                throw new ValidatorException(misfit);
            }
            if (EventTopics.deletesSimulatedPast(configs)) {
                LOG.warn("Topic {} has {}={}: what the validator writes there, stamped in simulated time, is deleted as soon"
                        + " as its segment rolls", resource.name(), TopicConfig.RETENTION_MS_CONFIG, configs.get(TopicConfig.RETENTION_MS_CONFIG));
            }
        }
    }

    /** A state directory of its own under the temporary directory, for one-off runs. */
    public static Path temporaryStateDir() {
        try {
            return Files.createTempDirectory("mdpstream-validator-");
        } catch (java.io.IOException e) {
            throw new ValidatorException("cannot create a state directory: " + e.getMessage(), e);
        }
    }

    /** Counts outputs for the status and as Micrometer counters; called on the stream threads. */
    private static final class Counts implements ValidatorListener {
        private final MeterRegistry meters;
        private final Map<String, Counter> violationCounters = new ConcurrentHashMap<>();
        private final Map<String, AtomicLong> byRule = new ConcurrentHashMap<>();
        private final AtomicLong verdicts = new AtomicLong();
        private final AtomicLong invalid = new AtomicLong();
        private final AtomicLong deadLetters = new AtomicLong();
        private final AtomicLong windows = new AtomicLong();
        private volatile boolean capture;
        /** Everything merged so far, when capturing; null until the first share. Only the merging thread writes it. */
        private volatile WindowStats captured;
        private volatile String capturedScenario;
        private final Counter valid;
        private final Counter notValid;

        Counts(MeterRegistry meters) {
            this.meters = meters;
            this.valid = Counter.builder("mdpstream.validator.verdicts").tag("valid", "true")
                    .description("Verdicts on finished episodes").register(meters);
            this.notValid = Counter.builder("mdpstream.validator.verdicts").tag("valid", "false")
                    .description("Verdicts on finished episodes").register(meters);
            for (Rule rule : Rule.values()) {
                counter(rule.id()); // every rule shows, at zero until it fires
            }
        }

        Map<String, Long> byRule() {
            Map<String, Long> out = new java.util.TreeMap<>();
            byRule.forEach((rule, n) -> {
                if (n.get() > 0) {
                    out.put(rule, n.get());
                }
            });
            return out;
        }

        private Counter counter(String rule) {
            return violationCounters.computeIfAbsent(rule, r -> Counter.builder("mdpstream.validator.violations").tag("rule", r)
                    .description("Violations found, by rule").register(meters));
        }

        @Override
        public void violation(Violation violation) {
            counter(violation.getRule()).increment();
            byRule.computeIfAbsent(violation.getRule(), r -> new AtomicLong()).incrementAndGet();
        }

        @Override
        public void verdict(EpisodeVerdict verdict) {
            verdicts.incrementAndGet();
            if (verdict.getValid()) {
                valid.increment();
            } else {
                invalid.incrementAndGet();
                notValid.increment();
            }
        }

        @Override
        public void share(String scenario, Share share) {
            if (capture) {
                WindowStats all = captured == null ? new WindowStats() : captured;
                share.addTo(all);
                captured = all;
                capturedScenario = scenario;
            }
        }

        @Override
        public void window(WindowMetrics metrics) {
            windows.incrementAndGet();
        }

        @Override
        public void deadLetter(String topic) {
            deadLetters.incrementAndGet();
            Counter.builder("mdpstream.validator.dead.letters").tag("topic", topic)
                    .description("Undecodable records sent to the dead-letter topic").register(meters).increment();
        }
    }
}
