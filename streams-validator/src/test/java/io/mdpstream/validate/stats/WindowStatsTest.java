package io.mdpstream.validate.stats;

import io.mdpstream.validate.EventKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.mdpstream.events.DriftScore;
import io.mdpstream.events.WindowMetrics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.Test;

class WindowStatsTest {

    static WindowStats sample(long seed, double shift, int states) {
        WindowStats stats = new WindowStats();
        double[] speeds = Samples.normal(seed, states, 10 + shift, 2);
        double[] rewards = Samples.normal(seed + 1, states, shift, 1);
        for (int i = 0; i < states; i++) {
            Map<String, Double> features = new LinkedHashMap<>();
            features.put("speed", speeds[i]);
            features.put("pos[0]", (double) (i % 7));
            stats.addState(features);
            stats.addAction(i % 3 == 0 ? "left" : "right");
            stats.addReward(rewards[i]);
        }
        stats.count(EventKind.EPISODES, 2);
        return stats;
    }

    @Test
    void shouldCountEventsByKindAndViolationsByRule() {
        WindowStats stats = sample(1, 0, 40);
        stats.addViolation("reward-before-action").addViolation("reward-before-action").addViolation("bounds");

        assertThat(stats.eventCount(EventKind.STATES)).isEqualTo(40);
        assertThat(stats.eventCount(EventKind.ACTIONS)).isEqualTo(40);
        assertThat(stats.eventCount(EventKind.REWARDS)).isEqualTo(40);
        assertThat(stats.eventCount(EventKind.EPISODES)).isEqualTo(2);
        assertThat(stats.totalEvents()).isEqualTo(122);
        assertThat(stats.actionFrequencies()).containsExactly(entry("left", 14L), entry("right", 26L));
        assertThat(stats.violations()).containsExactly(entry("reward-before-action", 2L), entry("bounds", 1L));
        assertThat(stats.features().keySet()).containsExactly("speed", "pos[0]");
    }

    @Test
    void shouldSummarizeARecordAsItsFlattenedFeatures() {
        Schema observation = SchemaBuilder.record("Observation").fields()
                .requiredDouble("speed")
                .name("queue").type().array().items().intType().noDefault()
                .name("position").type(SchemaBuilder.record("Position").fields().requiredDouble("x").endRecord()).noDefault()
                .requiredBoolean("open")
                .endRecord();
        WindowStats fromRecords = new WindowStats();
        WindowStats fromMaps = new WindowStats();
        for (int i = 0; i < 50; i++) {
            GenericRecord record = new GenericRecordBuilder(observation)
                    .set("speed", i * 0.37 - 4)
                    .set("queue", List.of(i % 5, i / 7))
                    .set("position", new GenericRecordBuilder(observation.getField("position").schema()).set("x", 1e-3 * i).build())
                    .set("open", i % 2 == 0)
                    .build();
            fromRecords.addState(record);
            fromMaps.addState(Features.flatten(record));
        }

        assertThat(fromRecords).isEqualTo(fromMaps);
        assertThat(fromRecords.features().keySet()).containsExactly("speed", "queue[0]", "queue[1]", "position.x", "open");
    }

    @Test
    void statesWhoseFeaturesChangeFromOneToTheNextShouldEachLandInTheirOwnSummaries() {
        // Arrays of changing length and two schemas with the same fields in other orders, alternating:
        // the features of one state are not where the state before had them.
        Schema ordered = SchemaBuilder.record("Observation").fields()
                .requiredDouble("speed")
                .name("queue").type().array().items().intType().noDefault()
                .endRecord();
        Schema reordered = SchemaBuilder.record("Observation").fields()
                .name("queue").type().array().items().intType().noDefault()
                .requiredDouble("speed")
                .endRecord();
        WindowStats fromRecords = new WindowStats();
        WindowStats fromMaps = new WindowStats();
        for (int i = 0; i < 60; i++) {
            List<Integer> queue = new java.util.ArrayList<>();
            for (int k = 0; k < i % 4; k++) {
                queue.add(10 * k + i);
            }
            GenericRecord record = new GenericRecordBuilder(i % 3 == 0 ? reordered : ordered)
                    .set("speed", i * 1.5)
                    .set("queue", queue)
                    .build();
            fromRecords.addState(record);
            fromMaps.addState(Features.flatten(record));
        }

        assertThat(fromRecords.features()).isEqualTo(fromMaps.features());
        assertThat(fromRecords.features().get("queue[2]").count()).isEqualTo(15); // i % 4 == 3
        assertThat(fromRecords.features().get("speed").count()).isEqualTo(60);
    }

