package io.mdpstream.validate.internal;

import io.mdpstream.validate.EventKind;
import io.mdpstream.contract.EventTopics;
import io.mdpstream.events.EpisodeOutcome;
import io.mdpstream.events.EpisodeVerdict;
import io.mdpstream.events.Violation;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.validate.Rule;
import io.mdpstream.validate.ScenarioChecks;
import io.mdpstream.validate.ValidatorConfig;
import io.mdpstream.validate.ValidatorListener;
import io.mdpstream.validate.stats.SentPaths;
import io.mdpstream.validate.stats.ShareSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each episode's stream as its events arrive from the four co-partitioned topics.
 *
 * <p>Events are taken in {@code seq} order: one that comes before a missing seq waits in the
 * episode's state until the missing one arrives (the topics are read independently, so their
 * events interleave freely) or until the lateness bound passes in stream time, when the missing
 * seqs are reported as a gap. It also waits a little wall time ({@code lateness.wall.ms}): Kafka
 * Streams takes the four topics in timestamp order only as far as it has fetched them, and a
 * simulator at full speed puts hours of simulated time between two fetches of one topic. Within one topic, though, an episode's events must come in seq order:
 * a partition keeps the producer's order, so no lateness excuses a reorder there.
 *
 * <p>No bound of wall time is enough on its own, though. Under {@code read_committed} one
 * partition can stay unreadable for seconds while the others go on (its transaction marker is
 * written late), and Kafka Streams, which sees that partition as empty and caught up, goes on with
 * the others: one topic of a task was seen processed 4.6 s of wall time, two simulated days, behind
 * the rest. So, when wall time counts, a missing seq is a gap only once no topic can still bring
 * it: each topic that might carry it has brought two later events of the episode (two, so that an
 * event published just after the next one on its own topic is still a reorder) or an event stamped
 * past the first waiting event's time plus the lateness (a partition is written in simulated-time
 * order); or the whole input has been quiet for {@link #QUIET_INPUT}. The episodes topic carries
 * only starts and ends, so it is a candidate for seq 0 alone.
 *
 * <p>Each event, in seq order, is checked against the episode so far (time, causal order within a
 * step, start and end) and against its scenario's declarations ({@link ScenarioChecks}). When the
 * end is reached, a verdict goes out; an episode silent for the gap timeout without an end is
 * closed with a verdict too. Records that cannot be decoded go to the dead-letter topic with
 * headers naming where they came from, and processing goes on.
 */
public final class EpisodeCheckProcessor implements Processor<byte[], byte[], Object, Object> {

    public static final String STORE = "episode-checks";
    public static final String VIOLATIONS = "violations-sink";
    public static final String VERDICTS = "verdicts-sink";
    public static final String DEAD_LETTER = "dead-letter-sink";
    public static final String WINDOW_STORE = "window-partials";
    public static final String PARTIALS = "window-partials-sink";
    /** Wall time without input after which the windows begun so far are handed on as they are. */
    public static final Duration IDLE_FLUSH = Duration.ofSeconds(5);
    /**
     * Wall time without any input after which a missing seq that a topic might still bring is a gap
     * all the same (the tail of the last episodes). Long, because a validator behind a busy
     * publisher was seen to get nothing at all for eight seconds while data waited.
     */
    public static final Duration QUIET_INPUT = Duration.ofSeconds(30);
    public static final String HEADER_PREFIX = "mdpstream.dlq.";

    private static final Logger LOG = LoggerFactory.getLogger(EpisodeCheckProcessor.class);

    private final ValidatorConfig config;
    private final EventTopics topics;
    private final SchemaRegistryClient registry;
    private final ValidatorListener listener;
    private final long lateness;
    private final long latenessWall;
    private final long gapTimeout;
    private final Map<String, ScenarioChecks> checks = new HashMap<>();
    private ProcessorContext<Object, Object> context;
    private ObjectCacheStore<String, EpisodeState> store;
    /** The task's share of the rolling statistics; null when they are turned off. */
    private WindowAggregator windows;
    /** The blocks of feature paths this task's shares have carried since it (re)started: later shares name them by id. */
    private final SentPaths sentPaths = new SentPaths();
    private EventDecoder decoder;
    /**
     * The namespace's scenario, as the last event said, or, for a task that came back and has seen no event yet, as an
     * episode's state in its store says (see {@link #flushWhenIdle}): the key of the window shares.
     */
    private String scenario;
    private long lastInputWallMs;
    /** When this task started here (wall time). */
    private long startedWallMs;
    /**
     * Per topic (by {@link EventKind} ordinal), the latest record timestamp the task has taken from
     * it. Not kept across restarts: until each topic brings a record again, gaps only wait longer.
     */
    private final long[] topicTime = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
    /** The watermark last sent to the merger; none after a start, so the first record tells it. */
    private long toldWatermark = ShareRecord.NO_WATERMARK;
    /** The input has been quiet for {@link #IDLE_FLUSH} and every slice was handed on since. */
    private boolean quiet;
    /** The key of the window shares, and the scenario it names. */
    private String shareKey;
    private String shareKeyScenario;
    /** Episodes that wait for a missing seq; null until the first gap sweep (after a restart, all might). */
    private Set<String> waiting;
    /**
     * The store's keys, read from it once after a start and kept up to date since: the full sweep visits every episode,
     * and a scan of the store beneath (RocksDB) steps over every episode deleted since it last compacted: such scans took
     * 4.6% of the stream threads' time in a profile of ValidateBench.
     */
    private Set<String> episodes;
    /*
     * Arrivals check their own episode; the sweeps catch episodes that went quiet: often for the few
     * that wait for a missing seq, seldom (a full scan) for unfinished and forgotten ones. They run
     * from process() rather than as stream-time punctuators: a simulator at full speed moves
     * stream time past a sweep interval every few records, and Kafka Streams halves the records it
     * processes per task between two checks of its loop whenever a punctuator fires, so the loop's
     * fixed costs came to more than the checks (the validator ran at half the rate).
     */
    private final StreamTimeSchedule gapSweeps;
    private final StreamTimeSchedule fullSweeps;

    public EpisodeCheckProcessor(ValidatorConfig config, SchemaRegistryClient registry, ValidatorListener listener) {
        this.config = config;
        this.topics = config.topics();
        this.registry = registry;
        this.listener = listener;
        this.lateness = config.lateness().toMillis();
        this.latenessWall = config.latenessWall().toMillis();
        this.gapTimeout = config.gapTimeout().toMillis();
        this.gapSweeps = new StreamTimeSchedule(Math.max(1000, lateness));
        this.fullSweeps = new StreamTimeSchedule(Math.max(1000, gapTimeout / 4));
    }

    /** The episodes' states: changelogged, kept as objects between commits. */
    public static StoreBuilder<?> episodeStore(Map<String, String> changelogConfigs) {
        return ObjectCacheStore.builder(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray()).withLoggingEnabled(changelogConfigs), EpisodeState::toBytes, EpisodeState::fromBytes, 50_000);
    }

    /** The task's shares of the open slices: changelogged, kept as objects between commits. */
    public static StoreBuilder<?> windowStore(Map<String, String> changelogConfigs) {
        return ObjectCacheStore.builder(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WINDOW_STORE), Serdes.Long(),
                Serdes.ByteArray()).withLoggingEnabled(changelogConfigs), ShareSerde::toBytes, ShareSerde::fromBytes, 16);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        // Revived in place after an aborted transaction (see WindowMergeProcessor.init), it starts as after a restart.
        toldWatermark = ShareRecord.NO_WATERMARK;
        waiting = null;
        episodes = null;
        sentPaths.clear(); // what an aborted transaction carried never reached the merger
        if (config.statistics()) {
            this.windows = new WindowAggregator(WindowAggregator.slice(config.windowSize().toMillis(), config.windowAdvance().toMillis()),
                    lateness, config.keepFeatureQuantiles(), context.getStateStore(WINDOW_STORE));
            startedWallMs = context.currentSystemTimeMs();
            context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::flushWhenIdle);
        }
        this.decoder = new EventDecoder(topics, registry);
        if (latenessWall > 0) {
            // A gap may be due by wall time while stream time stands still (the input went quiet).
            context.schedule(Duration.ofMillis(Math.max(100, latenessWall / 2)), PunctuationType.WALL_CLOCK_TIME,
                    wall -> sweepGaps(context.currentStreamTimeMs()));
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        check(record);
        long now = context.currentStreamTimeMs();
        if (gapSweeps.due(now)) {
            sweepGaps(now);
        }
        if (fullSweeps.due(now)) {
            sweep(now);
        }
    }

    private void check(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        DecodedEvent event;
        try {
            event = decoder.decode(source.topic(), record.key(), record.value());
        } catch (RuntimeException e) {
            deadLetter(record, source, e);
            return;
        }
        long now = context.currentStreamTimeMs();
        lastInputWallMs = context.currentSystemTimeMs();
        quiet = false;
        scenario = event.scenario();
        topicTime[event.kind().ordinal()] = Math.max(topicTime[event.kind().ordinal()], record.timestamp());
        if (windows != null) {
            windows.add(event);
        }
        EpisodeState state = store.get(event.episodeId());
        if (state == null) {
            state = new EpisodeState();
            episodes().add(event.episodeId());
        }
        arrive(state, event, record, now);
        state.lastArrival = now;
        store.put(event.episodeId(), state);
        if (waiting != null && !state.pending.isEmpty()) {
            waiting.add(event.episodeId());
        }
        closeWindows(now);
    }

    /** Hands on the slices that stream time has passed, when there are statistics. */
    private void closeWindows(long now) {
        if (windows != null) {
            handOn(windows.closeUpTo(now));
        }
    }

    /** When the input has gone quiet, shows the windows begun so far rather than waiting for stream time. */
    private void flushWhenIdle(long wallMs) {
        // Quiet counts from the task's start here at the earliest: a task that just came here may have input on its way.
        if (wallMs - Math.max(lastInputWallMs, startedWallMs) < IDLE_FLUSH.toMillis()) {
            return;
        }
        if (scenario == null) {
            // A task that came here (a restart, or a rebalance moved it) after its input was all read holds its last
            // open slices but has seen no event to name the scenario by: its episodes' states name it. Without them
            // (none kept) it still tells the merger that it is quiet, so that no window waits for it.
            EpisodeState any = store.anyValue();
            scenario = any == null ? null : any.scenario;
        }
        quiet = true;
        handOn(windows.closeAll());
    }

    /**
     * Sends the slices handed on, each with the task's watermark, and the watermark alone when it
     * has moved to another slice with no share to carry it, so that the merger can tell a whole
     * window without waiting for this task's next share.
     */
    private void handOn(WindowAggregator.Handoff handoff) {
        // Quiet, every slice went out: the merger need not wait for this task until its input comes back.
        long watermark = quiet ? Long.MAX_VALUE : handoff.watermark();
        for (WindowAggregator.Closed window : handoff.closed()) {
            context.forward(new Record<>(shareKey(), (Object) new ShareRecord(watermark, window.share()).toBytes(sentPaths), window.start()),
                    PARTIALS);
            toldWatermark = watermark;
        }
        // Told once the task knows its scenario, or is quiet: one that has seen nothing holds nothing back.
        boolean canTell = scenario != null || quiet;
        if (canTell && (toldWatermark == ShareRecord.NO_WATERMARK || windows.sliceOf(watermark) != windows.sliceOf(toldWatermark))) {
            long timestamp = Math.max(0, Math.min(watermark, context.currentStreamTimeMs()));
            context.forward(new Record<>(shareKey(), (Object) new ShareRecord(watermark, null).toBytes(sentPaths), timestamp), PARTIALS);
            toldWatermark = watermark;
        }
    }

    /**
     * Scenario and task, so that the merger knows how far each task has come; made again only when the scenario changes.
     * The scenario is empty while unknown: a quiet task that has seen no event and keeps no episode.
     */
    private String shareKey() {
        if (shareKey == null || !Objects.equals(scenario, shareKeyScenario)) {
            shareKeyScenario = scenario;
            shareKey = (scenario == null ? "" : scenario) + WindowMergeProcessor.TASK_SEPARATOR + context.taskId();
        }
        return shareKey;
    }

    private void arrive(EpisodeState s, DecodedEvent e, Record<byte[], byte[]> record, long now) {
        if (s.runId == null) {
            s.runId = e.runId();
            s.scenario = e.scenario();
            s.scenarioVersion = e.scenarioVersion();
        }
        long seq = e.seq();
        if (seq < s.nextSeq || s.pending.containsKey(seq)) {
            if (seq < s.nextSeq && s.takeMissing(seq)) {
                violation(s, Rule.LATE_EVENT, e, "seq " + seq + " arrived after its gap was reported (lateness "
                        + config.lateness() + " of stream time)", Map.of());
            } else {
                violation(s, Rule.SEQ_DUPLICATE, e, "seq " + seq + " arrived again", Map.of());
            }
            return;
        }
        int kind = e.kind().ordinal();
        if (seq < s.lastSeqByKind[kind]) {
            violation(s, Rule.REORDERED, e, "seq " + seq + " came on " + e.kind().topic(topics) + " after seq "
                    + s.lastSeqByKind[kind] + " of the same episode", Map.of("after_seq", Long.toString(s.lastSeqByKind[kind])));
        } else {
            s.lastSeqByKind[kind] = seq;
        }
        if (seq == s.nextSeq) {
            release(s, e);
            drain(s);
        } else {
            s.hold(seq, new EpisodeState.Pending(e.kind(), record.timestamp(), now, context.currentSystemTimeMs(),
                    record.value(), e));
        }
        expireGaps(s, e.episodeId(), now);
    }

    /** Releases the waiting events that are now next in seq order. */
    private void drain(EpisodeState s) {
        while (!s.pending.isEmpty() && s.pending.firstKey() == s.nextSeq) {
            EpisodeState.Pending p = s.takeFirst();
            // It decoded when it arrived, with the same registry.
            release(s, p.decoded() != null ? p.decoded() : decoder.read(p.kind().topic(topics), p.value()));
        }
    }

    /** Reports the seqs still missing after the lateness bound as gaps and goes on past them. */
    private void expireGaps(EpisodeState s, String episodeId, long now) {
        expireGaps(s, episodeId, now, false);
    }

    /**
     * @param quiet the episode had no event for the gap timeout: what it waits for is late by far,
     *              so the wall-time part of the lateness does not apply
     */
    private void expireGaps(EpisodeState s, String episodeId, long now, boolean quiet) {
        long wallNow = context.currentSystemTimeMs();
        while (!s.pending.isEmpty() && overdue(s, now, wallNow, quiet)) {
            long next = s.pending.firstKey();
            long missing = next - s.nextSeq;
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("expected_seq", Long.toString(s.nextSeq));
            evidence.put("next_seq", Long.toString(next));
            evidence.put("missing", Long.toString(missing));
            violation(s, Rule.SEQ_GAP, episodeId, s.nextSeq, null, null, null,
                    missing + (missing == 1 ? " event" : " events") + " missing from seq " + s.nextSeq
                            + " after waiting " + config.lateness() + " of stream time", evidence);
            s.missing(s.nextSeq, next - 1);
            s.nextSeq = next;
            s.stepUnknown = true; // one fault, one violation: no knock-on causal findings
            drain(s);
        }
    }

    /**
     * Whether the first missing seq is a gap: waited for past the lateness in stream time and (unless
     * the episode went quiet) the wall-time lateness; and, when wall time counts, no topic can still
     * bring it (see the class comment).
     */
    private boolean overdue(EpisodeState s, long now, long wallNow, boolean quiet) {
        EpisodeState.Pending first = s.pending.firstEntry().getValue();
        if (now - first.arrival() <= lateness) {
            return false;
        }
        if (latenessWall == 0) {
            return true; // stream time alone: deterministic for replays
        }
        if (!quiet && wallNow - first.arrivalWall() < latenessWall) {
            return false;
        }
        if (wallNow - lastInputWallMs >= QUIET_INPUT.toMillis()) {
            return true; // nothing is on its way any more
        }
        for (EventKind kind : EventKind.values()) {
            boolean candidate = kind != EventKind.EPISODES || s.nextSeq == 0;
            boolean passed = s.pendingOn(kind) >= (kind == EventKind.EPISODES ? 1 : 2)
                    || topicTime[kind.ordinal()] > first.timestamp() + lateness;
            if (candidate && !passed) {
                return false; // this topic may be behind the others and still bring it
            }
        }
        return true;
    }

    /** Checks one event in seq order. */
    private void release(EpisodeState s, DecodedEvent e) {
        s.nextSeq = e.seq() + 1;
        s.events++;
        if (s.ended) {
            violation(s, Rule.AFTER_END, e, s.outcome == null
                    ? "seq " + e.seq() + " came after the episode was closed as unfinished"
                    : "seq " + e.seq() + " came after the episode ended at seq " + s.endSeq, Map.of());
            return;
        }
        GenericRecord body = e.kind() == EventKind.EPISODES ? (GenericRecord) e.field(DecodedEvent.Field.BODY) : null;
        boolean start = body != null && body.getSchema().getName().equals("EpisodeStarted");
        if (!s.started && !start && !s.notStartedReported) {
            s.notStartedReported = true;
            violation(s, Rule.NOT_STARTED, e, "seq " + e.seq() + " came before the episode started", Map.of());
        }
        if (e.simTime() < s.lastSimTime) {
            violation(s, Rule.SIM_TIME_BACKWARDS, e, "sim_time " + Instant.ofEpochMilli(e.simTime()) + " is before "
                    + Instant.ofEpochMilli(s.lastSimTime) + ", the time of an earlier seq",
                    Map.of("previous_sim_time", Long.toString(s.lastSimTime), "sim_time", Long.toString(e.simTime())));
        } else {
            s.lastSimTime = e.simTime();
        }
        ScenarioChecks rules = checks(s.scenario);
        switch (e.kind()) {
            case EPISODES -> episodeEvent(s, e, body, start);
            case STATES -> state(s, e, rules);
            case ACTIONS -> action(s, e, rules);
            case REWARDS -> reward(s, e, rules);
        }
    }

    private void episodeEvent(EpisodeState s, DecodedEvent e, GenericRecord body, boolean start) {
        if (start) {
            if (s.started) {
                violation(s, Rule.CAUSAL_ORDER, e, "the episode started a second time", Map.of());
            }
            s.started = true;
            return;
        }
        s.ended = true;
        s.endSeq = e.seq();
        s.outcome = String.valueOf(body.get("outcome"));
        verdict(s, e.episodeId(), e.simTime(), ((Number) body.get("episode_return")).doubleValue());
    }

    private void state(EpisodeState s, DecodedEvent e, ScenarioChecks rules) {
        int step = e.step();
        if (s.stepUnknown) {
            s.stepUnknown = false; // a state starts a step afresh
        } else if (step <= s.lastStateStep) {
            violation(s, Rule.CAUSAL_ORDER, e, "state of step " + step + " after the state of step " + s.lastStateStep, Map.of());
        } else if (s.lastStateStep >= 0 && s.lastActionStep < s.lastStateStep) {
            violation(s, Rule.CAUSAL_ORDER, e, "state of step " + step + " before the action of step " + s.lastStateStep, Map.of());
        }
        if (rules != null && e.field(DecodedEvent.Field.OBSERVATION) instanceof GenericRecord observation) {
            for (ScenarioChecks.Finding finding : rules.observation(observation)) {
                violation(s, finding.rule(), e, finding.message(), finding.evidence());
            }
        }
        s.mask = mask(e.field(DecodedEvent.Field.ACTION_MASK));
        s.lastStateStep = Math.max(s.lastStateStep, step);
        s.stepTime(step, e.simTime());
    }

    private void action(EpisodeState s, DecodedEvent e, ScenarioChecks rules) {
        int step = e.step();
        boolean answersState = step == s.lastStateStep && s.lastActionStep < step;
        if (!answersState && !s.stepUnknown) {
            violation(s, Rule.CAUSAL_ORDER, e, "action of step " + step + " does not follow a state of that step (last state: step "
                    + s.lastStateStep + ", last action: step " + s.lastActionStep + ")", Map.of());
        }
        if (rules != null) {
            ScenarioChecks.Finding finding = rules.action(e.field(DecodedEvent.Field.ACTION), answersState ? s.mask : new boolean[0]);
            if (finding != null) {
                violation(s, finding.rule(), e, finding.message(), finding.evidence());
            }
        }
        s.lastActionStep = Math.max(s.lastActionStep, step);
        s.steps++;
    }

    private void reward(EpisodeState s, DecodedEvent e, ScenarioChecks rules) {
        int credited = ((Number) e.field(DecodedEvent.Field.CREDITED_STEP)).intValue();
        double value = ((Number) e.field(DecodedEvent.Field.VALUE)).doubleValue();
        if (credited > s.lastActionStep && !s.stepUnknown) {
            violation(s, Rule.CAUSAL_ORDER, e, "reward credits step " + credited + " before its action (last action: step "
                    + s.lastActionStep + ")", Map.of("credited_step", Integer.toString(credited)));
        }
        Long decided = s.stepTime(credited);
        ScenarioChecks.Finding late = rules == null || decided == null ? null : rules.rewardDelay(credited, e.simTime() - decided);
        if (late != null) {
            violation(s, late.rule(), e, late.message(), late.evidence());
        }
        @SuppressWarnings("unchecked")
        Map<Object, Object> components = (Map<Object, Object>) e.field(DecodedEvent.Field.COMPONENTS);
        ScenarioChecks.Finding wrong = ScenarioChecks.rewardValue(value, components);
        if (wrong != null) {
            violation(s, wrong.rule(), e, wrong.message(), wrong.evidence());
        } else {
            s.rewardSum += value;
        }
    }

    /** Reports the gaps past the lateness bound of episodes that wait for a missing seq and went quiet. */
    private void sweepGaps(long now) {
        if (waiting == null) {
            waiting = new HashSet<>(episodes()); // after a restart: any episode might wait
        }
        for (java.util.Iterator<String> it = waiting.iterator(); it.hasNext(); ) {
            String episodeId = it.next();
            EpisodeState s = store.get(episodeId);
            if (s == null || s.pending.isEmpty()) {
                it.remove();
                continue;
            }
            expireGaps(s, episodeId, now);
            store.put(episodeId, s);
        }
        closeWindows(now);
    }

    /** Catches episodes that went quiet: gaps past the lateness bound, episodes that never end, ended ones to forget. */
    private void sweep(long now) {
        for (java.util.Iterator<String> it = episodes().iterator(); it.hasNext(); ) {
            String episodeId = it.next();
            EpisodeState s = store.get(episodeId);
            boolean quiet = now - s.lastArrival > gapTimeout;
            if (s.ended && quiet) {
                store.delete(episodeId); // late events of an episode forgotten this long ago start a new state
                it.remove();
                continue;
            }
            if (s.pending.isEmpty() && !(!s.ended && quiet)) {
                continue; // nothing due: leave it clean
            }
            expireGaps(s, episodeId, now, quiet); // before closing it unfinished, so what waited is checked, not "after end"
            if (!s.ended && quiet && s.pending.isEmpty()) { // else a topic behind the others may still bring what it waits for
                violation(s, Rule.UNFINISHED, episodeId, s.nextSeq, null, null, null, "no event for " + config.gapTimeout()
                        + " of stream time after seq " + (s.nextSeq - 1) + " and no end", Map.of("last_seq", Long.toString(s.nextSeq - 1)));
                s.ended = true;
                s.endSeq = s.nextSeq - 1;
                verdict(s, episodeId, s.lastSimTime, null);
            }
            store.put(episodeId, s);
        }
        closeWindows(now);
    }

    private Set<String> episodes() {
        if (episodes == null) {
            episodes = new HashSet<>(store.keys());
        }
        return episodes;
    }

    private ScenarioChecks checks(String scenario) {
        if (scenario == null) {
            return null;
        }
        return checks.computeIfAbsent(scenario, name -> {
            try {
                return new ScenarioChecks(Scenarios.named(name));
            } catch (RuntimeException e) {
                LOG.warn("Scenario {} is not on the validator's classpath: its constraint rules are not checked ({})", name, e.getMessage());
                return null;
            }
        });
    }

    private void verdict(EpisodeState s, String episodeId, long simTime, Double episodeReturn) {
        boolean valid = s.violations.isEmpty();
        EpisodeVerdict verdict = EpisodeVerdict.newBuilder()
                .setRunId(s.runId)
                .setEpisodeId(episodeId)
                .setScenario(s.scenario)
                .setScenarioVersion(s.scenarioVersion)
                .setValid(valid)
                .setEventCount(s.events)
                .setSteps(s.steps)
                .setEpisodeReturn(episodeReturn)
                .setOutcome(s.outcome == null ? null : EpisodeOutcome.valueOf(s.outcome))
                .setViolationsByRule(new LinkedHashMap<>(s.violations))
                .setSimTime(Instant.ofEpochMilli(simTime == Long.MIN_VALUE ? 0 : simTime))
                .build();
        context.forward(new Record<>(episodeId, (Object) verdict, simTime == Long.MIN_VALUE ? 0 : simTime), VERDICTS);
        listener.verdict(verdict);
    }

    private void violation(EpisodeState s, Rule rule, DecodedEvent e, String message, Map<String, String> evidence) {
        violation(s, rule, e.episodeId(), e.seq(), e.step(), e.simTime(), e.kind().topic(topics), message, evidence);
    }

    private void violation(EpisodeState s, Rule rule, String episodeId, Long seq, Integer step, Long simTime, String topic,
                           String message, Map<String, String> evidence) {
        s.count(rule.id());
        long time = simTime != null ? simTime : s.lastSimTime == Long.MIN_VALUE ? 0 : s.lastSimTime;
        Violation violation = Violation.newBuilder()
                .setRule(rule.id())
                .setSeverity(rule.severity())
                .setRunId(s.runId)
                .setEpisodeId(episodeId)
                .setSeq(seq)
                .setStep(step)
                .setSimTime(Instant.ofEpochMilli(time))
                .setTopic(topic)
                .setMessage(message)
                .setEvidence(new LinkedHashMap<>(evidence))
                .build();
        context.forward(new Record<>(episodeId, (Object) violation, time), VIOLATIONS);
        if (windows != null) {
            windows.addViolation(rule.id(), time);
        }
        listener.violation(violation);
    }

    private void deadLetter(Record<byte[], byte[]> record, RecordMetadata source, RuntimeException error) {
        LOG.warn("Undecodable record at {}-{} offset {} goes to {}: {}", source.topic(), source.partition(), source.offset(),
                topics.deadLetter(), error.getMessage());
        context.forward(new Record<Object, Object>(record.key(), record.value(), record.timestamp(),
                deadLetterHeaders(record.headers(), source, error)), DEAD_LETTER);
        listener.deadLetter(source.topic());
    }

    /** The record's own headers, and where it came from and why it could not be read, under {@link #HEADER_PREFIX}. */
    static Headers deadLetterHeaders(Headers own, RecordMetadata source, RuntimeException error) {
        Headers headers = new RecordHeaders(own.toArray());
        headers.add(HEADER_PREFIX + "topic", source.topic().getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_PREFIX + "partition", Integer.toString(source.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_PREFIX + "offset", Long.toString(source.offset()).getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_PREFIX + "error", String.valueOf(error.getMessage()).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static boolean[] mask(Object value) {
        if (!(value instanceof List<?> list)) {
            return new boolean[0];
        }
        boolean[] mask = new boolean[list.size()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = Boolean.TRUE.equals(list.get(i));
        }
        return mask;
    }
}
