package io.mdpstream.validate.stats;

import java.io.DataOutput;
import java.io.IOException;

/**
 * The binary form of a {@link Summary}: counts as varints, moments as doubles (only when not empty), then the zero
 * count and each sign's non-empty bucket range as its lowest index and one count per bucket. Stateless.
 */
final class SummaryBinary {

    private SummaryBinary() {
    }

    static void write(DataOutput out, Summary summary) throws IOException {
        ByteSink sink = new ByteSink(64);
        write(sink, summary);
        out.write(sink.toByteArray());
    }

    static void write(ByteSink out, Summary summary) {
        out.writeVarLong(summary.count());
        out.writeVarLong(summary.nonFinite());
        if (summary.count() > 0) {
            out.writeDouble(summary.mean());
            out.writeDouble(summary.m2());
            out.writeDouble(summary.min());
            out.writeDouble(summary.max());
        }
        out.writeVarLong(summary.zeroCount());
        writeStore(out, summary.negativeStore());
        writeStore(out, summary.positiveStore());
    }

    static Summary read(ByteReader in, String name) {
        int start = in.position();
        long count = in.readVarLong(name, " count");
        long nonFinite = in.readVarLong(name, " non-finite count");
        double mean = 0;
        double m2 = 0;
        double min = 0;
        double max = 0;
        if (count > 0) {
            mean = in.readDouble();
            m2 = in.readDouble();
            min = in.readDouble();
            max = in.readDouble();
        }
        long zeroCount = in.readVarLong(name, " zero count");
        BucketStore negative = readStore(in, name, " negative buckets");
        BucketStore positive = readStore(in, name, " positive buckets");
        try {
            return Summary.restore(count, nonFinite, mean, m2, min, max, zeroCount, negative, positive);
        } catch (IllegalArgumentException e) {
            throw in.corrupt(start, name + " is inconsistent: " + e.getMessage());
        }
    }

    private static void writeStore(ByteSink out, BucketStore store) {
        if (store.isEmpty()) {
            out.writeVarLong(0);
            return;
        }
        out.writeVarLong((long) store.maxIndex() - store.minIndex() + 1);
        out.writeZigZagInt(store.minIndex());
        store.forEachCount(out::writeVarLong);
    }

    private static BucketStore readStore(ByteReader in, String subject, String what) {
        int buckets = in.readCount(subject, what, Summary.MAX_BUCKETS_PER_SIGN);
        if (buckets == 0) {
            return new BucketStore(Summary.MAX_BUCKETS_PER_SIGN);
        }
        int start = in.position();
        int minIndex = in.readZigZagInt(subject, what + " lowest index");
        if (minIndex < Summary.MIN_INDEX || (long) minIndex + buckets - 1 > Summary.MAX_INDEX) {
            String name = subject + what;
            throw in.corrupt(start, name + " index range " + minIndex + " .. " + ((long) minIndex + buckets - 1)
                    + " is outside [" + Summary.MIN_INDEX + ", " + Summary.MAX_INDEX + "]");
        }
        long[] counts = new long[buckets];
        long total = 0;
        String countSuffix = what + " count";
        for (int i = 0; i < buckets; i++) {
            long count = in.readVarLong(subject, countSuffix);
            if (total + count < 0) {
                throw in.corrupt(in.position(), subject + what + " counts overflow a long");
            }
            total += count;
            counts[i] = count;
        }
        return BucketStore.of(Summary.MAX_BUCKETS_PER_SIGN, minIndex, counts);
    }
}
