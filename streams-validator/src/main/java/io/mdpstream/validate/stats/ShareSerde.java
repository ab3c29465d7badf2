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
 * (format 5 without its version byte); then the values held as they are: the number of reward values and each value,
 * and the number of blocks of states, each with its width, the id of its feature paths (8 bytes, a hash of their
 * bytes), the length in bytes of its feature paths and the paths, or a length of 0 and no paths when the block is named
 * by id only (see {@link SentPaths}), its number of states and their values row after row. Values are written by
 * {@code ByteSink.writeNumber}: a whole number (most features are counts, levels or flags) in a byte or two, anything
 * else in nine. Format 3 is format 4 without ids (every block's paths in full) and with its summarized part of
 * {@code WindowStatsSerde} format 2. Bytes of {@link WindowStatsSerde} formats 1 and 2 (what earlier versions of the
 * validator kept in these stores and sent as shares) read as a share that is all summary.
 *
 * <p>Reading checks every count against the limits of a share and the bytes left before it allocates, so corrupt
 * bytes fail with a {@link SerializationException} saying what and where. {@code null} maps to {@code null} both ways.
 * This {@link Serde} writes every block's paths in full, so its bytes stand alone (as a store's must).
 *
 * <p>Stateless and thread-safe.
 */
public final class ShareSerde implements Serde<Share> {

