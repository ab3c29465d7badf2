package io.mdpstream.replay.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdpstream.replay.ReplayException;
import io.mdpstream.validate.EventKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EpisodeSpillTest {

    private static final EventKind[] KINDS = EventKind.values();

    @TempDir
    Path tmp;

    /** Random episodes: timestamps that tie across episodes and sometimes fall within one, bodies from empty to beyond a chunk. */
    private static List<List<RecordedEvent>> randomEpisodes(SplittableRandom random, int count) {
        List<List<RecordedEvent>> episodes = new ArrayList<>();
        for (int e = 0; e < count; e++) {
            String id = "ep-" + e;
            int events = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(random.nextBoolean() ? 5 : 120);
            long time = 1_000 + random.nextInt(50) * 10L; // coarse: many ties between episodes
            long seq = random.nextInt(3);
            List<RecordedEvent> episode = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                time += random.nextInt(8) == 0 ? -random.nextInt(30) : random.nextInt(4) * 10L; // not always rising
                seq += 1 + (random.nextInt(6) == 0 ? random.nextInt(3) : 0);
                int size = switch (random.nextInt(20)) {
                    case 0 -> 0;
                    case 1 -> TimeOrder.MAX_CHUNK + random.nextInt(3_000); // larger than any chunk
                    case 2 -> TimeOrder.MIN_CHUNK - SpillFile.HEADER; // exactly a minimal chunk with its header
                    default -> random.nextInt(400);
                };
                byte[] body = new byte[size];
                random.nextBytes(body);
                episode.add(new RecordedEvent(id, KINDS[random.nextInt(KINDS.length)], seq, time, 1 + random.nextInt(3), body));
            }
            episodes.add(episode);
        }
        return episodes;
    }

    private static void add(EpisodeSpill spill, RecordedEvent event) {
        spill.add(event.episodeId(), event.kind(), event.seq(), event.timestamp(), event.schemaId(), ByteBuffer.wrap(event.body()));
    }

    private static List<RecordedEvent> drain(TimeOrder order) {
        List<RecordedEvent> out = new ArrayList<>();
        while (order.hasNext()) {
            out.add(order.next());
        }
        return out;
    }

    private static void assertSameEvents(List<RecordedEvent> actual, List<RecordedEvent> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            RecordedEvent a = actual.get(i);
            RecordedEvent e = expected.get(i);
            assertThat(List.of(a.episodeId(), a.kind(), a.seq(), a.timestamp(), a.schemaId())).as("event #%d", i)
                    .isEqualTo(List.of(e.episodeId(), e.kind(), e.seq(), e.timestamp(), e.schemaId()));
            assertThat(a.body()).as("body of event #%d", i).isEqualTo(e.body());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4_096, TimeOrder.BUFFER_BUDGET})
    void shouldInterleaveExactlyAsTheInMemoryOrderWhateverTheBufferBudget(int budget) {
        for (long seed = 0; seed < 20; seed++) {
            List<List<RecordedEvent>> episodes = randomEpisodes(new SplittableRandom(seed), 1 + (int) seed * 7);
            try (EpisodeSpill spill = EpisodeSpill.create(tmp)) {
                episodes.forEach(episode -> episode.forEach(event -> add(spill, event)));

                List<RecordedEvent> replayed = drain(spill.order(budget));

                assertSameEvents(replayed, InMemoryTimeOrder.of(episodes));
                assertThat(spill.episodes()).isEqualTo(episodes.stream().filter(e -> !e.isEmpty()).count());
                assertThat(spill.events()).isEqualTo(replayed.size());
            }
        }
    }

    @Test
    void rowsOfAnEpisodeThatAreNotContiguousShouldBeGroupedAsTheInMemoryLoadGroupedThem() {
        List<List<RecordedEvent>> episodes = randomEpisodes(new SplittableRandom(42), 60);
        // The table's rows: episodes cut into runs of rows, the runs shuffled, each episode's runs kept in seq order.
        List<List<RecordedEvent>> runs = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        for (List<RecordedEvent> episode : episodes) {
            for (int i = 0; i < episode.size(); ) {
                int n = 1 + random.nextInt(10);
                runs.add(episode.subList(i, Math.min(episode.size(), i + n)));
                i += n;
            }
        }
        Collections.shuffle(runs, new java.util.Random(3));
        List<RecordedEvent> table = rowsInSeqOrderPerEpisode(runs);
        // What the in-memory load made of it: episodes in the order of their first row.
        java.util.Map<String, List<RecordedEvent>> grouped = new java.util.LinkedHashMap<>();
        table.forEach(e -> grouped.computeIfAbsent(e.episodeId(), id -> new ArrayList<>()).add(e));

        try (EpisodeSpill spill = EpisodeSpill.create(tmp)) {
            table.forEach(event -> add(spill, event));

            assertSameEvents(drain(spill.order(600)), InMemoryTimeOrder.of(new ArrayList<>(grouped.values())));
        }
    }

    /** The runs in their shuffled order, but each episode's runs renumbered so that its rows stay in seq order. */
    private static List<RecordedEvent> rowsInSeqOrderPerEpisode(List<List<RecordedEvent>> runs) {
        java.util.Map<String, java.util.Deque<RecordedEvent>> byEpisode = new java.util.HashMap<>();
        runs.stream().flatMap(List::stream).sorted(java.util.Comparator.comparingLong(RecordedEvent::seq))
                .forEach(e -> byEpisode.computeIfAbsent(e.episodeId(), id -> new java.util.ArrayDeque<>()).add(e));
        List<RecordedEvent> table = new ArrayList<>();
        for (List<RecordedEvent> run : runs) {
            for (RecordedEvent ignored : run) {
                table.add(byEpisode.get(run.get(0).episodeId()).poll());
            }
        }
        return table;
    }

    @Test
    void anEventWhoseSeqIsNotAboveTheLastOfItsEpisodeShouldBeRefusedNamingTheEpisode() {
        try (EpisodeSpill spill = EpisodeSpill.create(tmp)) {
            spill.add("a", EventKind.EPISODES, 0, 10, 1, ByteBuffer.allocate(3));
            spill.add("b", EventKind.EPISODES, 0, 10, 1, ByteBuffer.allocate(3));
            spill.add("a", EventKind.STATES, 1, 11, 2, ByteBuffer.allocate(3));

            assertThatThrownBy(() -> spill.add("a", EventKind.ACTIONS, 1, 12, 3, ByteBuffer.allocate(3)))
                    .isInstanceOf(EpisodeSpill.OutOfOrderException.class).hasMessageContaining("episode a")
                    .hasMessageContaining("seq 1 after 1");
        }
    }

    @Test
    void schemasShouldBeListedInTheOrderOfFirstUseByEpisodeThenSeq() {
        try (EpisodeSpill spill = EpisodeSpill.create(tmp)) {
            spill.add("a", EventKind.EPISODES, 0, 10, 1, ByteBuffer.allocate(1));
            spill.add("b", EventKind.STATES, 0, 10, 7, ByteBuffer.allocate(1));
            spill.add("a", EventKind.STATES, 1, 11, 5, ByteBuffer.allocate(1)); // a's rows resume after b's: a is still first
            spill.add("b", EventKind.STATES, 1, 12, 5, ByteBuffer.allocate(1));

            assertThat(spill.schemaUses()).containsExactly(new EpisodeSpill.SchemaUse(EventKind.EPISODES, 1),
                    new EpisodeSpill.SchemaUse(EventKind.STATES, 5), new EpisodeSpill.SchemaUse(EventKind.STATES, 7));
        }
    }

    @Test
    void aRewriteShouldChangeEachEpisodeInSeqOrderFromItsFirstEvent() {
        List<List<RecordedEvent>> episodes = randomEpisodes(new SplittableRandom(5), 40);
        // Stretches offsets from the episode's start and appends the event's index in its episode to the body.
        java.util.function.Function<RecordedEvent, UnaryOperator<RecordedEvent>> stretch = first -> {
            int[] index = new int[1];
            return e -> {
                byte[] body = java.util.Arrays.copyOf(e.body(), e.body().length + 1);
                body[body.length - 1] = (byte) index[0]++;
                return e.with(first.timestamp() + 3 * (e.timestamp() - first.timestamp()), body);
            };
        };
        List<List<RecordedEvent>> expected = episodes.stream().filter(e -> !e.isEmpty()).map(episode -> {
            UnaryOperator<RecordedEvent> change = stretch.apply(episode.get(0));
            return episode.stream().map(change).toList();
        }).toList();

        try (EpisodeSpill spill = EpisodeSpill.create(tmp)) {
            episodes.forEach(episode -> episode.forEach(event -> add(spill, event)));
            spill.rewrite(stretch);

            assertSameEvents(drain(spill.order(2_048)), InMemoryTimeOrder.of(expected));
        }
    }

    @Test
    void noEpisodesShouldGiveNoEvents() {
        try (EpisodeSpill spill = EpisodeSpill.create(tmp)) {
            TimeOrder order = spill.order();

            assertThat(order.hasNext()).isFalse();
            assertThat(spill.episodes()).isZero();
            assertThat(spill.schemaUses()).isEmpty();
        }
    }

    @Test
    void readBuffersShouldStayWithinTheBudgetAndOnlyForEpisodesBegunAndNotFinished() {
        int budget = 64 << 10;
        try (EpisodeSpill spill = EpisodeSpill.create(tmp)) {
            // 2,000 episodes of 100 events of 200 bytes, 50 overlapping in simulated time at any moment.
            for (int e = 0; e < 2_000; e++) {
                long start = (e / 50) * 1_000_000L;
                for (int i = 0; i < 100; i++) {
                    spill.add("ep-" + e, EventKind.STATES, i, start + i * 10L + e % 50, 1, ByteBuffer.allocate(200));
                }
            }
            TimeOrder order = spill.order(budget);
            long events = 0;
            int mostOpen = 0;
            long mostBuffered = 0;
            while (order.hasNext()) {
                order.next();
                events++;
                if (events % 97 == 0) {
                    mostOpen = Math.max(mostOpen, order.open());
                    mostBuffered = Math.max(mostBuffered, order.buffered());
                }
            }

            assertThat(events).isEqualTo(200_000);
            assertThat(order.chunk()).isEqualTo(budget / 50);
            assertThat(mostOpen).isBetween(2, 50);
            assertThat(mostBuffered).as("bytes buffered, of %,d stored", spill.bytes()).isLessThanOrEqualTo(budget);
            assertThat(order.open()).isZero();
        }
    }

    @Test
    void theMostOverlappingEpisodesShouldCountSpansThatTouch() {
        try (EpisodeSpill spill = EpisodeSpill.create(tmp)) {
            spill.add("a", EventKind.STATES, 0, 10, 1, ByteBuffer.allocate(1));
            spill.add("a", EventKind.STATES, 1, 20, 1, ByteBuffer.allocate(1));
            spill.add("b", EventKind.STATES, 0, 20, 1, ByteBuffer.allocate(1)); // touches a's end
            spill.add("b", EventKind.STATES, 1, 5, 1, ByteBuffer.allocate(1)); // falls back: b's span is 20..20
            spill.add("c", EventKind.STATES, 0, 21, 1, ByteBuffer.allocate(1));

            assertThat(spill.order(1 << 20).chunk()).isEqualTo(TimeOrder.MAX_CHUNK);
            assertThat(spill.order(60_000).chunk()).isEqualTo(30_000);
        }
    }

    @Test
    void closingShouldDeleteTheSpillDirectoryWithItsFiles() throws IOException {
        EpisodeSpill spill = EpisodeSpill.create(tmp);
        spill.add("a", EventKind.EPISODES, 0, 10, 1, ByteBuffer.allocate(100));
        spill.rewrite(first -> UnaryOperator.identity());
        assertThat(spill.directory()).startsWith(tmp).isDirectory();

        spill.close();

        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aFailedRewriteShouldLeaveNothingOnceClosed() throws IOException {
        EpisodeSpill spill = EpisodeSpill.create(tmp);
        spill.add("a", EventKind.EPISODES, 0, 10, 1, ByteBuffer.allocate(100));

        assertThatThrownBy(() -> spill.rewrite(first -> e -> {
            throw new ReplayException("cannot decode");
        })).hasMessage("cannot decode");
        spill.close();

        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aSpillDirectoryThatCannotBeCreatedShouldBeReportedWithTheWayOut() throws IOException {
        Path notADirectory = Files.writeString(tmp.resolve("file"), "x");

        assertThatThrownBy(() -> EpisodeSpill.create(notADirectory.resolve("sub"))).isInstanceOf(ReplayException.class)
                .hasMessageContaining("cannot create the replay's spill directory in " + notADirectory.resolve("sub"))
                .hasMessageContaining("java.io.tmpdir");
    }
}
