package io.mdpstream.validate.stats;

import io.mdpstream.validate.EventKind;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary {@link Serde} for {@link WindowStats}, for state stores and repartition topics.
 *
 * <p>Format {@value #FORMAT_VERSION}: a version byte; the number of event kinds and one count per kind; the reward
 * summary; then features (name, summary), action labels (label, count) and violation rules (rule, count), each list
 * prefixed by its size. Integers are unsigned LEB128 varints, strings length-prefixed UTF-8, moments as
 * {@code ByteSink.writeNumber} writes them (a whole number in a byte or two, anything else in nine); see
 * {@code SummaryBinary} for a summary's layout, and how formats 1 and 2, which this serde still reads, laid out
 * buckets and moments. Equal windows give equal bytes. Format numbers go on after {@link ShareSerde}'s (3 and 4), so
 * the first byte tells a share from a bare window.
 *
 * <p>Reading checks every size against the limits of {@link WindowStats} and against the bytes left before it
 * allocates anything, and the parts for consistency (a summary's sketch must hold its count, names are unique), so a
 * corrupt or truncated array fails with a {@link SerializationException} saying what and where, never a hang or an
 * out-of-memory error. {@code null} maps to {@code null} both ways, as Kafka expects for tombstones.
 *
 * <p>Stateless and thread-safe; {@code configure} and {@code close} do nothing.
 */
public final class WindowStatsSerde implements Serde<WindowStats> {

    /** The version byte this serde writes; it reads this one and formats 1 and 2, so state written before restores. */
    public static final byte FORMAT_VERSION = 5;
    /** The format with moments as 8-byte doubles; still read. */
    static final byte DOUBLES_FORMAT_VERSION = 2;
    /** The first format, which laid out buckets as whole ranges; still read. */
    static final byte FIRST_FORMAT_VERSION = 1;
    /** Longest name, in UTF-8 bytes, that is written or read. */
    public static final int MAX_NAME_BYTES = 64 * 1024;

    private static final EventKind[] KINDS = EventKind.values();

    @Override
    public Serializer<WindowStats> serializer() {
        return (topic, stats) -> stats == null ? null : toBytes(stats);
    }

    @Override
    public Deserializer<WindowStats> deserializer() {
        return (topic, bytes) -> bytes == null ? null : fromBytes(bytes);
    }

    /**
     * @throws SerializationException if a name is longer than {@link #MAX_NAME_BYTES}
     */
    public static byte[] toBytes(WindowStats stats) {
        ByteSink out = new ByteSink(256);
        out.writeByte(FORMAT_VERSION);
        write(out, stats);
        return out.toByteArray();
    }

    /** The body of format {@value #FORMAT_VERSION}, without the version byte (a {@link Share} embeds it). */
    static void write(ByteSink out, WindowStats stats) {
        long[] counts = stats.eventCountsArray();
        out.writeVarLong(counts.length);
        for (long count : counts) {
            out.writeVarLong(count);
        }
        SummaryBinary.write(out, stats.reward());
        out.writeVarLong(stats.featuresMap().size());
        for (Map.Entry<String, Summary> feature : stats.featuresMap().entrySet()) {
            writeName(out, feature.getKey());
            SummaryBinary.write(out, feature.getValue());
        }
        writeCounts(out, stats.actionsMap());
        writeCounts(out, stats.violationsMap());
    }

    /**
     * @throws SerializationException if the bytes are truncated, corrupt or of another format version
     */
    public static WindowStats fromBytes(byte[] bytes) {
        ByteReader in = new ByteReader(bytes, "WindowStats");
        byte version = in.readByte();
        if (version != FORMAT_VERSION && version != DOUBLES_FORMAT_VERSION && version != FIRST_FORMAT_VERSION) {
            throw in.corrupt(0, "format version " + version + ", expected " + FORMAT_VERSION + " (or " + FIRST_FORMAT_VERSION
                    + " or " + DOUBLES_FORMAT_VERSION + ")");
        }
        WindowStats stats = read(in, version);
        in.requireEnd();
        return stats;
    }

    /**
     * A body of format 1, 2 or 5 (the version says which), without the version byte. The window read gives its new features
     * quantile sketches unless a feature it holds has none (see {@link WindowStats}).
     */
    static WindowStats read(ByteReader in, int version) {
        long[] counts = new long[KINDS.length];
        int start = in.position();
        int kinds = in.readCount("number of event kinds", counts.length);
        if (kinds != counts.length) {
            throw in.corrupt(start, kinds + " event kinds, expected " + counts.length);
        }
        for (int i = 0; i < kinds; i++) {
            counts[i] = in.readVarLong(KINDS[i].label(), " count");
        }
        Summary reward = SummaryBinary.read(in, "reward", version);
        int features = in.readCount("number of features", WindowStats.MAX_KEYS + 1);
        Map<String, Summary> summaries = new LinkedHashMap<>();
        boolean featureQuantiles = true;
        for (int i = 0; i < features; i++) {
            int at = in.position();
            String name = in.readString("feature name", MAX_NAME_BYTES);
            Summary summary = SummaryBinary.read(in, "feature '" + name + "'", version);
            if (summaries.putIfAbsent(name, summary) != null) {
                throw in.corrupt(at, "feature '" + name + "' appears twice");
            }
            featureQuantiles &= summary.sketched();
        }
        WindowStats stats = new WindowStats(featureQuantiles);
        System.arraycopy(counts, 0, stats.eventCountsArray(), 0, counts.length);
        stats.reward().merge(reward);
        stats.featuresMap().putAll(summaries);
        readCounts(in, stats.actionsMap(), "action label");
        readCounts(in, stats.violationsMap(), "violation rule");
        return stats;
    }

    private static void writeCounts(ByteSink out, Map<String, Long> counts) {
        out.writeVarLong(counts.size());
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            writeName(out, entry.getKey());
            out.writeVarLong(entry.getValue());
        }
    }

    private static void readCounts(ByteReader in, Map<String, Long> counts, String what) {
        int size = in.readCount("number of " + what + "s", WindowStats.MAX_KEYS + 1);
        for (int i = 0; i < size; i++) {
            int at = in.position();
            String name = in.readString(what, MAX_NAME_BYTES);
            long count = in.readVarLong(what + " '" + name + "' count");
            if (counts.putIfAbsent(name, count) != null) {
                throw in.corrupt(at, what + " '" + name + "' appears twice");
            }
        }
    }

    static void writeName(ByteSink out, String name) {
        if (name.length() * 3L > MAX_NAME_BYTES && name.getBytes(StandardCharsets.UTF_8).length
                > MAX_NAME_BYTES) {
            throw new SerializationException("Name of " + name.length() + " chars is longer than " + MAX_NAME_BYTES
                    + " UTF-8 bytes: " + name.substring(0, 64) + "...");
        }
        out.writeString(name);
    }
}
