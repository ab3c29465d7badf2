package io.mdpstream.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.events.EpisodeVerdict;
import io.mdpstream.sink.VerdictPolicy;
import io.mdpstream.validate.EventKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing rules and the memory budget, on hand-made events and a hand-moved clock. */
class OpenEpisodesTest {

    private static final long SECOND = 1_000_000_000L;
    private static final EventTopics TOPICS = new EventTopics("ns");

    @TempDir
    Path spill;

    private final OffsetTracker offsets = new OffsetTracker();

    private OpenEpisodes open(VerdictPolicy policy, long budget) {
        return new OpenEpisodes(TOPICS, policy, Duration.ofSeconds(10), Duration.ofSeconds(60), budget, spill, offsets);
    }

    /** Start, {@code steps} state/action pairs, end: seq 0 .. 2 * steps + 1. */
    private static void episode(OpenEpisodes open, String id, int steps, long now, int bytesPerEvent) {
        long seq = 0;
        open.add(id, 0, event(EventKind.EPISODES, seq++, -1, bytesPerEvent), true, false, "toy", now);
        for (int step = 0; step < steps; step++) {
            open.add(id, 0, event(EventKind.STATES, seq++, step, bytesPerEvent), false, false, "toy", now);
            open.add(id, 0, event(EventKind.ACTIONS, seq++, step, bytesPerEvent), false, false, "toy", now);
        }
        open.add(id, 0, event(EventKind.EPISODES, seq, steps - 1, bytesPerEvent), false, true, "toy", now);
    }

    private static BufferedEvent event(EventKind kind, long seq, int step, int bytes) {
        return new BufferedEvent(kind, seq, step, seq, 1_000L * seq, new byte[bytes]);
    }

    private static EpisodeVerdict verdict(String id, boolean valid, long events) {
        return EpisodeVerdict.newBuilder().setRunId("r").setEpisodeId(id).setScenario("toy").setScenarioVersion("1")
                .setValid(valid).setEventCount(events).setSteps(1).setSimTime(Instant.EPOCH)
                .setViolationsByRule(valid ? Map.of() : Map.of("temporal.seq-gap", 1L)).build();
    }

    @Test
    void underIgnoreACompleteEpisodeShouldGoToTheTrainingSetAsUnvalidated() {
        OpenEpisodes open = open(VerdictPolicy.IGNORE, 1 << 20);
        episode(open, "a", 3, 0, 10);

        List<Disposition> ready = open.ready(0, false);

        assertThat(ready).singleElement().satisfies(d -> {
            assertThat(d.area()).isEqualTo(Disposition.Area.TRAIN);
            assertThat(d.verdict()).isEqualTo(Disposition.UNVALIDATED);
        });
    }

    @Test
    void underRequireAnEpisodeShouldWaitForItsVerdictAndBeQuarantinedWithoutOne() {
        OpenEpisodes open = open(VerdictPolicy.REQUIRE, 1 << 20);
        episode(open, "valid", 2, 0, 10);
        episode(open, "invalid", 2, 0, 10);
        episode(open, "silent", 2, 0, 10);
        open.verdict(verdict("valid", true, 6), new TopicPartition("ns.verdicts", 0), 0, SECOND);
        open.verdict(verdict("invalid", false, 6), new TopicPartition("ns.verdicts", 0), 1, SECOND);

        List<Disposition> judged = open.ready(SECOND, false);
        List<Disposition> timedOut = open.ready(11 * SECOND, true);

        assertThat(judged).extracting(d -> d.episode().id() + ":" + d.area() + ":" + d.verdict())
                .containsExactlyInAnyOrder("valid:TRAIN:valid", "invalid:QUARANTINE:invalid");
        assertThat(timedOut).singleElement().satisfies(d -> {
            assertThat(d.episode().id()).isEqualTo("silent");
            assertThat(d.area()).isEqualTo(Disposition.Area.QUARANTINE);
            assertThat(d.reason()).startsWith("no verdict within 10000 ms");
        });
    }

