package io.mdpstream.validate.stats;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads the primitives {@link ByteSink} writes from a byte array, checking every length against the bytes left
 * before using it, so corrupt input fails with a {@link SerializationException} naming the offset instead of looping
 * or allocating without bound. Not thread-safe.
 */
final class ByteReader {

    /** Names kept by {@link #canonical}; past this many (open-ended labels), names are used as read. */
    private static final int MAX_CANONICAL = 16_384;
    /** Largest magnitude {@link ByteSink#writeNumber} writes as a whole number. */
    static final long MAX_WHOLE_NUMBER = 1L << 52;
    private static final int MAX_CANONICAL_LENGTH = 256;
    private static final java.util.concurrent.ConcurrentHashMap<String, String> CANONICAL =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final byte[] bytes;
    private final String what;
    private int position;

    ByteReader(byte[] bytes, String what) {
        this(bytes, 0, what);
    }

    /** Reads from {@code offset} to the end of the array (offsets in messages count from the array's start). */
    ByteReader(byte[] bytes, int offset, String what) {
        this.bytes = bytes;
        this.position = offset;
        this.what = what;
    }

    int position() {
        return position;
    }

    /** The array read from (not a copy): for a reader that keys a cache by a range of it. */
    byte[] bytes() {
        return bytes;
    }

    /** Moves past {@code count} bytes, which must be there. */
    void skip(int count) {
        require(count, "bytes to skip");
        position += count;
    }

    int remaining() {
        return bytes.length - position;
    }

    byte readByte() {
        require(1, "a byte");
        return bytes[position++];
    }

    double readDouble() {
        require(Double.BYTES, "a double");
        return Double.longBitsToDouble(readLongUnchecked());
    }

    long readLong(String field) {
        require(Long.BYTES, field);
        return readLongUnchecked();
    }

    private long readLongUnchecked() {
        long bits = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            bits = bits << 8 | (bytes[position++] & 0xFF);
        }
        return bits;
    }

    /** A value written by {@link ByteSink#writeNumber}. */
    double readNumber(String field) {
        int start = position;
        long tag = readVarLong(field);
        if ((tag & 1) == 0) {
            long zigzag = tag >>> 1;
            long whole = (zigzag >>> 1) ^ -(zigzag & 1);
            if (Math.abs(whole) > MAX_WHOLE_NUMBER) {
                throw corrupt(start, field + " " + whole + " is past the whole numbers written as varints");
            }
            return whole;
        }
        if (tag != 1) {
            throw corrupt(start, field + " has an unknown tag " + tag);
        }
        return readDouble();
    }

    /** An unsigned LEB128 value that must fit a non-negative long. */
    long readVarLong(String field) {
        return readVarLong(field, "");
    }

    /**
     * As {@link #readVarLong(String)} for the field named {@code subject + suffix}; the two are joined only for an
     * error message, not for every value read.
     */
    long readVarLong(String subject, String suffix) {
        int start = position;
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (position >= bytes.length) {
                require(1, subject + suffix);
            }
            byte b = bytes[position++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw corrupt(start, subject + suffix + " is not a valid non-negative varint");
    }

    /** A count that must be at most {@code max} and at most the bytes left (each item takes at least one byte). */
    int readCount(String field, int max) {
        return readCount(field, "", max);
    }

    /** As {@link #readCount(String, int)} for the field named {@code subject + suffix}. */
    int readCount(String subject, String suffix, int max) {
        int start = position;
        long value = readVarLong(subject, suffix);
        if (value > max || value > remaining()) {
            return checkCount(start, subject + suffix, value, max);
        }
        return (int) value;
    }

    private int checkCount(int start, String field, long value, int max) {
        if (value > max) {
            throw corrupt(start, field + " " + value + " exceeds the limit of " + max);
        }
        if (value > remaining()) {
            throw corrupt(start, field + " " + value + " exceeds the " + remaining() + " bytes left");
        }
        return (int) value;
    }

    int readZigZagInt(String subject, String suffix) {
        int start = position;
        long raw = readVarLong(subject, suffix);
        if (raw > 0xFFFF_FFFFL) {
            throw corrupt(start, subject + suffix + " does not fit an int");
        }
        int encoded = (int) raw;
        return (encoded >>> 1) ^ -(encoded & 1);
    }

    String readString(String field, int maxBytes) {
        int length = readCount(field, " length", maxBytes);
        int start = position;
        boolean ascii = true;
        for (int i = start, end = start + length; i < end && ascii; i++) {
            ascii = bytes[i] >= 0;
        }
        if (ascii) {
            // Every byte below 0x80 is valid UTF-8 and the same char in Latin-1, which decodes without a decoder.
            position += length;
            return canonical(new String(bytes, start, length, StandardCharsets.ISO_8859_1));
        }
        try {
            String value = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, position, length))
                    .toString();
            position += length;
            return value;
        } catch (CharacterCodingException e) {
            throw corrupt(start, field + " is not valid UTF-8");
        }
    }

    /**
     * One instance per distinct short name (features, labels, rules come back with every window): map lookups on it
     * then find the hash cached and compare by identity.
     */
    private static String canonical(String name) {
        if (name.length() > MAX_CANONICAL_LENGTH) {
            return name;
        }
        String known = CANONICAL.get(name);
        if (known != null) {
            return known;
        }
        if (CANONICAL.size() < MAX_CANONICAL) {
            known = CANONICAL.putIfAbsent(name, name);
        }
        return known != null ? known : name;
    }

    /** @throws SerializationException if any bytes are left */
    void requireEnd() {
        if (remaining() > 0) {
            throw corrupt(position, remaining() + " unexpected trailing bytes");
        }
    }

    SerializationException corrupt(int offset, String problem) {
        return new SerializationException("Corrupt " + what + " (" + bytes.length + " bytes) at offset " + offset
                + ": " + problem);
    }

    private void require(int count, String field) {
        if (remaining() < count) {
            throw new SerializationException("Truncated " + what + " (" + bytes.length + " bytes): reading " + field
                    + " at offset " + position + " needs " + count + " bytes, " + remaining() + " left");
        }
    }
}
