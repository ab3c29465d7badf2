package io.mdpstream.publish.internal;

import io.mdpstream.events.FaultRecord;
import io.mdpstream.publish.FaultSpec;
import io.mdpstream.sim.random.RandomStreams;
import io.mdpstream.sim.run.EpisodeSpec;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.run.TraceJson;
import io.mdpstream.sim.space.Box;
import io.mdpstream.sim.space.Dict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Injects faults into the events on their way out, deterministically: each episode draws from its
 * own {@code faults} stream, separate from the simulation's, so the same run injects the same faults
 * and the simulated episodes do not change. One draw per event picks at most one fault. Every
 * injected fault is reported as a {@link FaultRecord}, the ground truth for scoring checks; a held
 * event (reorder, delay) is reported only when it goes out after the events that overtook it, so
 * the log holds only faults that happened (see {@link FaultSpec} for what each kind does).
 *
 * <p>Not thread-safe.
 */
public final class FaultInjector {

    /** A record to publish now (none when {@code routed} is null: a dropped event), and the fault it carries, if any. */
    public record Out(EpisodeSpec spec, TraceEvent event, AvroEvents.Routed routed, FaultRecord fault) {
    }

    private static final String[] ORDER = {"drop", "duplicate", "reorder", "delay", "out_of_range"};

    private final FaultSpec spec;
    private final List<String> rangeFields = new ArrayList<>();
    private final Dict observation;
    private final Map<String, EpisodeFaults> episodes = new HashMap<>();

    public FaultInjector(FaultSpec spec, Dict observation) {
        this.spec = spec;
        this.observation = observation;
        observation.spaces().forEach((name, space) -> {
            if (space instanceof Box box && (Double.isFinite(box.low()) || Double.isFinite(box.high()))) {
                rangeFields.add(name);
            }
        });
    }

    /** The faults' rates, recorded in each episode's header. */
    public Map<String, Double> rates() {
        return spec.rates();
    }

    /**
     * Decides the fate of one event and returns what to publish now: nothing (dropped or held), the
     * event, the event twice, or the event followed by earlier held ones that it overtook.
     */
    public List<Out> apply(EpisodeSpec episode, TraceEvent event, AvroEvents.Routed routed) {
        List<Out> out = new ArrayList<>(2);
        if (spec.none()) {
            out.add(new Out(episode, event, routed, null));
            return out;
        }
        EpisodeFaults state = episodes.computeIfAbsent(episode.episodeId(), id -> new EpisodeFaults(episode));
        String kind = pick(state.random);
        boolean published = true;
        if (kind == null || kind.equals("out_of_range") && !(event instanceof TraceEvent.StateEvent)) {
            out.add(new Out(episode, event, routed, null));
        } else if (kind.equals("drop")) {
            out.add(dropped(episode, event, routed));
            published = false;
        } else if (kind.equals("duplicate")) {
            out.add(new Out(episode, event, routed, record(episode, event, routed, "duplicate", "")));
            out.add(new Out(episode, event, routed, null));
        } else if (kind.equals("out_of_range")) {
            corrupt(out, episode, event, routed, state.random);
        } else {
            String detail = kind.equals("reorder") ? "published after the next event of its episode on " + routed.topic()
                    : "published after its episode moved on by " + spec.delay() + " of simulated time";
            state.held.add(new Held(new Out(episode, event, routed, record(episode, event, routed, kind, detail)),
                    kind.equals("reorder")));
            published = false;
        }
        if (published) {
            release(state, routed.topic(), simTimeMs(episode, event), out);
        }
        if (event instanceof TraceEvent.EpisodeEnd) {
            out.addAll(flush(episode.episodeId()));
        }
        return out;
    }

    /**
     * Releases what an episode still holds (at its end, or at the end of the run). These events did
     * not wait as their fault asks (no later event on their topic, or less than the delay), so no
     * fault is logged for them: the log holds only faults that happened.
     */
    public List<Out> flush(String episodeId) {
        EpisodeFaults state = episodes.remove(episodeId);
        List<Out> out = new ArrayList<>();
        if (state != null) {
            state.held.forEach(h -> out.add(new Out(h.out.spec(), h.out.event(), h.out.routed(), null)));
        }
        return out;
    }

