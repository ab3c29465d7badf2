package io.mdpstream.serde.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoding over one byte array that checks every length against the bytes left before
 * allocating. Avro's own {@code BinaryDecoder} allocates a length read from the data first, so a
 * corrupt record can ask for gigabytes; here it fails at once with an {@link EOFException}.
 *
 * <p>Not thread-safe; reuse one per thread with {@link #reset}.
 */
public final class BoundedBinaryDecoder extends Decoder {

    /**
     * Collections whose elements take no bytes (nulls, empty records) may legally claim more items
     * than bytes remain; beyond this many such a claim is taken for corruption.
     */
    private static final long MAX_ZERO_SIZE_ITEMS = 1 << 16;

    private byte[] buf;
    private int pos;
    private int limit;

    public BoundedBinaryDecoder reset(byte[] data, int offset, int length) {
        this.buf = data;
        this.pos = offset;
        this.limit = offset + length;
        return this;
    }

    /** Whether every byte has been consumed. */
    public boolean isEnd() {
        return pos == limit;
    }

    @Override
    public void readNull() {
    }

    @Override
    public boolean readBoolean() throws IOException {
        require(1);
        int b = buf[pos++];
        if (b != 0 && b != 1) {
            throw new AvroRuntimeException("invalid boolean byte " + b);
        }
        return b == 1;
    }

    @Override
    public int readInt() throws IOException {
        long value = readLong();
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new AvroRuntimeException("int value out of range: " + value);
        }
        return (int) value;
    }

    @Override
    public long readLong() throws IOException {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            require(1);
            int b = buf[pos++] & 0xff;
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new AvroRuntimeException("invalid varint: more than 10 bytes");
    }

    @Override
    public float readFloat() throws IOException {
        require(4);
        int bits = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    @Override
    public double readDouble() throws IOException {
        require(8);
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = bits << 8 | (buf[pos + i] & 0xff);
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = length();
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        System.arraycopy(buf, pos, result.getBytes(), 0, length);
        pos += length;
        return result;
    }

    @Override
    public String readString() throws IOException {
        int length = length();
        String value = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return value;
    }

    @Override
    public void skipString() throws IOException {
        pos += length();
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = length();
        ByteBuffer result = old != null && old.capacity() >= length ? old.clear() : ByteBuffer.allocate(length);
        result.put(buf, pos, length).flip();
        pos += length;
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        pos += length();
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        require(length);
        System.arraycopy(buf, pos, bytes, start, length);
        pos += length;
    }

    @Override
    public void skipFixed(int length) throws IOException {
        require(length);
        pos += length;
    }

    @Override
    public int readEnum() throws IOException {
        return readInt();
    }

    @Override
    public long readArrayStart() throws IOException {
        return blockCount();
    }

    @Override
    public long arrayNext() throws IOException {
        return blockCount();
    }

    @Override
    public long skipArray() throws IOException {
        return skipBlocks();
    }

    @Override
    public long readMapStart() throws IOException {
        return blockCount();
    }

    @Override
    public long mapNext() throws IOException {
        return blockCount();
    }

    @Override
    public long skipMap() throws IOException {
        return skipBlocks();
    }

    @Override
    public int readIndex() throws IOException {
        return readInt();
    }

    private long blockCount() throws IOException {
        long count = readLong();
        if (count < 0) {
            count = -count;
            readLong(); // block size in bytes, only needed for skipping
        }
        if (count > limit - pos && count > MAX_ZERO_SIZE_ITEMS) {
            throw new EOFException("collection block claims " + count + " items with " + (limit - pos) + " bytes left");
        }
        return count;
    }

    /** Skips whole blocks that carry their byte size; returns the count of the first block that does not. */
    private long skipBlocks() throws IOException {
        while (true) {
            long count = readLong();
            if (count >= 0) {
                if (count > limit - pos && count > MAX_ZERO_SIZE_ITEMS) {
                    throw new EOFException("collection block claims " + count + " items with " + (limit - pos) + " bytes left");
                }
                return count;
            }
            long size = readLong();
            if (size < 0 || size > limit - pos) {
                throw new EOFException("collection block of " + size + " bytes with " + (limit - pos) + " bytes left");
            }
            pos += (int) size;
        }
    }

    private int length() throws IOException {
        long length = readLong();
        if (length < 0) {
            throw new AvroRuntimeException("negative length " + length);
        }
        if (length > limit - pos) {
            throw new EOFException("length " + length + " exceeds the " + (limit - pos) + " bytes left");
        }
        return (int) length;
    }

    private void require(int n) throws EOFException {
        if (limit - pos < n) {
            throw new EOFException("needed " + n + " more bytes, " + (limit - pos) + " left");
        }
    }
}
