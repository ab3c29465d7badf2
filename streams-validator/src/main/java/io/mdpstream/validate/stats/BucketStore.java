package io.mdpstream.validate.stats;

/**
 * Counts by bucket index over a contiguous range of at most {@code maxBuckets} indices; when a new index would widen
 * the range beyond that, the lowest buckets are folded into the lowest one that remains.
 *
 * <p>The folding rule makes the final state a function of the multiset of indices added (each index {@code i} ends up
 * at {@code max(i, maxIndex - maxBuckets + 1)}), so adding in any order or merging partial stores gives the same
 * state. Not thread-safe.
 */
final class BucketStore {

    /** Slots allocated on the first add; doubled as the range grows. */
    private static final int INITIAL_CAPACITY = 8;

    private final int maxBuckets;
    /** Counts for indices {@code offset .. offset + counts.length - 1}; {@code null} until the first add. */
    private long[] counts;
    private int offset;
    /** Range of non-empty buckets, meaningful only when {@code total > 0}. */
    private int minIndex;
    private int maxIndex;
    private long total;

    BucketStore(int maxBuckets) {
        if (maxBuckets < 1) {
            throw new IllegalArgumentException("maxBuckets must be >= 1, was " + maxBuckets);
        }
        this.maxBuckets = maxBuckets;
    }

