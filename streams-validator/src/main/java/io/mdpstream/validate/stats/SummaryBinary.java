package io.mdpstream.validate.stats;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The binary form of a {@link Summary}: counts as varints, moments (only when not empty) as {@code
 * ByteSink.writeNumber} writes them, then the zero count and each sign's buckets. Stateless.
 *
 * <p>Moments, as written ({@link WindowStatsSerde} format 5): a whole number (a min or max of counts and levels, the
 * mean and variance of a feature that held still) in a byte or two, anything else in nine. Most of a support
 * observation's fifty features are counts, many of them zero all through a slice, and a merged slice came out about
 * a third smaller than with four 8-byte doubles a feature (formats 1 and 2, still read).
 *
 * <p>Buckets, as written ({@link WindowStatsSerde} formats 2 and 5): the number of runs of non-empty buckets (0 when the
 * sign has none) and the lowest non-empty index, then per run the number of empty buckets before it (from the second
 * run on), its length and its counts. A slice's share holds a few dozen states, whose values touch a few buckets
 * spread over a wide range; a run of empty buckets costs one varint where one count per bucket of the range cost a
 * byte each, and shares come out about a third smaller. Format 1 (read, so stores and changelogs written before still
 * restore) wrote the range's length, its lowest index and one count per bucket of the range.
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
            out.writeNumber(summary.mean());
            out.writeNumber(summary.m2());
            out.writeNumber(summary.min());
            out.writeNumber(summary.max());
        }
        out.writeVarLong(summary.zeroCount());
        writeStore(out, summary.negativeStore());
        writeStore(out, summary.positiveStore());
    }

    /** Reads a summary of {@link WindowStatsSerde} format 1, 2 or 5 (the version decides how moments and buckets are laid out). */
    static Summary read(ByteReader in, String name, int version) {
        int start = in.position();
        long count = in.readVarLong(name, " count");
        long nonFinite = in.readVarLong(name, " non-finite count");
        double mean = 0;
        double m2 = 0;
        double min = 0;
        double max = 0;
        if (count > 0 && version == WindowStatsSerde.FORMAT_VERSION) {
            mean = in.readNumber(name + " mean");
            m2 = in.readNumber(name + " m2");
            min = in.readNumber(name + " min");
            max = in.readNumber(name + " max");
        } else if (count > 0) {
            mean = in.readDouble();
            m2 = in.readDouble();
            min = in.readDouble();
            max = in.readDouble();
        }
        long zeroCount = in.readVarLong(name, " zero count");
        BucketStore negative = readStore(in, name, " negative buckets", version);
        BucketStore positive = readStore(in, name, " positive buckets", version);
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
        int lowest = store.minIndex();
        int highest = store.maxIndex(); // both non-empty
        int runs = 0;
        for (int i = lowest; i <= highest; i++) {
            if (store.count(i) != 0 && (i == lowest || store.count(i - 1) == 0)) {
                runs++;
            }
        }
        out.writeVarLong(runs);
        out.writeZigZagInt(lowest);
        int i = lowest;
        for (int run = 0; run < runs; run++) {
            int gapStart = i;
            while (store.count(i) == 0) {
                i++;
            }
            if (run > 0) {
                out.writeVarLong(i - gapStart);
            }
            int runStart = i;
            while (i <= highest && store.count(i) != 0) {
                i++;
            }
            out.writeVarLong(i - runStart);
            for (int k = runStart; k < i; k++) {
                out.writeVarLong(store.count(k));
            }
        }
    }

    private static BucketStore readStore(ByteReader in, String subject, String what, int version) {
        return version == WindowStatsSerde.FIRST_FORMAT_VERSION ? readRange(in, subject, what) : readRuns(in, subject, what);
    }

    private static BucketStore readRuns(ByteReader in, String subject, String what) {
        int max = Summary.MAX_BUCKETS_PER_SIGN;
        int runs = in.readCount(subject, what, max);
        if (runs == 0) {
            return new BucketStore(max);
        }
        int start = in.position();
        int minIndex = in.readZigZagInt(subject, what + " lowest index");
        long[] counts = new long[16];
        int span = 0;
        long total = 0;
        for (int run = 0; run < runs; run++) {
            if (run > 0) {
                int at = in.position();
                long gap = in.readVarLong(subject, what + " gap");
                if (gap == 0 || span + gap > max) {
                    throw in.corrupt(at, subject + what + " gap of " + gap + " after " + span + " buckets: runs are apart and "
                            + "span at most " + max);
                }
                span += (int) gap;
            }
            int at = in.position();
            int length = in.readCount(subject, what + " run length", max);
            if (length == 0 || span + length > max) {
                throw in.corrupt(at, subject + what + " run of " + length + " after " + span + " buckets: runs hold at least one "
                        + "and span at most " + max);
            }
            if (span + length > counts.length) {
                counts = Arrays.copyOf(counts, Math.min(max, Math.max(2 * counts.length, span + length)));
            }
            for (int k = 0; k < length; k++) {
                int countAt = in.position();
                long count = in.readVarLong(subject, what + " count");
                if (count == 0) {
                    throw in.corrupt(countAt, subject + what + " run holds an empty bucket");
                }
                if (total + count < 0) {
                    throw in.corrupt(countAt, subject + what + " counts overflow a long");
                }
                total += count;
                counts[span++] = count;
            }
        }
        checkRange(in, start, subject + what, minIndex, span);
        return BucketStore.of(max, minIndex, Arrays.copyOf(counts, span));
    }

    private static void checkRange(ByteReader in, int start, String name, int minIndex, int buckets) {
        if (minIndex < Summary.MIN_INDEX || (long) minIndex + buckets - 1 > Summary.MAX_INDEX) {
            throw in.corrupt(start, name + " index range " + minIndex + " .. " + ((long) minIndex + buckets - 1)
                    + " is outside [" + Summary.MIN_INDEX + ", " + Summary.MAX_INDEX + "]");
        }
    }

    /** Format 1's buckets: the range's length and lowest index, then one count per bucket of the range. */
    private static BucketStore readRange(ByteReader in, String subject, String what) {
        int buckets = in.readCount(subject, what, Summary.MAX_BUCKETS_PER_SIGN);
        if (buckets == 0) {
            return new BucketStore(Summary.MAX_BUCKETS_PER_SIGN);
        }
        int start = in.position();
        int minIndex = in.readZigZagInt(subject, what + " lowest index");
        checkRange(in, start, subject + what, minIndex, buckets);
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