    /** Releases everything held, for a final commit. */
    public List<Out> flushAll() {
        List<Out> out = new ArrayList<>();
        for (String id : new ArrayList<>(episodes.keySet())) {
            out.addAll(flush(id));
        }
        return out;
    }

    /** Lets go, after an event that really went out, the held events it overtook far enough. */
    private void release(EpisodeFaults state, String topic, long simTime, List<Out> out) {
        List<Held> still = new ArrayList<>();
        for (Held held : state.held) {
            boolean sameTopic = held.out.routed().topic().equals(topic);
            boolean due;
            if (held.reorder) {
                due = sameTopic;
            } else {
                if (held.overtakenAt == Long.MIN_VALUE) {
                    held.overtakenAt = simTime;
                }
                // Late in its own partition too: a consumer that merges partitions by timestamp (Kafka
                // Streams does) would otherwise put it back in place, and it would not be late at all.
                held.overtakenOnTopic |= sameTopic;
                due = held.overtakenOnTopic && simTime - held.overtakenAt >= spec.delay().toMillis();
            }
            if (due) {
                out.add(held.out);
            } else {
                still.add(held);
            }
        }
        state.held = still;
    }

    private static long simTimeMs(EpisodeSpec episode, TraceEvent event) {
        return TraceJson.simTime(episode, event.time()).toEpochMilli();
    }

    private String pick(RandomGenerator random) {
        double u = random.nextDouble();
        double cumulative = 0;
        for (String kind : ORDER) {
            cumulative += spec.rate(kind);
            if (u < cumulative) {
                return kind;
            }
        }
        return null;
    }

    /** A dropped event: nothing is published but the fault record. */
    private Out dropped(EpisodeSpec episode, TraceEvent event, AvroEvents.Routed routed) {
        return new Out(episode, event, null, record(episode, event, routed, "drop", ""));
    }

    private void corrupt(List<Out> out, EpisodeSpec episode, TraceEvent event, AvroEvents.Routed routed, RandomGenerator random) {
        if (rangeFields.isEmpty()) {
            out.add(new Out(episode, event, routed, null));
            return;
        }
        String field = rangeFields.get(random.nextInt(rangeFields.size()));
        Box box = (Box) observation.get(field);
        GenericRecord state = new GenericData.Record((GenericData.Record) routed.value(), true);
        GenericRecord obs = (GenericRecord) state.get("observation");
        double bad = Double.isFinite(box.low()) ? box.low() - 1 : box.high() + 1;
        Object value = box.isInteger() ? (Object) (long) bad : (Object) bad;
        if (box.isScalar()) {
            obs.put(field, value);
        } else {
            @SuppressWarnings("unchecked")
            List<Object> items = new ArrayList<>((List<Object>) obs.get(field));
            items.set(0, value);
            obs.put(field, items);
        }
        AvroEvents.Routed corrupted = new AvroEvents.Routed(routed.topic(), state);
        out.add(new Out(episode, event, corrupted, record(episode, event, routed, "out_of_range", "observation." + field
                + (box.isScalar() ? "" : "[0]") + "=" + bad)));
    }

    private static FaultRecord record(EpisodeSpec episode, TraceEvent event, AvroEvents.Routed routed, String kind,
                                      String detail) {
        return new FaultRecord(episode.runId(), episode.episodeId(), event.seq(), routed.topic(), kind, detail);
    }

    /** What an episode's faults need between events. */
    private static final class EpisodeFaults {
        final EpisodeSpec spec;
        final RandomGenerator random;
        List<Held> held = new ArrayList<>();

        EpisodeFaults(EpisodeSpec spec) {
            this.spec = spec;
            this.random = new RandomStreams(spec.seed()).stream("faults");
        }
    }

    /**
     * A held event: a reordered one waits for the next event of its episode on its topic; a delayed
     * one for its episode to move on by the delay after the first later event overtook it, and for a
     * later event on its own topic.
     */
    private static final class Held {
        final Out out;
        final boolean reorder;
        /** Simulated time (ms) of the first later event published, or {@code Long.MIN_VALUE} before that. */
        long overtakenAt = Long.MIN_VALUE;
        /** Whether a later event of its episode went out on its topic. */
        boolean overtakenOnTopic;

        Held(Out out, boolean reorder) {
            this.out = out;
            this.reorder = reorder;
        }
    }
}
