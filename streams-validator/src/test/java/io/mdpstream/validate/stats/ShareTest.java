package io.mdpstream.validate.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mdpstream.validate.EventKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * A share holds a slice's values as they are while they are few and folds them into summaries past a bound; either
 * way, added to a window, it counts and sketches exactly what adding every event to the window would.
 */
class ShareTest {

    /** Observations with ints, doubles, a flag, an array whose length varies and a nested record. */
    static final Schema OBSERVATION = SchemaBuilder.record("Observation").namespace("test").fields()
            .requiredInt("queue")
            .requiredDouble("wait_seconds")
            .requiredBoolean("degraded")
            .name("per_skill").type().array().items().intType().noDefault()
            .name("agent").type(SchemaBuilder.record("Agent").namespace("test").fields()
                    .requiredInt("level").requiredDouble("shift_left").endRecord()).noDefault()
            .requiredString("note")
            .endRecord();

    /** A random observation; arrays of two or three elements give states of two sets of feature paths. */
    static GenericRecord observation(SplittableRandom random) {
        GenericRecord agent = new GenericData.Record(OBSERVATION.getField("agent").schema());
        agent.put("level", random.nextInt(3));
        agent.put("shift_left", random.nextInt(4) == 0 ? Double.NaN : random.nextDouble() * 480);
        List<Integer> perSkill = new ArrayList<>();
        for (int i = 0, n = 2 + random.nextInt(2); i < n; i++) {
            perSkill.add(random.nextInt(40) - 5);
        }
        GenericRecord observation = new GenericData.Record(OBSERVATION);
        observation.put("queue", random.nextInt(1_000));
        observation.put("wait_seconds", random.nextInt(5) == 0 ? 0.0 : random.nextDouble() * 900 - 100);
        observation.put("degraded", random.nextBoolean());
        observation.put("per_skill", new GenericData.Array<>(OBSERVATION.getField("per_skill").schema(), perSkill));
        observation.put("agent", agent);
        observation.put("note", "not a feature");
        return observation;
    }

    /** The same events added to a share and, one by one, to a window. */
    private record Both(Share share, WindowStats window) {
    }

    static Share share(long seed, int states) {
        return both(seed, states).share();
    }

    private static Both both(long seed, int states) {
        return both(seed, states, true);
    }

    private static Both both(long seed, int states, boolean featureQuantiles) {
        SplittableRandom random = new SplittableRandom(seed);
        Share share = new Share(featureQuantiles);
        WindowStats window = new WindowStats(featureQuantiles);
        for (int i = 0; i < states; i++) {
            GenericRecord observation = observation(random);
            share.addState(observation);
            window.addState(observation);
            String label = "serve-" + random.nextInt(4);
            share.addAction(label);
            window.addAction(label);
            double reward = random.nextInt(3) == 0 ? random.nextInt(30) - 10 : random.nextDouble() * 50;
            share.addReward(reward);
            window.addReward(reward);
            if (random.nextInt(10) == 0) {
                share.addViolation("temporal.seq-gap");
                window.addViolation("temporal.seq-gap");
            }
            if (random.nextInt(20) == 0) {
                share.count(EventKind.EPISODES);
                window.count(EventKind.EPISODES);
            }
        }
        return new Both(share, window);
    }

    @Test
    void aFewStatesShouldBeHeldAsTheyAreAndManyFoldedIntoSummaries() {
        assertThat(share(1, 12).raw().states()).isEqualTo(12);
        assertThat(share(1, 12).summarized().features()).isEmpty();

        Share busy = share(1, 2_000);
        assertThat(busy.raw().values()).isLessThanOrEqualTo(Share.RAW_VALUES);
        assertThat(busy.summarized().features()).isNotEmpty();
    }

    @Test
    void addedToAWindowAShareShouldCountAndSketchWhatEveryEventAddedOneByOneWould() {
        for (int states : new int[] {1, 12, 400, 2_000}) {
            Both both = both(states, states);

            assertSameStatistics(both.share().toStats(), both.window(), states + " states");
        }
    }

    @Test
    void aShareOfFeatureMomentsOnlyShouldFoldAndAddAsTheWindowWould() {
        for (int states : new int[] {12, 2_000}) { // held as they are, and folded
            Both both = both(states, states, false);
            WindowStats stats = both.share().toStats();

            assertSameStatistics(stats, both.window(), states + " states");
            assertThat(stats.features().values()).isNotEmpty().noneMatch(Summary::sketched);
            assertThat(stats.reward().sketched()).isTrue();
        }
        assertThat(share(2, 2_000).toStats().features().values()).allMatch(Summary::sketched);
    }

    @Test
    void sharesAddedToAWindowInTurnShouldMakeTheWholeSlice() {
        Both first = both(7, 30);
        Both second = both(8, 3_000);
        WindowStats merged = new WindowStats();
        first.share().addTo(merged);
        second.share().addTo(merged);

        assertSameStatistics(merged, first.window().copy().merge(second.window()), "two shares");
        assertThat(first.share().raw().states()).as("adding leaves the share as it was").isEqualTo(30);
    }

    /** Counts, names in order and sketches exactly; moments to rounding, as the order of additions may differ. */
    static void assertSameStatistics(WindowStats actual, WindowStats expected, String what) {
        for (EventKind kind : EventKind.values()) {
            assertThat(actual.eventCount(kind)).as("%s: %s", what, kind).isEqualTo(expected.eventCount(kind));
        }
        assertThat(actual.actionFrequencies()).as(what).containsExactlyEntriesOf(expected.actionFrequencies());
        assertThat(actual.violations()).as(what).containsExactlyEntriesOf(expected.violations());
        assertThat(actual.features().keySet()).as(what).containsExactlyElementsOf(expected.features().keySet());
        assertSameSummary(actual.reward(), expected.reward(), what + ": reward");
        for (Map.Entry<String, Summary> feature : expected.features().entrySet()) {
            assertSameSummary(actual.features().get(feature.getKey()), feature.getValue(), what + ": " + feature.getKey());
        }
    }

    private static void assertSameSummary(Summary actual, Summary expected, String what) {
        assertThat(actual.count()).as(what).isEqualTo(expected.count());
        assertThat(actual.sketched()).as(what).isEqualTo(expected.sketched());
        assertThat(actual.nonFinite()).as(what).isEqualTo(expected.nonFinite());
        assertThat(actual.zeroCount()).as(what).isEqualTo(expected.zeroCount());
        assertThat(actual.negativeStore()).as(what).isEqualTo(expected.negativeStore());
        assertThat(actual.positiveStore()).as(what).isEqualTo(expected.positiveStore());
        if (expected.count() > 0) {
            assertThat(actual.min()).as(what).isEqualTo(expected.min());
            assertThat(actual.max()).as(what).isEqualTo(expected.max());
            double scale = Math.max(1, Math.abs(expected.mean()));
            assertThat(actual.mean()).as(what).isCloseTo(expected.mean(), within(1e-9 * scale));
            assertThat(actual.variance()).as(what).isCloseTo(expected.variance(), within(1e-9 * Math.max(1, expected.variance())));
        }
    }
}
