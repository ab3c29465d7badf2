package io.mdpstream.validate.stats;

import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary {@link Serde} for a {@link Share}, for the validator's window stores and the topic where shares meet.
 *
 * <p>Format {@value #FORMAT_VERSION}: a version byte; the share's summarized part as a {@link WindowStatsSerde} body
 * (format 2 without its version byte); then the values held as they are: the number of reward values and each value,
 * and the number of blocks of states, each with its width, the length in bytes of its feature paths and the paths, its
 * number of states and their values row after row. Values are written by {@code ByteSink.writeNumber}: a whole number (most features are counts, levels
 * or flags) in a byte or two, anything else in nine. Bytes of {@link WindowStatsSerde} formats 1 and 2 (what earlier
 * versions of the validator kept in these stores and sent as shares) read as a share that is all summary.
 *
 * <p>Reading checks every count against the limits of a share and the bytes left before it allocates, so corrupt
 * bytes fail with a {@link SerializationException} saying what and where. {@code null} maps to {@code null} both ways.
 *
 * <p>Stateless and thread-safe.
 */
public final class ShareSerde implements Serde<Share> {

    /** The version byte this serde writes. */
    public static final byte FORMAT_VERSION = 3;
    /** The feature paths of blocks read before: every share of a scenario's states brings the same ones. */
    private static final PathCache PATHS = new PathCache();

    @Override
    public Serializer<Share> serializer() {
        return (topic, share) -> share == null ? null : toBytes(share);
    }

    @Override
    public Deserializer<Share> deserializer() {
        return (topic, bytes) -> bytes == null ? null : fromBytes(bytes);
    }

    /**
     * @throws SerializationException if a name is longer than {@link WindowStatsSerde#MAX_NAME_BYTES}
     */
    public static byte[] toBytes(Share share) {
        RawValues raw = share.raw();
        ByteSink out = new ByteSink(256 + 2 * raw.values());
        out.writeByte(FORMAT_VERSION);
        WindowStatsSerde.write(out, share.summarized());
        out.writeVarLong(raw.rewardCount());
        for (int i = 0; i < raw.rewardCount(); i++) {
            out.writeNumber(raw.reward(i));
        }
        List<RawValues.Block> blocks = raw.blocks();
        out.writeVarLong(blocks.size());
        ByteSink paths = new ByteSink(64);
        for (RawValues.Block block : blocks) {
            out.writeVarLong(block.paths.length);
            paths.clear();
            for (String path : block.paths) {
                WindowStatsSerde.writeName(paths, path);
            }
            out.writeVarLong(paths.size());
            out.write(paths);
            out.writeVarLong(block.rows);
            for (int i = 0, n = block.rows * block.paths.length; i < n; i++) {
                out.writeNumber(block.values[i]);
            }
        }
        return out.toByteArray();
    }

    /**
     * @throws SerializationException if the bytes are truncated, corrupt or of an unknown format
     */
    public static Share fromBytes(byte[] bytes) {
        return fromBytes(bytes, 0);
    }

    /**
     * A share written from {@code offset} to the end of {@code bytes} (after a header of the caller's), read in place.
     *
     * @throws SerializationException if the bytes are truncated, corrupt or of an unknown format
     */
    public static Share fromBytes(byte[] bytes, int offset) {
        ByteReader in = new ByteReader(bytes, offset, "Share");
        byte version = in.readByte();
        if (version == WindowStatsSerde.FORMAT_VERSION || version == WindowStatsSerde.FIRST_FORMAT_VERSION) {
            WindowStats stats = WindowStatsSerde.read(in, version);
            in.requireEnd();
            return Share.of(stats);
        }
        if (version != FORMAT_VERSION) {
            throw in.corrupt(offset, "format version " + version + ", expected " + FORMAT_VERSION + " (or a WindowStats format "
                    + WindowStatsSerde.FIRST_FORMAT_VERSION + " or " + WindowStatsSerde.FORMAT_VERSION + ")");
        }
        WindowStats summarized = WindowStatsSerde.read(in, version);
        RawValues raw = new RawValues();
        int rewards = in.readCount("number of reward values", Share.RAW_VALUES);
        for (int i = 0; i < rewards; i++) {
            raw.addReward(in.readNumber("reward value"));
        }
        int blocks = in.readCount("number of blocks of states", Share.RAW_VALUES);
        for (int b = 0; b < blocks; b++) {
            int at = in.position();
            int width = in.readCount("block width", Share.RAW_VALUES - raw.values());
            if (width == 0) {
                throw in.corrupt(at, "a block of states without features");
            }
            String[] paths = PATHS.read(in, width);
            int start = in.position();
            int rows = in.readCount("number of states", Share.RAW_VALUES);
            if ((long) rows * width > Share.RAW_VALUES - raw.values() || rows == 0) {
                throw in.corrupt(start, rows + " states of " + width + " features: a block holds at least one state and a share"
                        + " at most " + Share.RAW_VALUES + " values as they are");
            }
            double[] values = new double[rows * width];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readNumber("feature value");
            }
            raw.addBlock(paths, values, rows);
        }
        in.requireEnd();
        return new Share(summarized, raw);
    }

    /**
     * Blocks of feature paths by their bytes, so that reading the same paths again makes no string: a share of a
     * dozen states would otherwise decode and look up some fifty names for them. Holds at most {@value #MAX} blocks
     * (an open-ended variety of schemas reads its paths as they come). Thread-safe.
     */
    private static final class PathCache {
        private static final int MAX = 1024;
        private final java.util.concurrent.ConcurrentHashMap<Key, String[]> blocks = new java.util.concurrent.ConcurrentHashMap<>();

        String[] read(ByteReader in, int width) {
            int most = (int) Math.min(Integer.MAX_VALUE, (long) WindowStatsSerde.MAX_NAME_BYTES * width);
            int length = in.readCount("feature paths length", most);
            int start = in.position();
            Key key = new Key(in.bytes(), start, length);
            String[] known = blocks.get(key);
            if (known != null && known.length == width) {
                in.skip(length);
                return known;
            }
            String[] paths = new String[width];
            for (int c = 0; c < width; c++) {
                paths[c] = in.readString("feature path", WindowStatsSerde.MAX_NAME_BYTES);
            }
            if (in.position() != start + length) {
                throw in.corrupt(start, "feature paths take " + (in.position() - start) + " bytes, not the " + length + " said");
            }
            if (blocks.size() < MAX) {
                blocks.putIfAbsent(key.copy(), paths);
            }
            return paths;
        }

        /** A range of bytes, compared by content. */
        private static final class Key {
            private final byte[] bytes;
            private final int from;
            private final int length;
            private final int hash;

            Key(byte[] bytes, int from, int length) {
                this.bytes = bytes;
                this.from = from;
                this.length = length;
                int h = 1;
                for (int i = from, end = from + length; i < end; i++) {
                    h = 31 * h + bytes[i];
                }
                this.hash = h;
            }

            Key copy() {
                return new Key(java.util.Arrays.copyOfRange(bytes, from, from + length), 0, length);
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Key other && other.length == length && other.hash == hash
                        && java.util.Arrays.equals(bytes, from, from + length, other.bytes, other.from, other.from + length);
            }

            @Override
            public int hashCode() {
                return hash;
            }
        }
    }
}
