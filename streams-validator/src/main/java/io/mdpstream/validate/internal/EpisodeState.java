package io.mdpstream.validate.internal;

import io.mdpstream.validate.EventKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;

/**
 * What the validator remembers of one episode between its events: where its {@code seq} stands,
 * the events that came early and wait for a missing one, what the current step has seen, and the
 * violations so far. Kept in a changelogged state store, so a restarted validator goes on where it
 * stopped. Small on purpose: it is read and written once per event. Not thread-safe.
 */
final class EpisodeState {

    /**
     * An event that came before a missing seq. Its bytes are what is kept; the decoded event, held
     * beside them until the state is next read back, saves decoding it again when its turn comes.
     *
     * @param decoded the event as decoded when it came, or null (read back from bytes)
     */
    record Pending(EventKind kind, long timestamp, long arrival, long arrivalWall, byte[] value, DecodedEvent decoded) {
    }

    private static final byte FORMAT = 1;
    /** Steps whose decision times are kept for reward delays; older credits are not checked. */
    static final int STEP_TIMES = 64;
    /** Missing seq ranges remembered, to tell a late event from a duplicate. */
    static final int MISSING_RANGES = 32;

    String runId;
    String scenario;
    String scenarioVersion;
    long nextSeq;
    long lastSimTime = Long.MIN_VALUE;
    boolean started;
    boolean ended;
    boolean notStartedReported;
    /** Events went missing since the last state: what the step saw is unknown, so its causal order is not checked. */
    boolean stepUnknown;
    long endSeq = -1;
    int lastStateStep = -1;
    int lastActionStep = -1;
    boolean[] mask = new boolean[0];
    long events;
    int steps;
    double rewardSum;
    String outcome;
    long lastArrival = Long.MIN_VALUE;
    long lastSimTimeSeen = Long.MIN_VALUE;
    final long[] lastSeqByKind = {-1, -1, -1, -1};
    /** Events that came before a missing seq, by seq; change it through {@link #hold} and {@link #takeFirst}. */
    final TreeMap<Long, Pending> pending = new TreeMap<>();
    /** How many of {@link #pending} came on each topic, by {@link EventKind} ordinal. */
    private final int[] pendingByKind = new int[EventKind.values().length];
    final List<long[]> missing = new ArrayList<>();
    final Map<String, Long> violations = new LinkedHashMap<>();
    final long[] stepTimes = new long[STEP_TIMES];
    final int[] stepOf = filled(STEP_TIMES);

    void count(String rule) {
        violations.merge(rule, 1L, Long::sum);
    }

    void missing(long from, long to) {
        if (missing.size() == MISSING_RANGES) {
            missing.remove(0);
        }
        missing.add(new long[] {from, to});
    }

    /** Whether seq was reported missing; forgets it, so a second arrival counts as a duplicate. */
    boolean takeMissing(long seq) {
        for (int i = 0; i < missing.size(); i++) {
            long[] range = missing.get(i);
            if (seq >= range[0] && seq <= range[1]) {
                missing.remove(i);
                if (seq > range[0]) {
                    missing.add(i, new long[] {range[0], seq - 1});
                    i++;
                }
                if (seq < range[1]) {
                    missing.add(i, new long[] {seq + 1, range[1]});
                }
                while (missing.size() > MISSING_RANGES) {
                    missing.remove(0);
                }
                return true;
            }
        }
        return false;
    }

    void stepTime(int step, long simTime) {
        int slot = Math.floorMod(step, STEP_TIMES);
        stepOf[slot] = step;
        stepTimes[slot] = simTime;
    }

    /** The decision time of a step, or null when it is unknown or no longer kept. */
    Long stepTime(int step) {
        int slot = Math.floorMod(step, STEP_TIMES);
        return stepOf[slot] == step ? stepTimes[slot] : null;
    }

    /** Keeps an event that came before a missing seq. */
    void hold(long seq, Pending event) {
        pending.put(seq, event);
        pendingByKind[event.kind().ordinal()]++;
    }

    /** Removes and returns the held event with the lowest seq. */
    Pending takeFirst() {
        Pending event = pending.pollFirstEntry().getValue();
        pendingByKind[event.kind().ordinal()]--;
        return event;
    }