    /**
     * A store holding {@code counts[k]} at index {@code minIndex + k}, as adding each would give; takes over the array.
     *
     * @throws IllegalArgumentException if there are more than {@code maxBuckets} counts or one is negative
     */
    static BucketStore of(int maxBuckets, int minIndex, long[] counts) {
        BucketStore store = new BucketStore(maxBuckets);
        if (counts.length > maxBuckets) {
            throw new IllegalArgumentException(counts.length + " counts for " + maxBuckets + " buckets");
        }
        int first = -1;
        int last = -1;
        long total = 0;
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] < 0) {
                throw new IllegalArgumentException("count must be >= 0, was " + counts[k]);
            }
            if (counts[k] > 0) {
                first = first < 0 ? k : first;
                last = k;
                total += counts[k];
            }
        }
        if (total > 0) {
            store.counts = counts;
            store.offset = minIndex;
            store.minIndex = minIndex + first;
            store.maxIndex = minIndex + last;
            store.total = total;
        }
        return store;
    }

    int maxBuckets() {
        return maxBuckets;
    }

    boolean isEmpty() {
        return total == 0;
    }

    long total() {
        return total;
    }

    /** Lowest non-empty index; only meaningful when not empty. */
    int minIndex() {
        return minIndex;
    }

    /** Highest non-empty index; only meaningful when not empty. */
    int maxIndex() {
        return maxIndex;
    }

    long count(int index) {
        if (total == 0 || index < offset || index >= offset + counts.length) {
            return 0;
        }
        return counts[index - offset];
    }

    void add(int index, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, was " + count);
        }
        if (count == 0) {
            return;
        }
        int target = reserve(index);
        counts[target - offset] += count;
        total += count;
    }

    void merge(BucketStore other) {
        if (other.total == 0) {
            return;
        }
        int otherWidth = other.maxIndex - other.minIndex + 1;
        if (total == 0 && otherWidth <= maxBuckets) {
            // Nothing to fold: take the other's non-empty range, with room on both sides for the next merges (a
            // window is assembled from slices with overlapping ranges).
            int length = Math.min(maxBuckets, Math.max(INITIAL_CAPACITY, 2 * otherWidth));
            int slack = (length - otherWidth) / 2;
            counts = new long[length];
            System.arraycopy(other.counts, other.minIndex - other.offset, counts, slack, otherWidth);
            offset = other.minIndex - slack;
            minIndex = other.minIndex;
            maxIndex = other.maxIndex;
            total = other.total;
            return;
        }
        if (total == 0) {
            // Start from the other's highest bucket, so that the range below is sized once.
            reserve(other.maxIndex);
        }
        // Widen (and fold) once for the whole range, then add bucket by bucket: the same state as adding each
        // index on its own, since the state depends only on the multiset of indices.
        int newMax = Math.max(maxIndex, other.maxIndex);
        int floor = newMax - maxBuckets + 1;
        foldBelow(floor);
        int newMin = Math.max(floor, Math.min(minIndex, other.minIndex));
        ensureCapacity(newMin, newMax);
        if (other.minIndex >= floor) {
            // Nothing of the other's folds: a plain element-wise sum, which the compiler can vectorize.
            long[] from = other.counts;
            int shift = other.offset - offset;
            for (int k = other.minIndex - other.offset, end = other.maxIndex - other.offset; k <= end; k++) {
                counts[k + shift] += from[k];
            }
        } else {
            for (int i = other.minIndex; i <= other.maxIndex; i++) {
                long c = other.counts[i - other.offset];
                if (c != 0) {
                    counts[Math.max(i, floor) - offset] += c;
                }
            }
        }
        minIndex = newMin;
        maxIndex = newMax;
        total += other.total;
    }

    /**
     * Makes room for indices {@code lo .. hi} at once, before their counts are added one by one: adding a spread column
     * of values widens a store several times otherwise. Changes no count and no range of non-empty buckets; does nothing
     * when the indices span more than {@code maxBuckets} (they will fold).
     */
    void presize(int lo, int hi) {
        int from = total == 0 ? lo : Math.min(lo, minIndex);
        int to = total == 0 ? hi : Math.max(hi, maxIndex);
        if (lo > hi || (long) to - from + 1 > maxBuckets) {
            return;
        }
        if (counts == null) {
            counts = new long[Math.max(INITIAL_CAPACITY, to - from + 1)];
            offset = from;
        } else if (total == 0) {
            if (from < offset || to >= offset + counts.length) {
                counts = new long[Math.max(counts.length, to - from + 1)];
                offset = from;
            }
        } else {
            ensureCapacity(from, to);
        }
    }

    BucketStore copy() {
        BucketStore copy = new BucketStore(maxBuckets);
        copy.merge(this);
        return copy;
    }

    /**
     * Makes room for {@code index} and returns the index its count goes to: itself, or the collapse floor when it is
     * below the window of {@code maxBuckets} indices that ends at the highest index.
     */
    private int reserve(int index) {
        if (total == 0) {
            if (counts == null || index < offset || index >= offset + counts.length) {
                // Small at first: a store of a short slice of time often holds a few buckets only; it grows as needed.
                counts = new long[Math.min(maxBuckets, INITIAL_CAPACITY)];
                offset = index - counts.length / 2;
            }
            minIndex = index;
            maxIndex = index;
            return index;
        }
        if (index >= minIndex && index <= maxIndex) {
            return index; // the common case, a bucket already in range: nothing to widen or fold
        }
        int newMax = Math.max(maxIndex, index);
        int floor = newMax - maxBuckets + 1;
        int target = Math.max(index, floor);
        int newMin = foldBelow(floor) ? floor : Math.min(minIndex, target);
        ensureCapacity(newMin, newMax);
        minIndex = newMin;
        maxIndex = newMax;
        return target;
    }

    /**
     * Moves the counts of the non-empty indices below {@code floor} to {@code floor}, making room for it first.
     *
     * @return whether anything was below the floor (then {@code floor} is the new lowest index)
     */
    private boolean foldBelow(int floor) {
        if (minIndex >= floor) {
            return false;
        }
        long folded = 0;
        for (int i = minIndex; i < floor && i <= maxIndex; i++) {
            folded += counts[i - offset];
            counts[i - offset] = 0;
        }
        int hi = Math.max(maxIndex, floor);
        // Before the range changes: ensureCapacity copies the old non-empty range (what is left of it).
        ensureCapacity(floor, hi);
        counts[floor - offset] += folded;
        minIndex = floor;
        maxIndex = hi;
        return true;
    }

    /** Re-allocates, if needed, so that indices {@code lo .. hi} (at most maxBuckets of them) have a slot. */
    private void ensureCapacity(int lo, int hi) {
        if (lo >= offset && hi < offset + counts.length) {
            return;
        }
        int needed = hi - lo + 1;
        int length = (int) Math.min(maxBuckets, Math.max(needed, 2L * counts.length));
        // Leave the slack on the side that is growing, where the next values are likely to land.
        int newOffset = lo < offset ? hi - length + 1 : lo;
        long[] grown = new long[length];
        for (int i = Math.max(minIndex, lo); i <= Math.min(maxIndex, hi); i++) {
            grown[i - newOffset] = counts[i - offset];
        }
        counts = grown;
        offset = newOffset;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BucketStore other) || other.maxBuckets != maxBuckets || other.total != total) {
            return false;
        }
        if (total == 0) {
            return true;
        }
        if (other.minIndex != minIndex || other.maxIndex != maxIndex) {
            return false;
        }
        for (int i = minIndex; i <= maxIndex; i++) {
            if (count(i) != other.count(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(total);
        if (total > 0) {
            for (int i = minIndex; i <= maxIndex; i++) {
                h = 31 * h + Long.hashCode(count(i));
            }
        }
        return h;
    }
}
