package io.mdpstream.sink.internal;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.events.EpisodeEnded;
import io.mdpstream.events.EpisodeEvent;
import io.mdpstream.events.EpisodeStarted;
import io.mdpstream.events.Reward;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.registry.SchemaRegistryException;
import io.mdpstream.serde.AvroDeserializer;
import io.mdpstream.sim.space.Dict;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.sink.SinkException;
import io.mdpstream.validate.EventKind;
import io.mdpstream.validate.stats.WindowStats;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns a closed episode's events into its step rows and its episode row, reading the events twice
 * from wherever they are (memory or spill file) so that a long episode never has to be decoded in
 * memory all at once: the first pass reads the header, the end and the rewards (which may credit an
 * earlier step, so each row's reward is known before rows are written); the second pairs each state
 * with the action of its step and writes the row. Only an episode whose states or actions arrived
 * out of seq order (a reorder fault) is sorted in memory. Not thread-safe.
 */
public final class EpisodeAssembler {

    /** Where rows go: the batch picks a file by the rows' schema. */
    public interface StepOutput {
        void write(StepRows rows, GenericRecord row) throws IOException;
    }

    /** Where the episode's events go, one {@link EventRows} row each, in seq order. */
    public interface EventOutput {
        void write(GenericRecord row) throws IOException;
    }

    /**
     * What was written for an episode.
     *
     * @param episode   the episodes-table row
     * @param steps     step rows written
     * @param schemaIds registry ids of the writer schemas of its events
     */
    public record Assembled(GenericRecord episode, String scenario, String scenarioVersion, long steps, double episodeReturn,
                            String outcome, Set<Integer> schemaIds) {
    }

    private final EventTopics topics;
    private final AvroDeserializer<Object> generic;
    private final AvroDeserializer<Object> specific;
    private final Function<String, Scenario> scenarios;
    private final SchemaRegistryClient registry;
    private final Map<List<Schema>, StepRows> rowsBySchemas = new HashMap<>();
    /** Topic of each {@link EventKind}, by ordinal. */
    private final String[] topicOf;

    /**
     * @param scenarios the scenario of a name, or null when it is not on the classpath (then dict-shaped
     *                  action payloads are kept as records)
     */
    public EpisodeAssembler(EventTopics topics, SchemaRegistryClient registry, Function<String, Scenario> scenarios) {
        this.topics = topics;
        this.generic = new AvroDeserializer<>(registry, false);
        this.specific = new AvroDeserializer<>(registry, true);
        this.scenarios = scenarios;
        this.registry = registry;
        this.topicOf = Arrays.stream(EventKind.values()).map(kind -> kind.topic(topics)).toArray(String[]::new);
    }

    /**
     * Writes the steps and the events of an episode that has its start, and returns its episode row.
     *
     * @param stats where the training set's statistics go (observations, actions, rewards); null for quarantine
     */
    public Assembled assemble(Disposition disposition, String batch, StepOutput out, EventOutput events, WindowStats stats)
            throws IOException {
        OpenEpisode episode = disposition.episode();
        Header header = firstPass(episode, stats);
        if (header.started == null) {
            throw new IllegalStateException("episode " + episode.id() + " has no start; it cannot be stored");
        }
        EpisodeStarted started = (EpisodeStarted) header.started.getBody();
        EpisodeEnded ended = header.ended == null ? null : (EpisodeEnded) header.ended.getBody();
        String outcome = ended == null ? null : ended.getOutcome().name();
        long rows = 0;
        try (EventSource states = source(episode, EventKind.STATES, header.sorted(EventKind.STATES));
             EventSource actions = source(episode, EventKind.ACTIONS, header.sorted(EventKind.ACTIONS))) {
            BufferedEvent pending = actions.hasNext() ? actions.next() : null;
            while (states.hasNext()) {
                BufferedEvent stateEvent = states.next();
                while (pending != null && pending.step() < stateEvent.step()) {
                    pending = actions.hasNext() ? actions.next() : null; // an action without its state: nothing to pair
                }
                GenericRecord action = null;
                if (pending != null && pending.step() == stateEvent.step()) {
                    action = (GenericRecord) generic.deserialize(topics.actions(), pending.value());
                    pending = actions.hasNext() ? actions.next() : null;
                }
                GenericRecord state = (GenericRecord) generic.deserialize(topics.states(), stateEvent.value());
                StepRows stepRows = rows(header.scenario, state, action, header.actionPayload);
                boolean last = !states.hasNext();
                int step = stateEvent.step();
                GenericRecord row = stepRows.row(episode.id(), started.getEpisodeIndex(), state, action,
                        header.rewards.at(step), header.rewards.componentsAt(step),
                        last && "TERMINATED".equals(outcome),
                        last && ("TRUNCATED".equals(outcome) || "ABORTED".equals(outcome)));
                out.write(stepRows, row);
                if (stats != null) {
                    stats.addState((GenericRecord) state.get("observation"));
                    if (action != null) {
                        stats.addAction(String.valueOf(row.get("action")));
                    }
                }
                rows++;
            }
        }
        writeEvents(episode, header, events);
        double episodeReturn = ended != null ? ended.getEpisodeReturn() : header.rewards.total;
        GenericRecord row = episodeRow(disposition, batch, header, started, ended, rows, episodeReturn);
        Set<Integer> schemaIds = new TreeSet<>();
        header.schemaIds.values().forEach(schemaIds::addAll);
        return new Assembled(row, header.scenario, header.started.getEnvelope().getScenarioVersion(), rows, episodeReturn, outcome,
                schemaIds);
    }

    /**
     * The third pass: every event in seq order, merged from the four kinds (each in seq order on its
     * own topic, so the merge streams; a kind that arrived out of order is sorted in memory).
     */
    private static void writeEvents(OpenEpisode episode, Header header, EventOutput out) throws IOException {
        List<EventSource> sources = new ArrayList<>();
        try {
            for (EventKind kind : EventKind.values()) {
                sources.add(source(episode, kind, header.sorted(kind)));
            }
            while (true) {
                EventSource first = null;
                for (EventSource source : sources) {
                    if (source.hasNext() && (first == null || source.peek().seq() < first.peek().seq())) {
                        first = source;
                    }
                }
                if (first == null) {
                    return;
                }
                out.write(EventRows.row(episode.id(), first.next()));
            }
        } finally {
            sources.forEach(EventSource::close);
        }
    }

    /** The registry's writer schema of an id, to keep beside the events written with it. */
    public Schema writerSchema(int schemaId) {
        try {
            return registry.schemaById(schemaId);
        } catch (SchemaRegistryException e) {
            throw new SinkException("cannot get writer schema " + schemaId + " from the schema registry: " + e.getMessage(), e);
        }
    }

    private GenericRecord episodeRow(Disposition disposition, String batch, Header header, EpisodeStarted started,
                                     EpisodeEnded ended, long steps, double episodeReturn) {
        OpenEpisode episode = disposition.episode();
        var envelope = header.started.getEnvelope();
        GenericData.Record row = new GenericData.Record(EpisodeRows.SCHEMA);
        row.put("episode_id", episode.id());
        row.put("run_id", envelope.getRunId());
        row.put("episode_index", started.getEpisodeIndex());
        row.put("scenario", envelope.getScenario());
        row.put("scenario_version", envelope.getScenarioVersion());
        row.put("seed", started.getSeed());
        row.put("run_seed", started.getRunSeed());
        row.put("parameters", started.getParameters());
        row.put("randomized", new TreeMap<>(started.getRandomized()));
        row.put("policy_id", started.getPolicy().getId());
        row.put("policy_version", started.getPolicy().getVersion());
        row.put("code_version", started.getCodeVersion());
        row.put("fault_injection", new TreeMap<>(started.getFaultInjection()));
        Map<String, List<Integer>> ids = new LinkedHashMap<>();
        header.schemaIds.forEach((kind, set) -> ids.put(kind, new ArrayList<>(set)));
        row.put("schema_ids", ids);
        row.put("start_time", envelope.getSimTime().toEpochMilli());
        row.put("end_time", header.ended == null ? null : header.ended.getEnvelope().getSimTime().toEpochMilli());
        row.put("outcome", ended == null ? null : ended.getOutcome().name());
        row.put("end_reason", ended == null ? null : ended.getReason());
        row.put("steps", (int) steps);
        row.put("episode_return", episodeReturn);
        row.put("events", episode.events());
        row.put("duplicates", episode.duplicates());
        row.put("verdict", disposition.verdict());
        row.put("violations", episode.verdict() == null ? Map.of() : new TreeMap<>(episode.verdict().getViolationsByRule()));
        row.put("quarantine_reason", disposition.reason());
        row.put("batch", batch);
        return row;
    }

    /** What the first pass learns. */
    private static final class Header {
        EpisodeEvent started;
        EpisodeEvent ended;
        String scenario;
        Schema actionPayload;
        final Rewards rewards = new Rewards();
        final Map<String, TreeSet<Integer>> schemaIds = new TreeMap<>();
        final long[] lastSeq = {-1, -1, -1, -1};
        final int[] lastSchemaId = {-1, -1, -1, -1};
        final boolean[] unsorted = new boolean[EventKind.values().length];

        /** Whether the events of a kind arrived in seq order. */
        boolean sorted(EventKind kind) {
            return !unsorted[kind.ordinal()];
        }
    }

    private Header firstPass(OpenEpisode episode, WindowStats stats) {
        Header header = new Header();
        int firstStep = Integer.MAX_VALUE;
        int lastStep = Integer.MIN_VALUE;
        try (OpenEpisode.EventCursor events = episode.cursor()) {
            while (events.hasNext()) {
                BufferedEvent event = events.next();
                int kind = event.kind().ordinal();
                String topic = topicOf[kind];
                int schemaId = EventHeaders.schemaId(topic, event.value());
                if (schemaId != header.lastSchemaId[kind]) { // the same id for every event of a kind, as a rule
                    header.lastSchemaId[kind] = schemaId;
                    header.schemaIds.computeIfAbsent(event.kind().label(), k -> new TreeSet<>()).add(schemaId);
                }
                header.unsorted[kind] |= event.seq() < header.lastSeq[kind];
                header.lastSeq[kind] = event.seq();
                switch (event.kind()) {
                    case EPISODES -> {
                        EpisodeEvent value = (EpisodeEvent) specific.deserialize(topic, event.value());
                        if (value.getBody() instanceof EpisodeStarted) {
                            header.started = value;
                            header.scenario = value.getEnvelope().getScenario();
                        } else if (value.getBody() instanceof EpisodeEnded) {
                            header.ended = value;
                        }
                    }
                    case REWARDS -> {
                        Reward reward = (Reward) specific.deserialize(topic, event.value());
                        header.rewards.add(reward.getCreditedStep(), reward.getValue(), reward.getComponents());
                        if (stats != null) {
                            stats.addReward(reward.getValue());
                        }
                    }
                    case STATES -> {
                        firstStep = Math.min(firstStep, event.step());
                        lastStep = Math.max(lastStep, event.step());
                    }
                    case ACTIONS -> {
                        if (header.actionPayload == null) {
                            GenericRecord action = (GenericRecord) generic.deserialize(topic, event.value());
                            header.actionPayload = action.getSchema().getField("action").schema();
                        }
                    }
                }
            }
        }
        header.rewards.clamp(firstStep, lastStep);
        return header;
    }

    private StepRows rows(String scenarioName, GenericRecord state, GenericRecord action, Schema firstActionPayload) {
        Schema observation = state.getSchema().getField("observation").schema();
        Schema payload = action != null ? action.getSchema().getField("action").schema() : firstActionPayload;
        List<Schema> key = Arrays.asList(observation, payload);
        StepRows rows = rowsBySchemas.get(key);
        if (rows == null) {
            Scenario scenario = scenarios.apply(scenarioName);
            // ActionPayload wraps an action that is not a dict in a record of one field; the column is the action itself.
            boolean unwrap = scenario != null && !(scenario.actionSpace() instanceof Dict);
            rows = StepRows.of(observation, payload, unwrap);
            rowsBySchemas.put(key, rows);
        }
        return rows;
    }

    /** Events of one kind in seq order: straight from the episode when they arrived in order, else sorted in memory. */
    private static EventSource source(OpenEpisode episode, EventKind kind, boolean sorted) {
        OpenEpisode.EventCursor cursor = episode.cursor();
        if (sorted) {
            return new EventSource(cursor, kind);
        }
        List<BufferedEvent> events = new ArrayList<>();
        try (cursor) {
            cursor.forEachRemaining(e -> {
                if (e.kind() == kind) {
                    events.add(e);
                }
            });
        }
        events.sort(Comparator.comparingLong(BufferedEvent::seq));
        return new EventSource(null, events.iterator(), kind);
    }

    /** The events of one kind from a cursor. */
    private static final class EventSource implements Iterator<BufferedEvent>, AutoCloseable {
        private final OpenEpisode.EventCursor cursor;
        private final Iterator<BufferedEvent> events;
        private final EventKind kind;
        private BufferedEvent next;

        EventSource(OpenEpisode.EventCursor cursor, EventKind kind) {
            this(cursor, cursor, kind);
        }

        EventSource(OpenEpisode.EventCursor cursor, Iterator<BufferedEvent> events, EventKind kind) {
            this.cursor = cursor;
            this.events = events;
            this.kind = kind;
            advance();
        }

        private void advance() {
            next = null;
            while (events.hasNext()) {
                BufferedEvent event = events.next();
                if (event.kind() == kind) {
                    next = event;
                    return;
                }
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        /** The event {@link #next} gives, without moving on. */
        BufferedEvent peek() {
            return next;
        }

        @Override
        public BufferedEvent next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            BufferedEvent event = next;
            advance();
            return event;
        }

        @Override
        public void close() {
            if (cursor != null) {
                cursor.close();
            }
        }
    }

    /**
     * Rewards by the step they credit, in arrays indexed by step (8 bytes a step, and 8 a step per named
     * component), so a long episode costs little here.
     */
    private static final class Rewards {
        private double[] byStep = new double[16];
        private final Map<String, double[]> components = new TreeMap<>();
        private int first = 0;
        private int last = Integer.MAX_VALUE;
        double total;

        void add(int step, double value, Map<String, Double> parts) {
            total += value;
            int at = Math.max(0, step); // credited before the first decision: the first row's
            byStep = grow(byStep, at);
            byStep[at] += value;
            parts.forEach((name, part) -> {
                double[] sums = grow(components.getOrDefault(name, new double[16]), at);
                sums[at] += part;
                components.put(name, sums);
            });
        }

        /** The rows run from step {@code first} to {@code last}: a reward outside goes to the nearest row. */
        void clamp(int firstStep, int lastStep) {
            if (firstStep > lastStep) {
                return;
            }
            first = firstStep;
            last = lastStep;
        }

        double at(int step) {
            return sum(byStep, step);
        }

        Map<String, Double> componentsAt(int step) {
            if (components.isEmpty()) {
                return Map.of();
            }
            Map<String, Double> sums = new TreeMap<>();
            components.forEach((name, values) -> {
                double value = sum(values, step);
                if (value != 0) {
                    sums.put(name, value);
                }
            });
            return sums;
        }

        /** The value at a row's step, plus everything credited beyond the ends when it is the first or last row. */
        private double sum(double[] values, int step) {
            double value = step >= 0 && step < values.length ? values[step] : 0;
            if (step == first) {
                for (int s = 0; s < Math.min(first, values.length); s++) {
                    value += values[s];
                }
            }
            if (step == last) {
                for (int s = Math.max(0, last + 1); s < values.length; s++) {
                    value += values[s];
                }
            }
            return value;
        }

        private static double[] grow(double[] values, int index) {
            return index < values.length ? values : Arrays.copyOf(values, Math.max(index + 1, values.length * 2));
        }
    }

    /** Milliseconds of a timestamp-millis value, read generically (a long) or with conversions (an Instant). */
    static long millis(Object value) {
        return value instanceof Instant instant ? instant.toEpochMilli() : ((Number) value).longValue();
    }
}