    @Test
    void shouldPoolLabelsBeyondTheCapUnderOther() {
        WindowStats stats = new WindowStats();
        for (int i = 0; i < WindowStats.MAX_KEYS + 44; i++) {
            stats.addAction("a" + i);
            stats.addState(Map.of("f" + i, (double) i));
        }
        stats.addAction("a0");

        assertThat(stats.actionFrequencies()).hasSize(WindowStats.MAX_KEYS + 1);
        assertThat(stats.actionFrequencies()).containsEntry(WindowStats.OTHER, 44L).containsEntry("a0", 2L);
        assertThat(stats.features()).hasSize(WindowStats.MAX_KEYS + 1);
        assertThat(stats.features().get(WindowStats.OTHER).count()).isEqualTo(44);
    }

    @Test
    void shouldMergeLikeOneWindowOverAllRecords() {
        WindowStats first = sample(2, 0, 50);
        WindowStats second = sample(3, 0, 70).addViolation("bounds");

        WindowStats merged = first.copy().merge(second);

        assertThat(merged.totalEvents()).isEqualTo(first.totalEvents() + second.totalEvents());
        assertThat(merged.reward().count()).isEqualTo(120);
        assertThat(merged.features().get("speed").count()).isEqualTo(120);
        assertThat(merged.actionFrequencies().get("left")).isEqualTo(17 + 24);
        assertThat(merged.violations()).containsExactly(entry("bounds", 1L));
        assertThat(first.reward().count()).as("merge leaves its argument alone").isEqualTo(50);
    }

    @Test
    void shouldDescribeTheWindowAsWindowMetrics() {
        WindowStats stats = sample(4, 0, 40).addViolation("bounds").addViolation("bounds");

        WindowMetrics metrics = stats.toAvro("ns", "grid", 1_000, 61_000, null, DriftThresholds.DEFAULTS);

        assertThat(metrics.getNamespace()).isEqualTo("ns");
        assertThat(metrics.getScenario()).isEqualTo("grid");
        assertThat(metrics.getWindowStart()).isEqualTo(Instant.ofEpochMilli(1_000));
        assertThat(metrics.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(61_000));
        assertThat(metrics.getEventCounts()).containsExactly(
                entry("episodes", 2L), entry("states", 40L), entry("actions", 40L), entry("rewards", 40L));
        assertThat(metrics.getViolationRate()).isCloseTo(2.0 / 122, within(1e-15));
        assertThat(metrics.getReward().getCount()).isEqualTo(40);
        assertThat(metrics.getFeatures()).containsOnlyKeys("speed", "pos[0]");
        assertThat(metrics.getActionFrequencies()).containsEntry("right", 26L);
        assertThat(metrics.getDrift()).isEmpty();
    }

    @Test
    void shouldGiveAZeroViolationRateToAWindowWithoutEvents() {
        WindowMetrics metrics = new WindowStats().addViolation("x")
                .toAvro("ns", "grid", 0, 10, null, DriftThresholds.DEFAULTS);

        assertThat(metrics.getViolationRate()).isZero();
        assertThat(metrics.getReward().getCount()).isZero();
    }

    @Test
    void shouldScoreDriftOfRewardAndOfFeaturesInBothProfileAndWindow() {
        WindowStats captured = sample(5, 0, 2_000);
        captured.addState(Map.of("only-in-profile", 1.0));
        ReferenceProfile profile = ReferenceProfile.of("grid", captured);
        WindowStats shifted = sample(6, 2, 500);
        shifted.addState(Map.of("only-in-window", 1.0));

        WindowMetrics metrics = shifted.toAvro("ns", "grid", 0, 10, profile, DriftThresholds.DEFAULTS);

        assertThat(metrics.getDrift()).extracting(DriftScore::getFeature).containsExactly(
                "reward", "reward", "reward", "speed", "speed", "speed", "pos[0]", "pos[0]", "pos[0]");
        assertThat(metrics.getDrift()).filteredOn(s -> s.getFeature().equals("speed")).allMatch(DriftScore::getDrifted);
        assertThat(metrics.getDrift()).filteredOn(s -> s.getFeature().equals("pos[0]")).noneMatch(DriftScore::getDrifted);
    }
}
