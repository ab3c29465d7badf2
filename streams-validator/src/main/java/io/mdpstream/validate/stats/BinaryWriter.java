package io.mdpstream.validate.stats;

import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Compact primitives on top of {@link DataOutput}, read back by {@link ByteReader}. Stateless. */
final class BinaryWriter {

    private BinaryWriter() {
    }

    /** Unsigned LEB128: small counts, the common case, take one byte. */
    static void writeVarLong(DataOutput out, long value) throws IOException {
        if (value < 0) {
            throw new IllegalArgumentException("varint must be >= 0, was " + value);
        }
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.writeByte((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.writeByte((int) rest);
    }

    static void writeZigZagInt(DataOutput out, int value) throws IOException {
        writeVarLong(out, ((value << 1) ^ (value >> 31)) & 0xFFFF_FFFFL);
    }

    /** Length-prefixed UTF-8; unlike {@link DataOutput#writeUTF} it has no 64 KiB limit of its own. */
    static void writeString(DataOutput out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeVarLong(out, utf8.length);
        out.write(utf8);
    }
}
