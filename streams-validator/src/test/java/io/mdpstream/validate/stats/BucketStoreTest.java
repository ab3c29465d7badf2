package io.mdpstream.validate.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BucketStoreTest {

    @Test
    void shouldFoldLowestBucketsIntoTheFloorWhenTheRangeExceedsTheCap() {
        BucketStore store = new BucketStore(4);
        store.add(0, 1);
        store.add(1, 2);
        store.add(5, 3);

        // Range 2..5 remains; 0 and 1 fold into 2.
        assertThat(store.minIndex()).isEqualTo(2);
        assertThat(store.maxIndex()).isEqualTo(5);
        assertThat(store.count(2)).isEqualTo(3);
        assertThat(store.count(5)).isEqualTo(3);
        assertThat(store.total()).isEqualTo(6);

        store.add(-100, 1);
        assertThat(store.count(2)).isEqualTo(4);
        assertThat(store.minIndex()).isEqualTo(2);
    }

    @Test
    void shouldEndInTheSameStateWhateverTheOrderOrSplit() {
        SplittableRandom random = new SplittableRandom(7);
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            indices.add(random.nextInt(-300, 300));
        }
        BucketStore inOrder = new BucketStore(50);
        indices.forEach(i -> inOrder.add(i, 1));

        List<Integer> shuffled = new ArrayList<>(indices);
        Collections.shuffle(shuffled, new Random(11));
        BucketStore first = new BucketStore(50);
        BucketStore second = new BucketStore(50);
        for (int k = 0; k < shuffled.size(); k++) {
            (k < 700 ? first : second).add(shuffled.get(k), 1);
        }
        first.merge(second);

        assertThat(first).isEqualTo(inOrder);
        assertThat(inOrder.maxIndex() - inOrder.minIndex() + 1).isLessThanOrEqualTo(50);
        assertThat(inOrder.total()).isEqualTo(2000);
    }

    @Test
    void shouldGrowDownwardsAndUpwardsWithoutLosingCounts() {
        BucketStore store = new BucketStore(1024);
        for (int i = 0; i < 1000; i += 3) {
            store.add(i, i + 1);
            store.add(-i, 1);
        }
        long expected = 0;
        for (int i = 0; i < 1000; i += 3) {
            expected += i + 2;
        }
        assertThat(store.total()).isEqualTo(expected);
        assertThat(store.count(999)).isEqualTo(1000);
        // The range is 999 - 1023 = -24 .. 999: -24 holds itself and every lower index (i = 24, 27, ..., 999).
        assertThat(store.minIndex()).isEqualTo(-24);
        assertThat(store.count(-24)).isEqualTo((999 - 24) / 3 + 1);
        assertThat(store.count(-21)).isEqualTo(1);
        assertThat(store.count(0)).isEqualTo(2);
    }

    @Test
    void shouldMergeIntoTheSameStateAsAddingEachIndex() {
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 2000; round++) {
            int cap = random.nextInt(1, 40);
            BucketStore a = new BucketStore(cap);
            BucketStore b = new BucketStore(cap);
            BucketStore all = new BucketStore(cap);
            int centreA = random.nextInt(-100, 100);
            int centreB = random.nextInt(-100, 100);
            int spread = random.nextInt(1, 80);
            for (int k = random.nextInt(0, 30); k > 0; k--) {
                int i = centreA + random.nextInt(-spread, spread + 1);
                long n = random.nextInt(1, 5);
                a.add(i, n);
                all.add(i, n);
            }
            for (int k = random.nextInt(0, 30); k > 0; k--) {
                int i = centreB + random.nextInt(-spread, spread + 1);
                long n = random.nextInt(1, 5);
                b.add(i, n);
                all.add(i, n);
            }
            BucketStore copyOfB = b.copy();
            a.merge(b);

            assertThat(a).as("round %d", round).isEqualTo(all);
            assertThat(copyOfB).isEqualTo(b);
            // Adding after a merge still works on the merged layout.
            a.add(centreA, 1);
            all.add(centreA, 1);
            assertThat(a).as("round %d after an add", round).isEqualTo(all);
        }
    }

    @Test
    void makingRoomBeforehandShouldChangeNothingButWhereTheCountsSit() {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 2000; round++) {
            int cap = random.nextInt(1, 60);
            BucketStore presized = new BucketStore(cap);
            BucketStore plain = new BucketStore(cap);
            for (int batch = random.nextInt(1, 4); batch > 0; batch--) {
                int centre = random.nextInt(-100, 100);
                int spread = random.nextInt(0, 50);
                int[] indices = new int[random.nextInt(0, 20)];
                int lo = Integer.MAX_VALUE;
                int hi = Integer.MIN_VALUE;
                for (int k = 0; k < indices.length; k++) {
                    indices[k] = centre + random.nextInt(-spread, spread + 1);
                    lo = Math.min(lo, indices[k]);
                    hi = Math.max(hi, indices[k]);
                }
                presized.presize(lo, hi); // an empty batch gives lo > hi: nothing to make room for
                assertThat(presized).as("round %d: room alone changes no state", round).isEqualTo(plain);
                for (int index : indices) {
                    presized.add(index, 1);
                    plain.add(index, 1);
                }
                assertThat(presized).as("round %d", round).isEqualTo(plain);
                assertThat(presized.minIndex()).isEqualTo(plain.minIndex());
            }
            BucketStore merged = new BucketStore(cap);
            merged.merge(presized);
            assertThat(merged).isEqualTo(plain);
        }
    }
}
