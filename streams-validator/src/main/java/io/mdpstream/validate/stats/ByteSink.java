package io.mdpstream.validate.stats;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array with the compact primitives {@link ByteReader} reads, for the serialized forms written on every
 * commit: no stream layers, no per-byte locking, and names in ASCII written without an intermediate array. Not
 * thread-safe.
 */
final class ByteSink {

    private byte[] bytes;
    private int size;

    ByteSink(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    void writeByte(int value) {
        if (size == bytes.length) {
            grow(1);
        }
        bytes[size++] = (byte) value;
    }

    /** Unsigned LEB128: small counts, the common case, take one byte. */
    void writeVarLong(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varint must be >= 0, was " + value);
        }
        if (bytes.length - size < 10) {
            grow(10);
        }
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        bytes[size++] = (byte) rest;
    }

    void writeZigZagInt(int value) {
        writeVarLong(((value << 1) ^ (value >> 31)) & 0xFFFF_FFFFL);
    }

    /** Big-endian, as {@link java.io.DataOutput#writeDouble}. */
    void writeDouble(double value) {
        writeLong(Double.doubleToLongBits(value));
    }

    /** Big-endian, as {@link java.io.DataOutput#writeLong}. */
    void writeLong(long value) {
        if (bytes.length - size < Long.BYTES) {
            grow(Long.BYTES);
        }
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
    }

    /**
     * A value that is usually a whole number (a count, a level, a flag): then the zigzag varint of it, shifted left by
     * one, in a byte or two; else (fractions, magnitudes past 2^52, -0.0, NaN, infinities) a 1 and its 8 bytes.
     */
    void writeNumber(double value) {
        long whole = (long) value;
        if (whole == value && Math.abs(whole) <= ByteReader.MAX_WHOLE_NUMBER
                && (whole != 0 || Double.doubleToRawLongBits(value) == 0)) {
            writeVarLong(((whole << 1) ^ (whole >> 63)) << 1);
        } else {
            writeByte(1);
            writeDouble(value);
        }
    }

    /** Length-prefixed UTF-8; unlike {@link java.io.DataOutput#writeUTF} it has no 64 KiB limit of its own. */
    void writeString(String value) {
        int length = value.length();
        for (int i = 0; i < length; i++) {
            if (value.charAt(i) >= 0x80) {
                byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                writeVarLong(utf8.length);
                write(utf8);
                return;
            }
        }
        // ASCII: one byte per char, the same bytes as UTF-8.
        writeVarLong(length);
        if (bytes.length - size < length) {
            grow(length);
        }
        for (int i = 0; i < length; i++) {
            bytes[size++] = (byte) value.charAt(i);
        }
    }

    void write(byte[] values) {
        if (bytes.length - size < values.length) {
            grow(values.length);
        }
        System.arraycopy(values, 0, bytes, size, values.length);
        size += values.length;
    }

    /** Appends what another sink holds. */
    void write(ByteSink other) {
        if (bytes.length - size < other.size) {
            grow(other.size);
        }
        System.arraycopy(other.bytes, 0, bytes, size, other.size);
        size += other.size;
    }

    int size() {
        return size;
    }

    /** Empties the sink, keeping its room. */
    void clear() {
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void grow(int atLeast) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + atLeast));
    }
}
