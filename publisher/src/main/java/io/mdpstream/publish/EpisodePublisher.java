package io.mdpstream.publish;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.events.ActionSource;
import io.mdpstream.events.AgentErrorCode;
import io.mdpstream.events.EpisodeOutcome;
import io.mdpstream.events.FaultRecord;
import io.mdpstream.publish.internal.AgentInbox;
import io.mdpstream.publish.internal.AvroEvents;
import io.mdpstream.publish.internal.Checkpoints;
import io.mdpstream.publish.internal.FaultInjector;
import io.mdpstream.publish.internal.SendPipeline;
import io.mdpstream.publish.internal.TransactionCommit;
import io.mdpstream.publish.internal.PublisherMetrics;
import io.mdpstream.registry.CachingSchemaRegistryClient;
import io.mdpstream.registry.RegistryClientConfig;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.registry.SchemaRegistryException;
import io.mdpstream.serde.AvroSerializer;
import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.policy.ActionChoice;
import io.mdpstream.sim.policy.Policy;
import io.mdpstream.sim.policy.PolicyId;
import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeDriver;
import io.mdpstream.sim.run.EpisodeInterleaver;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.EpisodeSpec;
import io.mdpstream.sim.run.LaneState;
import io.mdpstream.sim.run.Policies;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.run.TraceJson;
import io.mdpstream.sim.spi.Decision;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.sim.spi.SideRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a run's episodes to Kafka in simulated time: the live source the product is named for.
 *
 * <ul>
 *   <li>Events go to {@code <ns>.episodes|states|actions|rewards}, keyed by episode id (so the four
 *       topics are co-partitioned), as Avro in Confluent's wire format, with the simulated time as
 *       the record timestamp.</li>
 *   <li>A transactional producer commits the events in chunks (at most {@code commitInterval}
 *       apart) together with a checkpoint of every lane; a restart with the same run id resumes after
 *       the last committed event, so a read_committed consumer sees each episode whole, once.</li>
 *   <li>At a finite speed no event leaves before its wall-clock due time.</li>
 *   <li>With the {@code external} policy each decision waits for an agent's action on
 *       {@code <ns>.agent-actions}; a missed deadline applies the scenario's fallback, and anything
 *       wrong in an agent's message is rejected with a reason on {@code <ns>.agent-errors}.</li>
 * </ul>
 *
 * <p>Instead of a run's lanes, {@link #of} publishes a given list of episodes, each from its own spec,
 * and reports each one's result: how stored episodes are run again with another policy or an agent.
 *
 * <p>{@link #run} drives everything on the calling thread; {@link #stop} may be called from any thread.
 */
public final class EpisodePublisher {

    /**
     * The policy an external agent's episodes name at their start (the agent names itself on each action). It chooses
     * nothing: the agent does, a missed deadline takes the scenario's fallback, and a resumed run aborts the agent's
     * episodes in flight rather than replaying them.
     */
    private static final Policy EXTERNAL_AGENT = new Policy() {
        private final PolicyId id = new PolicyId(PublishOptions.EXTERNAL, "1");

        @Override
        public PolicyId id() {
            return id;
        }

        @Override
        public ActionChoice choose(Decision decision, java.util.random.RandomGenerator random) {
            throw new IllegalStateException("the external agent chooses its actions itself");
        }
    };

    private static final Logger LOG = LoggerFactory.getLogger(EpisodePublisher.class);
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(15);
    /**
     * How long reading the checkpoint may wait for a transaction left open on its partition to end: longer than the
     * default transaction.timeout.ms (60 s), after which the broker aborts one whose producer was killed.
     */
    private static final Duration CHECKPOINT_TIMEOUT = Duration.ofSeconds(90);
    private static final int RECENT_ANSWERS = 10_000;

    /**
     * What a run did.
     *
     * @param complete every episode of this instance ended (else the run stopped and can be resumed)
     */
    public record Summary(long episodesStarted, long episodesFinished, long events, long faults, long agentDecisions,
                          long agentTimeouts, long agentRejections, Duration elapsed, Instant epoch, boolean resumed,
                          boolean complete) {
    }

    private final Scenario scenario;
    /** The run's parameters; null for a list of episodes, which carry their own. */
    private final ParameterSet parameters;
    /** The episodes to publish instead of a run's lanes; null for a run. */
    private final List<PlannedEpisode> planned;
    /** Told of each listed episode's result; null for a run. */
    private final Consumer<EpisodeResult> results;
    /** The events of listed episodes in flight, for their results. */
    private final Map<String, List<TraceEvent>> traces = new HashMap<>();
    private final PublishOptions options;
    private final PublisherMetrics metrics;
    private final MeterRegistry registry;
    private final WallClock clock;
    private final EventTopics topics;
    private final AvroEvents avro;
    private final FaultInjector faults;
    private final boolean noFaults;
    private volatile boolean stopRequested;
    private volatile String state = "STARTING";

    private KafkaProducer<String, Object> producer;
    private Serializer<Object> values;
    /** At max speed without an agent: the thread that sends and commits; null otherwise. */
    private SendPipeline pipeline;
    private EpisodeInterleaver interleaver;
    private Pacer pacer;
    private Checkpoints checkpoints;
    private Map<String, String> runFingerprint;
    private Instant epoch;
    private final Map<String, Long> stateSentAt = new HashMap<>();
    private final Map<String, Long> deadlines = new LinkedHashMap<>();
    private final Map<String, Answers> answered = recentAnswers();
    /** Episodes whose last decision was answered: {@code answered} forgets an episode when it ends. */
    private final Map<String, Answers> endedAnswers = recentAnswers();
    private boolean dirty;
    private boolean agentMustSee;
    private long lastCommit;
    private long started;
    private long finished;
    private long faultCount;
    private long agentDecisions;
    private long agentTimeouts;
    private long agentRejections;

    public EpisodePublisher(Scenario scenario, ParameterSet parameters, PublishOptions options, MeterRegistry registry) {
        this(scenario, Objects.requireNonNull(parameters, "parameters"), null, null, options, registry, WallClock.SYSTEM);
    }

    EpisodePublisher(Scenario scenario, ParameterSet parameters, PublishOptions options, MeterRegistry registry,
                     WallClock clock) {
        this(scenario, Objects.requireNonNull(parameters, "parameters"), null, null, options, registry, clock);
    }

    private EpisodePublisher(Scenario scenario, ParameterSet parameters, List<PlannedEpisode> planned,
                             Consumer<EpisodeResult> results, PublishOptions options, MeterRegistry registry, WallClock clock) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.parameters = parameters;
        this.planned = planned;
        this.results = results;
        this.options = Objects.requireNonNull(options, "options");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = clock;
        this.topics = options.topics();
        this.avro = new AvroEvents(scenario, topics);
        this.faults = new FaultInjector(options.faults(), scenario.observationSpace());
        this.noFaults = options.faults().none();
        this.metrics = new PublisherMetrics(registry, options.namespace(), topics.episodeTopics());
        if (!options.externalAgent()) {
            Policies.named(options.policy(), scenario); // a bad policy name fails before any connection
        }
    }

    /**
     * A publisher of the given episodes instead of a run's lanes. Each episode runs from its own spec
     * and parameters, so a stored episode meets the same randomness again; at most
     * {@code options.inFlight()} run at once, a free lane taking the next of the list. The options'
     * policy chooses, or with {@code external} an agent, exactly as in a run. Of the options, the
     * seed, epoch and episode count are not used (the specs say them), and nothing is checkpointed:
     * a list stopped part-way is published again from its start, under another run id.
     *
     * @param episodes the episodes, whose ids must differ (an agent names the episode it answers)
     * @param results  told of each episode once its end was handed to the producer, on the thread
     *                 that calls {@link #run}; a later failure to commit still fails the run
     * @throws IllegalArgumentException when the list is empty, holds an episode id twice, or the
     *                                  options share the run among several instances
     */
    public static EpisodePublisher of(Scenario scenario, List<PlannedEpisode> episodes, PublishOptions options,
                                      MeterRegistry registry, Consumer<EpisodeResult> results) {
        Objects.requireNonNull(results, "results");
        if (episodes.isEmpty()) {
            throw new IllegalArgumentException("no episodes to publish");
        }
        if (options.instances() != 1) {
            throw new IllegalArgumentException("a list of episodes is published by one instance, not " + options.instances());
        }
        Set<String> ids = new HashSet<>();
        for (PlannedEpisode episode : episodes) {
            if (!ids.add(episode.spec().episodeId())) {
                throw new IllegalArgumentException("episode " + episode.spec().episodeId() + " is listed twice");
            }
        }
        return new EpisodePublisher(scenario, null, List.copyOf(episodes), results, options, registry, WallClock.SYSTEM);
    }

    /**
     * What the run is doing, for a health endpoint: {@code status} (UP while starting or running,
     * DOWN once stopped or failed), the state, and counts. Safe to call from any thread.
     */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("status", state.equals("STARTING") || state.equals("RUNNING") ? "UP" : "DOWN");
        status.put("state", state);
        status.put("run_id", options.runId());
        status.put("instance", options.instance());
        status.put("namespace", options.namespace());
        status.put("events_published", metrics.events());
        status.put("episodes_started", started);
        status.put("episodes_finished", finished);
        EpisodeInterleaver current = interleaver;
        status.put("episodes_in_flight", current == null ? 0 : current.inFlight());
        status.put("episodes_waiting_for_agent", current == null ? 0 : current.waiting());
        return status;
    }

    /** Asks a running {@link #run} to commit what it sent and return; the run can be resumed later. */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Publishes until every episode of this instance ended, the duration elapsed, or {@link #stop}.
     *
     * @throws PublishException when Kafka or the registry cannot be reached, a topic does not fit, or
     *                          a restart does not match the run's checkpoint
     */
    public Summary run() {
        try {
            Summary summary = publish();
            state = summary.complete() ? "COMPLETE" : "STOPPED";
            return summary;
        } catch (RuntimeException e) {
            state = "FAILED";
            throw e;
        }
    }

    private Summary publish() {
        long begin = clock.nanos();
        checkRegistry();
        List<String> coPartitioned = new ArrayList<>(topics.episodeTopics());
        coPartitioned.addAll(List.of(topics.agentActions(), topics.agentErrors(), topics.faultLog()));
        coPartitioned.addAll(avro.sideTopics().values());
        new TopicSetup(options.clientProperties(), SETUP_TIMEOUT).ensure(coPartitioned, options.partitions(),
                options.replicationFactor(), planned == null ? List.of(topics.checkpoints()) : List.of());
        registerAgentActionSchema();

        Checkpoints.Checkpoint last = null;
        if (planned == null) {
            checkpoints = new Checkpoints(topics.checkpoints(), options.runId(), options.instance());
            // A first look, so that a restart with other settings is refused before it fences a running instance.
            last = checkpoints.read(options.clientProperties(), SETUP_TIMEOUT);
            runFingerprint = fingerprint();
            epoch = epoch(last);
            if (last != null && last.complete()) {
                return alreadyComplete();
            }
        } else {
            epoch = planned.stream().map(p -> p.spec().start()).min(Comparator.naturalOrder()).orElseThrow();
        }

        values = valueSerializer();
        producer = new KafkaProducer<>(producerProperties("events"), new StringSerializer(), values);
        new KafkaClientMetrics(producer).bindTo(registry);
        try (AgentInbox inbox = options.externalAgent()
                ? new AgentInbox(options.clientProperties(), topics.agentActions(), SETUP_TIMEOUT) : null) {
            // Fences any earlier instance with this run id, aborts its open transaction and completes its last commit.
            producer.initTransactions();
            if (planned == null) {
                // The first look may have missed that last commit (its markers still being written) or one behind
                // another instance's open transaction; resuming from an earlier checkpoint would publish events twice.
                last = checkpoints.readLatest(options.clientProperties(), CHECKPOINT_TIMEOUT);
                epoch = epoch(last);
                if (last != null && last.complete()) {
                    return alreadyComplete();
                }
            }
            if (last != null) {
                LOG.info("Resuming run {} instance {} from its checkpoint", options.runId(), options.instance());
            }
            producer.beginTransaction();
            interleaver = planned == null ? runInterleaver(last) : listInterleaver();
            pacer = new Pacer(options.speed(), options.maxEventsPerSecond(), clock);
            Instant first = interleaver.nextInstant();
            pacer.anchor(first != null ? first : epoch);
            metrics.gauges(() -> interleaver.inFlight(), () -> interleaver.waiting(), this::lag);
            lastCommit = clock.nanos();
            state = "RUNNING";
            loop(inbox, begin);
            for (FaultInjector.Out out : faults.flushAll()) {
                send(out);
            }
            commit(false);
        } catch (ProducerFencedException e) {
            throw new PublishException("another simulator instance took over run " + options.runId() + " instance "
                    + options.instance() + " (same transactional id); this one stops", e);
        } finally {
            close();
        }
        boolean complete = interleaver.finished();
        Duration elapsed = Duration.ofNanos(clock.nanos() - begin);
        LOG.info("Run {} instance {}: {} episodes started, {} finished, {} events in {} s{}", options.runId(),
                options.instance(), started, finished, metrics.events(), elapsed.toSeconds(), complete ? "" : " (stopped; resumable)");
        return new Summary(started, finished, metrics.events(), faultCount, agentDecisions, agentTimeouts, agentRejections,
                elapsed, epoch, last != null, complete);
    }

    private Summary alreadyComplete() {
        LOG.info("Run {} instance {} is already complete; nothing to publish", options.runId(), options.instance());
        return new Summary(0, 0, 0, 0, 0, 0, 0, Duration.ZERO, epoch, true, true);
    }

    /** The lanes of this instance, from the start or resumed where the checkpoint left them. */
    private EpisodeInterleaver runInterleaver(Checkpoints.Checkpoint last) {
        Policy policy = options.externalAgent() ? EXTERNAL_AGENT : Policies.named(options.policy(), scenario);
        EpisodeRunner runner = new EpisodeRunner(scenario, parameters, policy, options.runId(), options.seed(), epoch,
                DriverOptions.defaults().withMaxSteps(options.maxSteps()));
        EpisodeInterleaver.Decider decider = options.externalAgent() ? externalDecider() : EpisodeInterleaver.Decider.of(policy);
        List<Integer> mine = IntStream.range(0, options.inFlight()).filter(l -> l % options.instances() == options.instance())
                .boxed().toList();
        return last != null
                ? new EpisodeInterleaver(runner, decider, options.inFlight(), options.episodes(), resumeLanes(last.lanes(), mine), null)
                : new EpisodeInterleaver(runner, decider, options.inFlight(), options.episodes(), mine);
    }

    /** The listed episodes, each driver made when a lane takes it. */
    private EpisodeInterleaver listInterleaver() {
        EpisodeInterleaver.Decider decider = options.externalAgent() ? externalDecider()
                : EpisodeInterleaver.Decider.of(Policies.named(options.policy(), scenario));
        DriverOptions driverOptions = DriverOptions.defaults().withMaxSteps(options.maxSteps());
        return EpisodeInterleaver.of(planned.stream().map(episode -> new EpisodeDriver(scenario, episode.parameters(),
                episode.spec(), decider.policy(), driverOptions)).iterator(), decider, options.inFlight());
    }

    private void loop(AgentInbox inbox, long begin) {
        long stopAt = options.duration() == null ? Long.MAX_VALUE : begin + options.duration().toNanos();
        long commitEvery = options.commitInterval().toNanos();
        EpisodeInterleaver.Sink sink = sink();
        boolean timed = options.duration() != null; // untimed, the clock is read once per event, for commits
        if (inbox == null && !pacer.paced()) {
            // Nothing waits for the wall clock or an agent: this thread only simulates, maps and
            // serializes; another sends and commits, so neither waits for the other.
            pipeline = new SendPipeline(producer, metrics::published, metrics::committed, options.namespace());
        }
        while (!stopRequested && (!timed || clock.nanos() < stopAt)) {
            if (inbox != null) {
                handle(inbox.poll(Duration.ZERO), sink);
                expireDeadlines(sink);
            }
            // A state an agent waits for goes out at once; at full speed, though, the other episodes' ready
            // events take microseconds, so they join its transaction rather than each state paying a commit.
            if (agentMustSee && (pacer.paced() || !interleaver.hasReady() || clock.nanos() - lastCommit >= commitEvery)) {
                commit();
            }
            if (!interleaver.hasReady()) {
                if (interleaver.finished() || inbox == null) {
                    return;
                }
                // Every episode waits for an agent: let them see their states, then wait for answers.
                commitIfDirty();
                handle(inbox.poll(untilNextDeadline()), sink);
                expireDeadlines(sink);
                continue;
            }
            long wait = pacer.paced() ? pacer.waitNanos(interleaver.nextInstant()) : 0;
            if (wait > 0) {
                if (dirty && clock.nanos() - lastCommit >= commitEvery) {
                    commit();
                }
                long nap = Math.min(wait, commitEvery);
                if (inbox != null) {
                    handle(inbox.poll(Duration.ofNanos(Math.max(nap, 1_000_000))), sink);
                } else {
                    clock.sleep(Math.min(nap, stopAt - clock.nanos()));
                }
                continue;
            }
            interleaver.emitNext(sink);
            pacer.sent();
            if (clock.nanos() - lastCommit >= commitEvery) {
                commit();
            }
        }
    }

    // ---- events out -------------------------------------------------------------------------------

    private EpisodeInterleaver.Sink sink() {
        return new EpisodeInterleaver.Sink() {
            @Override
            public void accept(EpisodeDriver driver, TraceEvent event) {
                publish(driver, event);
            }

            @Override
            public void sideRecords(EpisodeDriver driver, List<SideRecord> records) {
                for (SideRecord record : records) {
                    AvroEvents.Routed routed = avro.toAvro(driver.spec(), record);
                    send(routed.topic(), driver.episodeId(), TraceJson.simTime(driver.spec(), record.time()),
                            routed.value());
                }
            }
        };
    }

    private void publish(EpisodeDriver driver, TraceEvent event) {
        EpisodeSpec spec = driver.spec();
        String episodeId = driver.episodeId();
        if (results != null) {
            traces.computeIfAbsent(episodeId, id -> new ArrayList<>()).add(event);
        }
        if (event instanceof TraceEvent.EpisodeStart) {
            started++;
            metrics.episodeStarted();
        } else if (event instanceof TraceEvent.EpisodeEnd end) {
            finished++;
            metrics.episodeFinished(end.outcome().name());
            answered.remove(episodeId);
            if (results != null) {
                results.accept(new EpisodeResult(spec, end.outcome(), end.episodeReturn(), end.steps(), traces.remove(episodeId)));
            }
        } else if (event instanceof TraceEvent.StateEvent && options.externalAgent()) {
            stateSentAt.put(episodeId, clock.nanos());
        }
        Instant simTime = TraceJson.simTime(spec, event.time());
        if (noFaults) {
            // The common case, per event: what apply would return (the event alone), without its lists,
            // and encoded without building its record first.
            AvroEvents.Routed routed = avro.encodable(spec, episodeId, simTime, event, faults.rates());
            send(routed.topic(), episodeId, simTime, routed.value());
            return;
        }
        AvroEvents.Routed routed = avro.toAvro(spec, episodeId, simTime, event, faults.rates());
        for (FaultInjector.Out out : faults.apply(spec, event, routed)) {
            send(out);
        }
    }

    private void send(FaultInjector.Out out) {
        if (out.fault() != null) {
            faultCount++;
            metrics.fault(out.fault().getKind());
            FaultRecord fault = out.fault();
            send(topics.faultLog(), fault.getEpisodeId(), TraceJson.simTime(out.spec(), out.event().time()), fault);
        }
        if (out.routed() != null) {
            send(out.routed().topic(), out.spec().episodeId(), TraceJson.simTime(out.spec(), out.event().time()),
                    out.routed().value());
        }
    }

    private void send(String topic, String key, Instant simTime, Object value) {
        dirty = true;
        if (pipeline != null) {
            // Serialized here, so the sending thread only hands bytes to the producer.
            pipeline.send(new ProducerRecord<>(topic, null, simTime.toEpochMilli(), key, values.serialize(topic, value)));
            return;
        }
        producer.send(new ProducerRecord<>(topic, null, simTime.toEpochMilli(), key, value));
        metrics.published(topic);
    }

    private void commitIfDirty() {
        if (dirty) {
            commit();
        }
    }

    /** Commits what was sent, with a checkpoint of every lane, and opens the next transaction. */
    private void commit() {
        commit(true);
    }

    /** Commits, and opens the next transaction unless this was the last: an open transaction makes close wait. */
    private void commit(boolean more) {
        if (pipeline != null) {
            // The checkpoint is taken here, after the records handed over so far, and goes with them.
            pipeline.commit(checkpointRecord(), more);
            if (!more) {
                pipeline.finish();
            }
        } else {
            TransactionCommit.commit(producer, checkpointRecord(), more, metrics::committed);
        }
        dirty = false;
        agentMustSee = false;
        lastCommit = clock.nanos();
    }

    /** The checkpoint of every lane; null for a list of episodes, which is not resumed. */
    private ProducerRecord<String, Object> checkpointRecord() {
        if (checkpoints == null) {
            return null;
        }
        Checkpoints.Checkpoint checkpoint = new Checkpoints.Checkpoint(runFingerprint, epoch, interleaver.laneStates(),
                interleaver.finished());
        ProducerRecord<String, byte[]> record = checkpoints.record(checkpoint);
        return new ProducerRecord<>(record.topic(), record.partition(), record.key(), record.value());
    }

    // ---- agents in the loop -------------------------------------------------------------------------

    private EpisodeInterleaver.Decider externalDecider() {
        return new EpisodeInterleaver.Decider() {
            @Override
            public ActionChoice decide(EpisodeDriver driver) {
                deadlines.put(driver.spec().episodeId(), clock.nanos() + options.agentDeadline().toNanos());
                agentMustSee = true;
                return null;
            }

            @Override
            public ActionSource source() {
                return ActionSource.EXTERNAL_AGENT;
            }

            @Override
            public PolicyId policy() {
                return EXTERNAL_AGENT.id();
            }
        };
    }

    private void handle(List<AgentInbox.Message> messages, EpisodeInterleaver.Sink sink) {
        for (AgentInbox.Message message : messages) {
            if (message.error() != null) {
                reject(message, message.error(), message.reason());
                continue;
            }
            EpisodeDriver driver = interleaver.waitingDriver(message.episodeId());
            if (driver == null) {
                rejectUnexpected(message);
                continue;
            }
            Decision decision = driver.pendingDecision();
            if (message.step() != decision.step()) {
                if (message.step() >= 0 && message.step() < decision.step()) {
                    rejectAnswered(message, answered.get(message.episodeId()), "; the pending step is " + decision.step());
                } else {
                    reject(message, AgentErrorCode.WRONG_STEP, "step " + message.step() + " is not the pending step "
                            + decision.step());
                }
                continue;
            }
            Object action;
            try {
                action = avro.actionFromAvro(message.payload());
            } catch (RuntimeException e) {
                reject(message, AgentErrorCode.INVALID_ACTION, "action does not fit " + scenario.actionSpace() + ": " + e.getMessage());
                continue;
            }
            String violation = driver.actionViolation(action);
            if (violation != null) {
                reject(message, AgentErrorCode.INVALID_ACTION, violation);
                continue;
            }
            Long sentAt = stateSentAt.remove(message.episodeId());
            deadlines.remove(message.episodeId());
            agentDecisions++;
            metrics.decision("agent", sentAt == null ? null : Duration.ofNanos(clock.nanos() - sentAt));
            interleaver.resume(message.episodeId(), new ActionChoice(action, null), ActionSource.EXTERNAL_AGENT,
                    new PolicyId(PublishOptions.EXTERNAL, message.agentId() == null ? "1" : message.agentId()), sink);
            remember(driver, decision.step(), false);
        }
    }

    /** Notes how a decision was answered, after the action was applied (so the driver knows whether the episode ended). */
    private void remember(EpisodeDriver driver, int step, boolean fellBack) {
        String episode = driver.spec().episodeId();
        Answers answers = answered.computeIfAbsent(episode, e -> new Answers());
        answers.lastStep = step;
        if (fellBack) {
            answers.fellBack.set(step);
        }
        if (driver.finished()) {
            endedAnswers.put(episode, answers);
        }
    }

    /** A message for a step that was answered already: by the fallback (so the message is late), or by an agent. */
    private void rejectAnswered(AgentInbox.Message message, Answers answers, String pending) {
        if (answers != null && answers.fellBack.get(message.step())) {
            reject(message, AgentErrorCode.LATE, "step " + message.step() + " arrived after the deadline of "
                    + options.agentDeadline().toMillis() + " ms; the fallback action was applied" + pending);
        } else {
            reject(message, AgentErrorCode.DUPLICATE, "step " + message.step() + " was already answered" + pending);
        }
    }

    /** A message for an episode that is not waiting: late, duplicate, or not this instance's. */
    private void rejectUnexpected(AgentInbox.Message message) {
        Answers last = answered.containsKey(message.episodeId()) ? answered.get(message.episodeId())
                : endedAnswers.get(message.episodeId());
        if (last != null && message.step() >= 0 && message.step() <= last.lastStep) {
            rejectAnswered(message, last, "");
            return;
        }
        if (options.instances() > 1 && !ownedHere(message.episodeId())) {
            return; // another instance runs that episode and answers for it
        }
        reject(message, AgentErrorCode.UNKNOWN_EPISODE, "episode " + message.episodeId() + " is not waiting for a decision"
                + " (unknown, already ended, or not started)");
    }

    private boolean ownedHere(String episodeId) {
        String prefix = options.runId() + "-ep-";
        if (!episodeId.startsWith(prefix)) {
            return false;
        }
        try {
            long index = Long.parseLong(episodeId.substring(prefix.length()));
            return (index % options.inFlight()) % options.instances() == options.instance();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void expireDeadlines(EpisodeInterleaver.Sink sink) {
        long now = clock.nanos();
        List<String> expired = new ArrayList<>();
        deadlines.forEach((episode, deadline) -> {
            if (deadline <= now) {
                expired.add(episode);
            }
        });
        for (String episode : expired) {
            deadlines.remove(episode);
            stateSentAt.remove(episode);
            EpisodeDriver driver = interleaver.waitingDriver(episode);
            if (driver == null) {
                continue;
            }
            Decision decision = driver.pendingDecision();
            agentTimeouts++;
            metrics.timeout();
            metrics.decision("fallback", null);
            interleaver.resume(episode, new ActionChoice(scenario.fallbackAction(decision), null), ActionSource.FALLBACK,
                    new PolicyId("fallback", scenario.version()), sink);
            remember(driver, decision.step(), true);
        }
    }

    private Duration untilNextDeadline() {
        long now = clock.nanos();
        long next = deadlines.values().stream().mapToLong(Long::longValue).min().orElse(now + 100_000_000L);
        return Duration.ofNanos(Math.max(1_000_000L, Math.min(next - now, 100_000_000L)));
    }

    /** The last step answered in an episode, and the steps where the fallback was applied. */
    private static final class Answers {
        int lastStep = -1;
        final BitSet fellBack = new BitSet();
    }

    /** The most recently answered episodes, so that a late or repeated message can be told apart from a stray one. */
    private static Map<String, Answers> recentAnswers() {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Answers> eldest) {
                return size() > RECENT_ANSWERS;
            }
        };
    }

    private void reject(AgentInbox.Message message, AgentErrorCode code, String reason) {
        agentRejections++;
        metrics.rejection(code.name());
        LOG.debug("Rejected agent message at {}-{}@{}: {} {}", topics.agentActions(), message.partition(), message.offset(),
                code, reason);
        producer.send(new ProducerRecord<>(topics.agentErrors(), message.episodeId(),
                AgentInbox.error(options.runId(), message, code, reason, clock.epochMillis())));
        metrics.published(topics.agentErrors());
        dirty = true;
    }

    // ---- set-up and resume --------------------------------------------------------------------------

    private void checkRegistry() {
        try (SchemaRegistryClient client = CachingSchemaRegistryClient.connect(registryConfig())) {
            client.compatibility(null);
        } catch (SchemaRegistryException e) {
            throw new PublishException("cannot use the schema registry: " + e.getMessage(), e);
        }
    }

    private void registerAgentActionSchema() {
        try (SchemaRegistryClient client = CachingSchemaRegistryClient.connect(registryConfig())) {
            client.register(topics.agentActions() + "-value", avro.schemas().agentAction());
        } catch (SchemaRegistryException e) {
            throw new PublishException("cannot register the agent-action schema: " + e.getMessage(), e);
        }
    }

    private RegistryClientConfig registryConfig() {
        Map<String, Object> props = new HashMap<>(options.clientProperties());
        props.putIfAbsent(RegistryClientConfig.CONNECT_TIMEOUT_MS_CONFIG, 5_000);
        props.putIfAbsent(RegistryClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try {
            return RegistryClientConfig.from(props);
        } catch (org.apache.kafka.common.config.ConfigException e) {
            throw new PublishException("schema registry settings: " + e.getMessage(), e);
        }
    }

    /** What defines the run: a restart with the same run id must give the same values. */
    private Map<String, String> fingerprint() {
        Map<String, String> run = new LinkedHashMap<>();
        run.put("scenario", scenario.name() + "@" + scenario.version());
        run.put("parameters_sha256", sha256(parameters.canonicalJson()));
        run.put("seed", Long.toString(options.seed()));
        run.put("policy", options.policy());
        run.put("episodes", Long.toString(options.episodes()));
        run.put("in_flight", Integer.toString(options.inFlight()));
        run.put("instances", Integer.toString(options.instances()));
        run.put("faults", options.faults().rates().toString());
        run.put("max_steps", Integer.toString(options.maxSteps()));
        return run;
    }

    private Instant epoch(Checkpoints.Checkpoint last) {
        if (last == null) {
            if (options.epoch() == null && options.instances() > 1) {
                // Each instance would take its own "now", and the instances would simulate different runs.
                throw new PublishException("--instances " + options.instances() + " needs --epoch: every instance must start"
                        + " the run at the same simulated instant");
            }
            return options.epoch() != null ? options.epoch() : Instant.ofEpochMilli(clock.epochMillis()).truncatedTo(ChronoUnit.SECONDS);
        }
        List<String> differences = new ArrayList<>();
        runFingerprint.forEach((key, value) -> {
            String before = last.run().get(key);
            if (!value.equals(before)) {
                differences.add(key + " was " + before + ", now " + value);
            }
        });
        if (options.epoch() != null && !options.epoch().equals(last.epoch())) {
            differences.add("epoch was " + last.epoch() + ", now " + options.epoch());
        }
        if (!differences.isEmpty()) {
            throw new PublishException("run " + options.runId() + " exists with other settings, so it cannot be resumed: "
                    + String.join("; ", differences) + ". Use the same settings, or another --run-id");
        }
        return last.epoch();
    }

    /**
     * Lanes to resume. With a built-in policy each episode is replayed to where it stopped; with an
     * external agent the actions of the interrupted episodes cannot be replayed, so each is ended as
     * ABORTED and its lane moves on.
     */
    private List<LaneState> resumeLanes(List<LaneState> saved, List<Integer> mine) {
        List<LaneState> lanes = new ArrayList<>();
        for (LaneState lane : saved) {
            if (!mine.contains(lane.lane())) {
                throw new PublishException("checkpoint of instance " + options.instance() + " holds lane " + lane.lane()
                        + ", which is not one of its lanes " + mine);
            }
            if (!options.externalAgent() || lane.done() || lane.lastSeq() < 0) {
                lanes.add(lane);
                continue;
            }
            EpisodeSpec spec = new EpisodeSpec(options.runId(), options.seed(), lane.index(), lane.start());
            TraceEvent.EpisodeEnd end = new TraceEvent.EpisodeEnd(lane.lastSeq() + 1, lane.lastStep(), lane.lastTime(),
                    EpisodeOutcome.ABORTED, lane.steps(), lane.episodeReturn(), "simulator restarted while waiting for an agent");
            AvroEvents.Routed routed = avro.toAvro(spec, end, faults.rates());
            send(routed.topic(), spec.episodeId(), TraceJson.simTime(spec, end.time()), routed.value());
            finished++;
            metrics.episodeFinished(EpisodeOutcome.ABORTED.name());
            long next = lane.index() + options.inFlight();
            lanes.add(new LaneState(lane.lane(), next, TraceJson.simTime(spec, end.time()), -1, -1, 0, 0, 0,
                    next >= options.episodes()));
        }
        return lanes;
    }

    private Map<String, Object> producerProperties(String purpose) {
        return TransactionalProducers.properties(options.clientProperties(),
                "mdpstream-" + options.namespace() + "-" + options.runId() + "-" + options.instance(),
                "mdpstream-" + purpose + "-" + options.runId() + "-" + options.instance());
    }

    /** Avro for event values, and raw bytes for checkpoints, through one transactional producer. */
    private Serializer<Object> valueSerializer() {
        AvroSerializer<Object> avroSerializer = new AvroSerializer<>();
        avroSerializer.configure(options.clientProperties(), false);
        ByteArraySerializer bytes = new ByteArraySerializer();
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, Object data) {
                return data instanceof byte[] raw ? bytes.serialize(topic, raw) : avroSerializer.serialize(topic, data);
            }

            @Override
            public void close() {
                avroSerializer.close();
            }
        };
    }

    private double lag() {
        Instant next = interleaver == null ? null : interleaver.nextInstant();
        return next == null || pacer == null ? 0 : pacer.lagSeconds(next);
    }

    private void close() {
        if (pipeline != null) {
            pipeline.abort(); // ended already unless this run failed: then nothing more is sent or committed
        }
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("Closing the producer failed: {}", e.getMessage());
            }
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
