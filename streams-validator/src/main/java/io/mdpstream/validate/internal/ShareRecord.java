package io.mdpstream.validate.internal;

import io.mdpstream.validate.stats.KnownPaths;
import io.mdpstream.validate.stats.SentPaths;
import io.mdpstream.validate.stats.Share;
import io.mdpstream.validate.stats.ShareSerde;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The value of a record on the topic where shares meet: the sending task's watermark (see {@link
 * WindowAggregator.Handoff}) and the share of one slice, or no share when the record only says how
 * far the task has come.
 *
 * <p>Bytes: a marker byte {@value #MARKER}, the watermark as 8 big-endian bytes, then the share as
 * {@link ShareSerde} writes it for the topic (its blocks of feature paths by id once sent, see
 * {@link SentPaths}), or nothing. Shares that an earlier version of the validator sent
 * (a bare {@code WindowStats}, whose first byte is its format version, 1 or 2) read as a share
 * with no watermark ({@link #NO_WATERMARK}).
 *
 * @param watermark the task's watermark, or {@link #NO_WATERMARK}
 * @param share     the share, or null
 */
record ShareRecord(long watermark, Share share) {

    /** Not a share format version, so a record is told apart from a bare share. */
    static final byte MARKER = 0x10;
    /** The watermark of a share that came without one. */
    static final long NO_WATERMARK = Long.MIN_VALUE;

    /** @param sent what the sending task has sent before, or null for every block of paths in full */
    byte[] toBytes(SentPaths sent) {
        byte[] body = share == null ? new byte[0] : ShareSerde.toBytes(share, sent);
        return ByteBuffer.allocate(1 + Long.BYTES + body.length).put(MARKER).putLong(watermark).put(body).array();
    }

    /**
     * @param known the paths learned from the records read before (see {@link ShareSerde#fromBytes(byte[], int, KnownPaths)})
     * @throws SerializationException if the bytes are not a share record or a share
     */
    static ShareRecord fromBytes(byte[] bytes, KnownPaths known) {
        if (bytes.length == 0) {
            throw new SerializationException("Empty share record");
        }
        if (bytes[0] != MARKER) {
            return new ShareRecord(NO_WATERMARK, ShareSerde.fromBytes(bytes, 0, known));
        }
        if (bytes.length < 1 + Long.BYTES) {
            throw new SerializationException("Truncated share record (" + bytes.length + " bytes): the watermark needs 8");
        }
        long watermark = ByteBuffer.wrap(bytes, 1, Long.BYTES).getLong();
        if (bytes.length == 1 + Long.BYTES) {
            return new ShareRecord(watermark, null);
        }
        return new ShareRecord(watermark, ShareSerde.fromBytes(bytes, 1 + Long.BYTES, known));
    }
}