    /** How many held events came on {@code kind}'s topic. */
    int pendingOn(EventKind kind) {
        return pendingByKind[kind.ordinal()];
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + pendingBytes());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writeText(out, runId);
            writeText(out, scenario);
            writeText(out, scenarioVersion);
            out.writeLong(nextSeq);
            out.writeLong(lastSimTime);
            out.writeByte((started ? 1 : 0) | (ended ? 2 : 0) | (notStartedReported ? 4 : 0) | (stepUnknown ? 8 : 0));
            out.writeLong(endSeq);
            out.writeInt(lastStateStep);
            out.writeInt(lastActionStep);
            out.writeInt(mask.length);
            for (boolean allowed : mask) {
                out.writeBoolean(allowed);
            }
            out.writeLong(events);
            out.writeInt(steps);
            out.writeDouble(rewardSum);
            writeText(out, outcome);
            out.writeLong(lastArrival);
            out.writeLong(lastSimTimeSeen);
            for (long seq : lastSeqByKind) {
                out.writeLong(seq);
            }
            out.writeInt(pending.size());
            for (Map.Entry<Long, Pending> entry : pending.entrySet()) {
                Pending p = entry.getValue();
                out.writeLong(entry.getKey());
                out.writeByte(p.kind().ordinal());
                out.writeLong(p.timestamp());
                out.writeLong(p.arrival());
                out.writeLong(p.arrivalWall());
                out.writeInt(p.value().length);
                out.write(p.value());
            }
            out.writeInt(missing.size());
            for (long[] range : missing) {
                out.writeLong(range[0]);
                out.writeLong(range[1]);
            }
            out.writeInt(violations.size());
            for (Map.Entry<String, Long> entry : violations.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeLong(entry.getValue());
            }
            for (int i = 0; i < STEP_TIMES; i++) {
                out.writeInt(stepOf[i]);
                out.writeLong(stepTimes[i]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static EpisodeState fromBytes(byte[] bytes) {
        EpisodeState s = new EpisodeState();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new SerializationException("episode state has format " + format + ", expected " + FORMAT);
            }
            s.runId = readText(in);
            s.scenario = readText(in);
            s.scenarioVersion = readText(in);
            s.nextSeq = in.readLong();
            s.lastSimTime = in.readLong();
            int flags = in.readByte();
            s.started = (flags & 1) != 0;
            s.ended = (flags & 2) != 0;
            s.notStartedReported = (flags & 4) != 0;
            s.stepUnknown = (flags & 8) != 0;
            s.endSeq = in.readLong();
            s.lastStateStep = in.readInt();
            s.lastActionStep = in.readInt();
            s.mask = new boolean[checkedLength(in.readInt(), bytes.length)];
            for (int i = 0; i < s.mask.length; i++) {
                s.mask[i] = in.readBoolean();
            }
            s.events = in.readLong();
            s.steps = in.readInt();
            s.rewardSum = in.readDouble();
            s.outcome = readText(in);
            s.lastArrival = in.readLong();
            s.lastSimTimeSeen = in.readLong();
            for (int i = 0; i < s.lastSeqByKind.length; i++) {
                s.lastSeqByKind[i] = in.readLong();
            }
            int pending = checkedLength(in.readInt(), bytes.length);
            for (int i = 0; i < pending; i++) {
                long seq = in.readLong();
                EventKind kind = EventKind.values()[in.readByte()];
                long timestamp = in.readLong();
                long arrival = in.readLong();
                long arrivalWall = in.readLong();
                byte[] value = new byte[checkedLength(in.readInt(), bytes.length)];
                in.readFully(value);
                s.hold(seq, new Pending(kind, timestamp, arrival, arrivalWall, value, null));
            }
            int ranges = checkedLength(in.readInt(), bytes.length);
            for (int i = 0; i < ranges; i++) {
                s.missing.add(new long[] {in.readLong(), in.readLong()});
            }
            int rules = checkedLength(in.readInt(), bytes.length);
            for (int i = 0; i < rules; i++) {
                s.violations.put(in.readUTF(), in.readLong());
            }
            for (int i = 0; i < STEP_TIMES; i++) {
                s.stepOf[i] = in.readInt();
                s.stepTimes[i] = in.readLong();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException("episode state of " + bytes.length + " bytes is corrupt: " + e, e);
        }
        return s;
    }

    private int pendingBytes() {
        int total = 0;
        for (Pending p : pending.values()) {
            total += p.value().length + 32;
        }
        return total;
    }

    private static int checkedLength(int length, int available) {
        if (length < 0 || length > available) {
            throw new SerializationException("episode state holds a length of " + length + " in " + available + " bytes");
        }
        return length;
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    private static String readText(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static int[] filled(int n) {
        int[] steps = new int[n];
        Arrays.fill(steps, Integer.MIN_VALUE);
        return steps;
    }
}