    /** The version byte this serde writes. */
    public static final byte FORMAT_VERSION = 4;
    /** The format before paths had ids: every block's paths in full. */
    static final byte FIRST_RAW_FORMAT_VERSION = 3;
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
     * The share with every block's paths in full: bytes that stand alone.
     *
     * @throws SerializationException if a name is longer than {@link WindowStatsSerde#MAX_NAME_BYTES}
     */
    public static byte[] toBytes(Share share) {
        return toBytes(share, null);
    }

    /**
     * The share for the topic where shares meet: a block whose paths {@code sent} has sent before is named by id only,
     * any other goes in full and counts as sent from now on. A reader needs the {@link KnownPaths} of what went before.
     *
     * @param sent the writer's record of what it sent, or null for every block in full
     * @throws SerializationException if a name is longer than {@link WindowStatsSerde#MAX_NAME_BYTES}
     */
    public static byte[] toBytes(Share share, SentPaths sent) {
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
        for (RawValues.Block block : blocks) {
            out.writeVarLong(block.paths.length);
            SentPaths.Encoded paths = sent == null ? encodePaths(block.paths) : sent.encode(block.paths);
            out.writeLong(paths.id());
            if (sent != null && sent.sendById(paths.id())) {
                out.writeVarLong(0);
            } else {
                out.writeVarLong(paths.bytes().length);
                out.write(paths.bytes());
            }
            out.writeVarLong(block.rows);
            for (int i = 0, n = block.rows * block.paths.length; i < n; i++) {
                out.writeNumber(block.values[i]);
            }
        }
        return out.toByteArray();
    }

    /** A block's paths as a share carries them (each a length-prefixed name), and their id. */
    static SentPaths.Encoded encodePaths(String[] paths) {
        ByteSink out = new ByteSink(16 * paths.length);
        for (String path : paths) {
            WindowStatsSerde.writeName(out, path);
        }
        byte[] bytes = out.toByteArray();
        return new SentPaths.Encoded(bytes, pathsId(bytes, 0, bytes.length));
    }

    /** The paths of a block encoded by {@link #encodePaths} with this id (see {@link KnownPaths#restore}). */
    static String[] decodePaths(byte[] bytes, long id) {
        ByteReader in = new ByteReader(bytes, "feature paths");
        if (pathsId(bytes, 0, bytes.length) != id) {
            throw in.corrupt(0, "the paths do not match their id " + Long.toHexString(id));
        }
        List<String> paths = new java.util.ArrayList<>();
        while (in.remaining() > 0) {
            paths.add(in.readString("feature path", WindowStatsSerde.MAX_NAME_BYTES));
        }
        if (paths.isEmpty()) {
            throw in.corrupt(0, "a block of no paths");
        }
        return paths.toArray(String[]::new);
    }

    /**
     * The id of a block of paths: a 64-bit hash of its bytes (FNV-1a, then a finalizer that spreads every bit). Two
     * blocks of one validator colliding is as likely as two random longs being equal.
     */
    static long pathsId(byte[] bytes, int from, int length) {
        long hash = 0xcbf29ce484222325L;
        for (int i = from, end = from + length; i < end; i++) {
            hash = (hash ^ (bytes[i] & 0xFF)) * 0x100000001b3L;
        }
        hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
        hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
        return hash ^ (hash >>> 31);
    }

    /**
     * @throws SerializationException if the bytes are truncated, corrupt or of an unknown format
     */
    public static Share fromBytes(byte[] bytes) {
        return fromBytes(bytes, 0, null);
    }

    /**
     * A share written from {@code offset} to the end of {@code bytes} (after a header of the caller's), read in place;
     * blocks named by id are looked up in {@code known}, and blocks in full are added to it.
     *
     * @param known the paths learned from earlier shares, or null for bytes that stand alone
     * @throws SerializationException if the bytes are truncated, corrupt or of an unknown format, or name a block of
     *                                paths by an id not known
     */
    public static Share fromBytes(byte[] bytes, int offset, KnownPaths known) {
        ByteReader in = new ByteReader(bytes, offset, "Share");
        byte version = in.readByte();
        if (version == WindowStatsSerde.DOUBLES_FORMAT_VERSION || version == WindowStatsSerde.FIRST_FORMAT_VERSION) {
            WindowStats stats = WindowStatsSerde.read(in, version);
            in.requireEnd();
            return Share.of(stats);
        }
        if (version != FORMAT_VERSION && version != FIRST_RAW_FORMAT_VERSION) {
            throw in.corrupt(offset, "format version " + version + ", expected " + FORMAT_VERSION + " (or "
                    + FIRST_RAW_FORMAT_VERSION + ", or a WindowStats format " + WindowStatsSerde.FIRST_FORMAT_VERSION + " or "
                    + WindowStatsSerde.DOUBLES_FORMAT_VERSION + ")");
        }
        WindowStats summarized = WindowStatsSerde.read(in, version == FIRST_RAW_FORMAT_VERSION
                ? WindowStatsSerde.DOUBLES_FORMAT_VERSION : WindowStatsSerde.FORMAT_VERSION);
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
            String[] paths = version == FIRST_RAW_FORMAT_VERSION ? PATHS.read(in, width)
                    : readPaths(in, width, known);
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

    /** The most bytes {@code width} paths can take. */
    private static int maxLength(int width) {
        return (int) Math.min(Integer.MAX_VALUE, (long) WindowStatsSerde.MAX_NAME_BYTES * width);
    }

    /** A format 4 block's id and paths: in full (learned by {@code known}), or by id (looked up there). */
    private static String[] readPaths(ByteReader in, int width, KnownPaths known) {
        int at = in.position();
        long id = in.readLong("feature paths id");
        int length = in.readCount("feature paths length", maxLength(width));
        if (length == 0) {
            String[] paths = known == null ? null : known.get(id);
            if (paths == null) {
                throw in.corrupt(at, "the block names its feature paths by id " + Long.toHexString(id) + ", which "
                        + (known == null ? "bytes that stand alone cannot do" : "no share read before brought"));
            }
            if (paths.length != width) {
                throw in.corrupt(at, "the block has " + width + " features, its paths " + Long.toHexString(id) + " are " + paths.length);
            }
            return paths;
        }
        int start = in.position();
        String[] paths = PATHS.read(in, width, length);
        if (known != null && known.get(id) == null) {
            if (pathsId(in.bytes(), start, length) != id) {
                throw in.corrupt(at, "the feature paths do not match their id " + Long.toHexString(id));
            }
            known.learn(id, java.util.Arrays.copyOfRange(in.bytes(), start, start + length), paths);
        }
        return paths;
    }

    /**
     * Blocks of feature paths by their bytes, so that reading the same paths again makes no string: a share of a
     * dozen states would otherwise decode and look up some fifty names for them. Holds at most {@value #MAX} blocks
     * (an open-ended variety of schemas reads its paths as they come). Thread-safe.
     */
    private static final class PathCache {
        private static final int MAX = 1024;
        private final java.util.concurrent.ConcurrentHashMap<Key, String[]> blocks = new java.util.concurrent.ConcurrentHashMap<>();

        /** The paths after their length in bytes. */
        String[] read(ByteReader in, int width) {
            return read(in, width, in.readCount("feature paths length", maxLength(width)));
        }

        /** The paths, {@code length} bytes from the reader's position. */
        String[] read(ByteReader in, int width, int length) {
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
