package io.mdpstream.serde.internal;

import java.io.OutputStream;
import java.util.Arrays;

/** An unsynchronized, reusable byte sink; one per thread, so serializing allocates only the result. */
public final class ReusableBuffer extends OutputStream {

    private byte[] bytes = new byte[1024];
    private int size;

    public void reset() {
        size = 0;
    }

    /** Skips {@code n} bytes, to be filled in later through {@link #array()}. */
    public void skip(int n) {
        ensure(n);
        size += n;
    }

    public byte[] array() {
        return bytes;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }
}
