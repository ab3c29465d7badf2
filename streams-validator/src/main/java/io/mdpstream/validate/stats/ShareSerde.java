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
 * and the number of blocks of states, each with its width, its feature paths, its number of states and their values
 * row after row. Values are written by {@code ByteSink.writeNumber}: a whole number (most features are counts, levels
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
        for (RawValues.Block block : blocks) {
            out.writeVarLong(block.paths.length);
            for (String path : block.paths) {
                WindowStatsSerde.writeName(out, path);
            }
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
        ByteReader in = new ByteReader(bytes, "Share");
        byte version = in.readByte();
        if (version == WindowStatsSerde.FORMAT_VERSION || version == WindowStatsSerde.FIRST_FORMAT_VERSION) {
            return Share.of(WindowStatsSerde.fromBytes(bytes));
        }
        if (version != FORMAT_VERSION) {
            throw in.corrupt(0, "format version " + version + ", expected " + FORMAT_VERSION + " (or a WindowStats format "
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
            String[] paths = new String[width];
            for (int c = 0; c < width; c++) {
                paths[c] = in.readString("feature path", WindowStatsSerde.MAX_NAME_BYTES);
            }
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
}