    @Test
    void aVerdictReadBeforeItsEpisodeShouldWaitForItAndHoldItsOffset() {
        OpenEpisodes open = open(VerdictPolicy.REQUIRE, 1 << 20);
        TopicPartition verdicts = new TopicPartition("ns.verdicts", 0);
        offsets.read(verdicts, 0);
        open.verdict(verdict("early", true, 6), verdicts, 0, 0);

        assertThat(offsets.committable(p -> -1)).containsEntry(verdicts, new OffsetAndMetadata(0));
        episode(open, "early", 2, SECOND, 10);
        Disposition ready = open.ready(SECOND, false).get(0);
        open.release(ready.episode());

        assertThat(ready.verdict()).isEqualTo(Disposition.VALID);
        assertThat(offsets.committable(p -> -1)).containsEntry(verdicts, new OffsetAndMetadata(1));
    }

    @Test
    void anEpisodeMissingEventsShouldBeQuarantinedAfterTheIdleTimeoutAndAFragmentDropped() {
        OpenEpisodes open = open(VerdictPolicy.IGNORE, 1 << 20);
        open.add("gap", 0, event(EventKind.EPISODES, 0, -1, 10), true, false, "toy", 0);
        open.add("gap", 0, event(EventKind.EPISODES, 2, 0, 10), false, true, "toy", 0);
        open.add("tail", 0, event(EventKind.STATES, 7, 3, 10), false, false, "toy", 0);

        assertThat(open.ready(59 * SECOND, true)).isEmpty();
        List<Disposition> closed = open.ready(60 * SECOND, true);

        assertThat(closed).extracting(d -> d.episode().id() + ":" + d.area())
                .containsExactlyInAnyOrder("gap:QUARANTINE", "tail:DROP");
        assertThat(closed).filteredOn(d -> d.episode().id().equals("gap")).singleElement()
                .satisfies(d -> assertThat(d.reason()).contains("1 of 3 events are missing, the first at seq 1"));
    }

    @Test
    void anEpisodeWhoseStartWasLostShouldBeDroppedEvenWithAVerdict() {
        // A fault dropped the start: the validator still judges the rest (invalid), but without the start
        // there is no lineage to store, so the events are dropped rather than quarantined.
        OpenEpisodes open = open(VerdictPolicy.REQUIRE, 1 << 20);
        open.add("headless", 0, event(EventKind.STATES, 1, 0, 10), false, false, "toy", 0);
        open.add("headless", 0, event(EventKind.EPISODES, 2, 0, 10), false, true, "toy", 0);
        open.verdict(verdict("headless", false, 2), new TopicPartition("ns.verdicts", 0), 0, SECOND);

        assertThat(open.ready(SECOND, false)).singleElement().satisfies(d -> {
            assertThat(d.area()).isEqualTo(Disposition.Area.DROP);
            assertThat(d.verdict()).isEqualTo(Disposition.INVALID);
        });
    }

    @Test
    void duplicatesShouldBeDroppedAndCounted() {
        OpenEpisodes open = open(VerdictPolicy.IGNORE, 1 << 20);
        open.add("d", 0, event(EventKind.EPISODES, 0, -1, 10), true, false, "toy", 0);
        open.add("d", 0, event(EventKind.EPISODES, 0, -1, 10), true, false, "toy", 0);

        assertThat(open.duplicates()).isEqualTo(1);
    }

    @Test
    void manyAndLongOpenEpisodesShouldStayWithinTheBudgetBySpilling() throws Exception {
        long budget = 64 * 1024;
        OpenEpisodes open = open(VerdictPolicy.REQUIRE, budget);
        for (int i = 0; i < 50; i++) {
            episode(open, "ep" + i, 200, 0, 300); // 50 episodes of ~120 KB each, all waiting for verdicts
        }

        assertThat(open.size()).isEqualTo(50);
        assertThat(open.peakBytes()).isLessThanOrEqualTo(budget);
        assertThat(open.spills()).isPositive();
        try (var files = Files.list(spill)) {
            assertThat(files.count()).isEqualTo(50);
        }
        Disposition one = open.ready(11 * SECOND, true).get(0);
        try (OpenEpisode.EventCursor events = one.episode().cursor()) {
            long count = 0;
            while (events.hasNext()) {
                assertThat(events.next().seq()).isEqualTo(count++); // spilled and in-memory events, in order
            }
            assertThat(count).isEqualTo(402);
        }
    }
}
