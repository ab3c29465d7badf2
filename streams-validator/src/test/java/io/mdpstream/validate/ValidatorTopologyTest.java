package io.mdpstream.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.events.EpisodeEvent;
import io.mdpstream.events.EpisodeVerdict;
import io.mdpstream.events.Reward;
import io.mdpstream.events.Violation;
import io.mdpstream.serde.AvroDeserializer;
import io.mdpstream.validate.EpisodeStreams.Event;
import io.mdpstream.validate.internal.EpisodeCheckProcessor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rule of the validator, on real episodes of the support scenario broken on purpose, each
 * with its clean counterpart. Records carry explicit timestamps (their simulated time), so stream
 * time, and with it the lateness bound and the gap timeout, moves exactly as the test says.
 */
class ValidatorTopologyTest {

    private static final Duration LATENESS = Duration.ofSeconds(10);
    private static final Duration GAP_TIMEOUT = Duration.ofHours(1);

    @TempDir
    Path stateDir;

    private final EpisodeStreams streams = new EpisodeStreams("support", "vt", "");
    private TopologyTestDriver driver;
    private final Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
    private TestOutputTopic<String, Object> violations;
    private TestOutputTopic<String, Object> verdicts;
    private TestOutputTopic<String, byte[]> deadLetters;
    private final List<Violation> seen = new ArrayList<>();

    /** Stream time alone, so that the tests say exactly when a gap is due; one test adds the wall-time lateness. */
    private static ValidatorConfig config() {
        return ValidatorConfig.of("vt").withLateness(LATENESS).withLatenessWall(Duration.ZERO).withGapTimeout(GAP_TIMEOUT);
    }

    @BeforeEach
    void start() {
        start(config());
    }

    private void start(ValidatorConfig config) {
        if (driver != null) {
            driver.close();
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "validator-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ValidatorTopology.build(config, "validator-test", streams.registry, ValidatorListener.NONE), props);
        for (String topic : streams.topics.episodeTopics()) {
            inputs.put(topic, driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer()));
        }
        violations = driver.createOutputTopic(streams.topics.violations(), new StringDeserializer(),
                new AvroDeserializer<>(streams.registry, true));
        verdicts = driver.createOutputTopic(streams.topics.verdicts(), new StringDeserializer(),
                new AvroDeserializer<>(streams.registry, true));
        deadLetters = driver.createOutputTopic(streams.topics.deadLetter(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldGiveACleanEpisodeAValidVerdictAndNoViolation() {
        List<Event> episode = streams.episode(0);

        pipe(episode);

        assertThat(violations()).isEmpty();
        EpisodeVerdict verdict = onlyVerdict();
        EpisodeEvent end = (EpisodeEvent) episode.get(episode.size() - 1).value;
        assertThat(verdict.getValid()).isTrue();
        assertThat(verdict.getEventCount()).isEqualTo(episode.size());
        assertThat(verdict.getSteps()).isEqualTo(((io.mdpstream.events.EpisodeEnded) end.getBody()).getSteps());
        assertThat(verdict.getOutcome()).isNotNull();
        assertThat(verdict.getViolationsByRule()).isEmpty();
    }

    @Test
    void shouldReorderEventsThatCrossTopicsWithinTheLateness() {
        List<Event> episode = streams.episode(0);
        int state = firstIndex(episode, e -> e.topic.equals(streams.topics.states()) && e.seq() > 5);
        // The action of a step arrives before its state: another topic, same instant, well within the lateness.
        episode.add(state + 1, episode.remove(state));

        pipe(episode);

        assertThat(violations()).isEmpty();
        assertThat(onlyVerdict().getValid()).isTrue();
    }

    @Test
    void shouldReportADroppedEventAsAGapOnlyOnceTheLatenessHasPassed() {
        List<Event> episode = streams.episode(0);
        int at = episode.size() / 2;
        Event dropped = episode.remove(at);
        List<Event> upToLateness = new ArrayList<>();
        for (Event e : episode.subList(at, episode.size())) {
            if (e.timestamp - dropped.timestamp <= LATENESS.toMillis()) {
                upToLateness.add(e);
            }
        }

        pipe(episode.subList(0, at));
        pipe(upToLateness);
        assertThat(violations()).as("still within the lateness").isEmpty();
        pipe(episode.subList(at + upToLateness.size(), episode.size()));

        assertThat(violations()).singleElement().satisfies(v -> {
            assertThat(v.getRule()).isEqualTo(Rule.SEQ_GAP.id());
            assertThat(v.getSeq()).isEqualTo(dropped.seq());
            assertThat(v.getEvidence()).containsEntry("missing", "1");
        });
        EpisodeVerdict verdict = onlyVerdict();
        assertThat(verdict.getValid()).isFalse();
        assertThat(verdict.getViolationsByRule()).containsExactly(Map.entry(Rule.SEQ_GAP.id(), 1L));
    }

    @Test
    void shouldCheckAndGiveVerdictsWithoutTheStatisticsWhenTheyAreTurnedOff() {
        String shares = ValidatorTopology.partialsTopic("validator-test");
        pipe(streams.episode(0));
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        assertThat(driver.producedTopicNames()).as("with statistics").contains(shares, streams.topics.metrics());

        start(config().withStatistics(false));
        List<Event> episode = streams.episode(1);
        int at = episode.size() / 3;
        episode.add(at + 1, episode.get(at));
        pipe(episode);
        driver.advanceWallClockTime(Duration.ofSeconds(10));

        assertThat(rules()).containsExactly(Rule.SEQ_DUPLICATE.id());
        assertThat(onlyVerdict().getValid()).isFalse();
        assertThat(driver.producedTopicNames()).as("without statistics").doesNotContain(shares, streams.topics.metrics());
        // Nor is there a merger waiting for shares.
        assertThat(ValidatorTopology.build(config(), "validator-test", streams.registry, ValidatorListener.NONE).describe()
                .subtopologies()).hasSize(2);
        assertThat(ValidatorTopology.build(config().withStatistics(false), "validator-test", streams.registry, ValidatorListener.NONE)
                .describe().subtopologies()).hasSize(1);
    }

    @Test
    void shouldReportADuplicate() {
        List<Event> episode = streams.episode(0);
        int at = episode.size() / 3;
        episode.add(at + 1, episode.get(at));

        pipe(episode);

        assertThat(rules()).containsExactly(Rule.SEQ_DUPLICATE.id());
        assertThat(violations.getQueueSize()).isZero();
        assertThat(seen.get(0).getSeq()).isEqualTo(episode.get(at).seq());
        assertThat(onlyVerdict().getValid()).isFalse();
    }

    @Test
    void shouldReportAReorderWithinOneTopicHoweverSmall() {
        List<Event> episode = streams.episode(0);
        // Two events of one topic close in time, so that the lateness alone would excuse the swap.
        int first = -1;
        int second = -1;
        for (int i = 5; i < episode.size() && second < 0; i++) {
            for (int j = i + 1; j < episode.size() && episode.get(j).timestamp - episode.get(i).timestamp < LATENESS.toMillis() / 2; j++) {
                if (episode.get(j).topic.equals(episode.get(i).topic) && !episode.get(i).topic.equals(streams.topics.episodes())) {
                    first = i;
                    second = j;
                    break;
                }
            }
        }
        assertThat(second).as("an episode with two events of one topic close in time").isPositive();
        Event moved = episode.remove(first);
        episode.add(second, moved); // now right after a later event of its episode, on the same topic

        pipe(episode);

        assertThat(rules()).containsExactly(Rule.REORDERED.id());
        assertThat(seen.get(0).getSeq()).isEqualTo(moved.seq());
    }

    @Test
    void shouldReportAnEventThatArrivesAfterItsGapAsLate() {
        List<Event> episode = streams.episode(0);
        int at = firstIndex(episode, e -> e.seq() > 5);
        Event held = episode.remove(at);
        long firstWaiting = episode.get(at).timestamp; // the lateness counts from the first event that waits for it
        int after = firstIndex(episode, e -> e.timestamp - firstWaiting > LATENESS.toMillis());

        pipe(episode.subList(0, after + 1));
        pipe(List.of(held));
        pipe(episode.subList(after + 1, episode.size()));

        assertThat(rules()).containsExactly(Rule.SEQ_GAP.id(), Rule.LATE_EVENT.id());
        assertThat(seen).extracting(Violation::getSeq).containsOnly(held.seq());
    }

    @Test
    void anEventLateInStreamTimeButWithinTheWallLatenessShouldBeReorderedNotFlagged() {
        // At full speed a simulator moves stream time past the lateness between two fetches of one topic.
        start(config().withLatenessWall(Duration.ofSeconds(2)));
        List<Event> episode = streams.episode(0);
        int at = firstIndex(episode, e -> e.seq() > 5);
        Event held = episode.remove(at);
        long firstWaiting = episode.get(at).timestamp;
        int after = firstIndex(episode, e -> e.timestamp - firstWaiting > LATENESS.toMillis());

        pipe(episode.subList(0, after + 1));
        driver.advanceWallClockTime(Duration.ofMillis(500));
        pipe(List.of(held));
        pipe(episode.subList(after + 1, episode.size()));

        assertThat(violations()).isEmpty();
        assertThat(onlyVerdict().getValid()).isTrue();
    }

    @Test
    void aMissingEventShouldBeReportedOnceTheWallLatenessHasPassedToo() {
        start(config().withLatenessWall(Duration.ofSeconds(2)));
        List<Event> episode = streams.episode(0);
        int at = firstIndex(episode, e -> e.seq() > 5);
        Event lost = episode.remove(at);
        long firstWaiting = episode.get(at).timestamp;
        int after = firstIndex(episode, e -> e.timestamp - firstWaiting > LATENESS.toMillis());

        pipe(episode.subList(0, after + 1));
        assertThat(violations()).as("past the lateness in stream time only").isEmpty();
        driver.advanceWallClockTime(Duration.ofMillis(2_500));
        // No other traffic shows that every topic has gone past it, and one might be behind the rest.
        assertThat(violations()).as("past the wall-time lateness, input quiet for less than " + EpisodeCheckProcessor.QUIET_INPUT)
                .isEmpty();
        driver.advanceWallClockTime(EpisodeCheckProcessor.QUIET_INPUT); // no input since: the wall-clock sweep reports it

        assertThat(violations()).singleElement().satisfies(v -> {
            assertThat(v.getRule()).isEqualTo(Rule.SEQ_GAP.id());
            assertThat(v.getSeq()).isEqualTo(lost.seq());
        });
    }

    @Test
    void aTopicProcessedSecondsBehindTheOthersShouldNotMakeGaps() {
        // A validator behind a full-speed publisher: its consumer hands over one partition's backlog
        // after another, and Kafka Streams goes on with the topics it has; here the actions come
        // seconds of wall time (and far more than the lateness of stream time) after the rest.
        start(config().withLatenessWall(Duration.ofSeconds(2)));
        List<Event> episode = streams.episode(0);
        int from = firstIndex(episode, e -> e.topic.equals(streams.topics.actions()) && e.seq() > 5);
        List<Event> actions = new ArrayList<>();
        List<Event> others = new ArrayList<>(episode.subList(0, from));
        for (Event e : episode.subList(from, episode.size())) {
            (e.topic.equals(streams.topics.actions()) ? actions : others).add(e);
        }
        assertThat(others.get(others.size() - 1).timestamp - actions.get(0).timestamp).isGreaterThan(LATENESS.toMillis());

        for (Event e : others) {
            pipe(List.of(e));
            driver.advanceWallClockTime(Duration.ofMillis(50)); // the other topics keep coming, the sweeps run
        }
        assertThat(others.size() * 50L).isGreaterThan(3 * 2_000L);
        pipe(actions);

        assertThat(violations()).isEmpty();
        assertThat(onlyVerdict().getValid()).isTrue();
    }

    @Test
    void aLostEventShouldStillBeAGapWhileTheTopicsFlow() {
        start(config().withLatenessWall(Duration.ofSeconds(2)));
        List<Event> episode = streams.episode(0);
        Event lost = episode.remove(firstIndex(episode, e -> e.topic.equals(streams.topics.actions()) && e.seq() > 5));

        for (Event e : episode) {
            pipe(List.of(e));
            driver.advanceWallClockTime(Duration.ofMillis(50));
        }

        assertThat(violations()).singleElement().satisfies(v -> {
            assertThat(v.getRule()).isEqualTo(Rule.SEQ_GAP.id());
            assertThat(v.getSeq()).isEqualTo(lost.seq());
        });
        assertThat(onlyVerdict().getViolationsByRule()).containsExactly(Map.entry(Rule.SEQ_GAP.id(), 1L));
    }

    @Test
    void aLostEventAtAnEpisodesTailShouldBeAGapOnceItsTopicHasGonePastIt() {
        // No later action of the episode comes to show that the lost one is not just behind; other
        // episodes' actions, stamped past it by more than the lateness, show that its topic moved on.
        start(config().withLatenessWall(Duration.ofSeconds(2)));
        List<Event> episode = streams.episode(0);
        int at = lastIndex(episode, e -> e.topic.equals(streams.topics.actions()));
        Event lost = episode.remove(at);
        long past = episode.get(at).timestamp + LATENESS.toMillis(); // the lateness after the first event that waits
        List<Event> other = streams.episode(1, Instant.ofEpochMilli(lost.timestamp)); // started as the lost action was due
        assertThat(List.of(streams.topics.states(), streams.topics.actions(), streams.topics.rewards()))
                .allMatch(topic -> other.stream().anyMatch(e -> e.topic.equals(topic) && e.timestamp > past));

        for (Event e : episode) {
            pipe(List.of(e));
            driver.advanceWallClockTime(Duration.ofMillis(50));
        }
        driver.advanceWallClockTime(Duration.ofSeconds(3));
        assertThat(violations()).as("the actions topic has not gone past the lost action yet").isEmpty();
        for (Event e : other) {
            pipe(List.of(e));
            driver.advanceWallClockTime(Duration.ofMillis(50));
        }

        assertThat(violations()).singleElement().satisfies(v -> {
            assertThat(v.getRule()).isEqualTo(Rule.SEQ_GAP.id());
            assertThat(v.getEpisodeId()).isEqualTo(lost.key);
            assertThat(v.getSeq()).isEqualTo(lost.seq());
        });
    }

    @Test
    void shouldReportSimTimeGoingBack() {
        List<Event> episode = streams.episode(0);
        int at = firstIndex(episode, e -> e.topic.equals(streams.topics.rewards()) && e.timestamp > episode.get(0).timestamp);
        episode.get(at).envelope().setSimTime(Instant.ofEpochMilli(episode.get(0).timestamp - 1000));

        pipe(episode);

        assertThat(rules()).containsExactly(Rule.SIM_TIME_BACKWARDS.id());
    }

    @Test
    void shouldReportAnActionWithoutItsState() {
        List<Event> episode = streams.episode(0);
        int action = firstIndex(episode, e -> e.topic.equals(streams.topics.actions()) && e.seq() > 5);
        episode.get(action).envelope().setStep(episode.get(action).envelope().getStep() + 1);

        pipe(episode);

        assertThat(rules()).contains(Rule.CAUSAL_ORDER.id()).doesNotContain(Rule.SEQ_GAP.id());
        assertThat(seen.get(0).getSeq()).isEqualTo(episode.get(action).seq());
    }

    @Test
    void shouldReportARewardLaterThanTheScenarioAllows() {
        Duration bound = streams.scenario.maxRewardDelay();
        assertThat(bound).as("support declares a reward delay bound").isNotNull();
        List<Event> episode = streams.episode(0);
        Event end = episode.remove(episode.size() - 1);
        // The last reward credits a recent step: the validator keeps the decision times of the last 64 steps.
        int last = lastIndex(episode, e -> e.topic.equals(streams.topics.rewards()));
        Reward late = Reward.newBuilder((Reward) episode.get(last).value).build();
        late.getEnvelope().setSeq(end.seq());
        long decided = episode.get(firstIndex(episode, e -> e.topic.equals(streams.topics.actions())
                && e.envelope().getStep() == late.getCreditedStep())).timestamp;
        long at = Math.max(decided + bound.toMillis() + 1, episode.get(episode.size() - 1).timestamp);
        late.getEnvelope().setSimTime(Instant.ofEpochMilli(at));
        end.envelope().setSeq(end.seq() + 1);
        end.envelope().setSimTime(Instant.ofEpochMilli(at));
        episode.add(new Event(streams.topics.rewards(), end.key, late, at));
        end.timestamp = at;
        episode.add(end);

        pipe(episode);

        assertThat(rules()).containsExactly(Rule.REWARD_DELAY.id());
    }

    @Test
    void shouldReportEventsBeforeTheStartAndAfterTheEnd() {
        List<Event> episode = streams.episode(0);
        Event start = episode.remove(0);
        Event end = episode.get(episode.size() - 1);
        Event after = copyWithSeq(episode.get(episode.size() - 2), end.seq() + 1);
        long past = end.timestamp + LATENESS.toMillis() + 1;
        after.timestamp = past;
        after.envelope().setSimTime(Instant.ofEpochMilli(past));
        episode.add(after);

        pipe(episode);

        assertThat(rules()).containsExactly(Rule.SEQ_GAP.id(), Rule.NOT_STARTED.id(), Rule.AFTER_END.id());
        assertThat(seen.get(0).getSeq()).isEqualTo(start.seq());
    }

    @Test
    void shouldCloseAnEpisodeThatNeverEndsAfterTheGapTimeout() {
        List<Event> episode = streams.episode(0);
        Event end = episode.remove(episode.size() - 1);
        List<Event> other = streams.episode(1);
        shift(other, end.timestamp - other.get(0).timestamp + GAP_TIMEOUT.toMillis() + 1);

        pipe(episode);
        assertThat(violations()).isEmpty();
        pipe(other);

        assertThat(rules()).containsExactly(Rule.UNFINISHED.id());
        List<EpisodeVerdict> all = verdicts();
        EpisodeVerdict unfinished = all.stream().filter(v -> v.getEpisodeId().equals(end.key)).findFirst().orElseThrow();
        assertThat(unfinished.getOutcome()).isNull();
        assertThat(unfinished.getValid()).isFalse();
        assertThat(all).filteredOn(v -> !v.getEpisodeId().equals(end.key)).singleElement()
                .satisfies(v -> assertThat(v.getValid()).isTrue());
    }

    @Test
    void aLateEventOfAnEpisodeForgottenAfterTheGapTimeoutShouldStartAStateThatALaterSweepCloses() {
        List<Event> episode = streams.episode(0);
        List<Event> later = streams.episode(1);
        shift(later, episode.get(episode.size() - 1).timestamp - later.get(0).timestamp + GAP_TIMEOUT.toMillis() + 1);
        List<Event> latest = streams.episode(2);
        shift(latest, later.get(later.size() - 1).timestamp - latest.get(0).timestamp + GAP_TIMEOUT.toMillis() + 1);
        pipe(episode);
        pipe(later); // the sweep forgets episode 0: it ended, and the gap timeout has passed since

        // A stray copy of one of its events, well past the lateness bound, starts a new state of episode 0 ...
        pipe(List.of(episode.get(5)));
        // ... which never ends: the next sweep closes it.
        pipe(latest);

        assertThat(violations()).filteredOn(v -> v.getEpisodeId().equals(episode.get(0).key))
                .extracting(Violation::getRule).contains(Rule.UNFINISHED.id());
        assertThat(verdicts()).filteredOn(v -> v.getEpisodeId().equals(episode.get(0).key))
                .extracting(EpisodeVerdict::getValid).containsExactly(true, false);
    }

    @Test
    void aGapInAnEpisodeThatWentQuietShouldBeReportedBeforeItIsClosedEvenWithinTheWallLateness() {
        // A backlog is read faster than the wall-time lateness: when stream time passes the gap timeout,
        // what the episode waits for is not on its way; its waiting events are checked, not called "after end".
        start(config().withLatenessWall(Duration.ofSeconds(2)));
        List<Event> episode = streams.episode(0);
        Event end = episode.remove(episode.size() - 1);
        int at = firstIndex(episode, e -> e.seq() > 5);
        Event lost = episode.remove(at);
        List<Event> other = streams.episode(1);
        shift(other, end.timestamp - other.get(0).timestamp + GAP_TIMEOUT.toMillis() + 1);

        pipe(episode);
        pipe(other);

        assertThat(rules()).containsExactly(Rule.SEQ_GAP.id(), Rule.UNFINISHED.id());
        assertThat(seen.get(0).getSeq()).isEqualTo(lost.seq());
    }

    @Test
    void shouldReportAnActionOutsideItsSpaceOrItsMask() {
        List<Event> episode = streams.episode(0);
        int masked = -1;
        for (int i = 0; i < episode.size() && masked < 0; i++) {
            if (episode.get(i).topic.equals(streams.topics.states())) {
                @SuppressWarnings("unchecked")
                List<Boolean> mask = (List<Boolean>) ((GenericRecord) episode.get(i).value).get("action_mask");
                int forbidden = mask.indexOf(false);
                if (forbidden >= 0 && episode.get(i + 1).topic.equals(streams.topics.actions())) {
                    masked = i + 1;
                    actionValue(episode.get(masked)).put("value", forbidden);
                }
            }
        }
        assertThat(masked).as("an episode of support has a state with a forbidden action").isPositive();
        int outside = firstIndex(episode, e -> e.topic.equals(streams.topics.actions()) && e.seq() > 20);
        actionValue(episode.get(outside)).put("value", 9999);

        pipe(episode);

        assertThat(rules()).containsExactlyInAnyOrder(Rule.ACTION_MASK.id(), Rule.ACTION_SPACE.id());
    }

    @Test
    void shouldReportAnObservationOutOfRangeOrBreakingAnInvariant() {
        List<Event> episode = streams.episode(0);
        int first = firstIndex(episode, e -> e.topic.equals(streams.topics.states()) && e.seq() > 5);
        observation(episode.get(first)).put("elapsed_minutes", -5.0);
        int second = firstIndex(episode, e -> e.topic.equals(streams.topics.states()) && e.seq() > episode.get(first).seq());
        GenericRecord observation = observation(episode.get(second));
        observation.put("agents_busy", observation.get("agents_logged_in"));

        pipe(episode);

        assertThat(rules()).containsExactly(Rule.OBSERVATION_RANGE.id(), Rule.INVARIANT.id());
        assertThat(seen.get(0).getMessage()).contains("elapsed_minutes");
        assertThat(seen.get(1).getEvidence()).containsEntry("invariant", "decider_is_idle");
    }

    @Test
    void shouldReportARewardThatIsNotTheSumOfItsComponents() {
        List<Event> episode = streams.episode(0);
        int at = firstIndex(episode, e -> e.topic.equals(streams.topics.rewards()) && !((Reward) e.value).getComponents().isEmpty());
        Reward reward = (Reward) episode.get(at).value;
        reward.setValue(reward.getValue() + 1);

        pipe(episode);

        assertThat(rules()).containsExactly(Rule.REWARD_VALUE.id());
    }

    @Test
    void shouldPassTheKeyOfARecordItCannotTakeToTheDeadLetterTopicByteForByte() {
        List<Event> episode = streams.episode(0);
        byte[] notUtf8 = {'e', 'p', (byte) 0xFF, (byte) 0xC3};
        driver.createInputTopic(streams.topics.states(), new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(notUtf8, streams.bytes(episode.get(1)), episode.get(1).timestamp);

        pipe(episode);

        List<TestRecord<byte[], byte[]>> dead = driver.createOutputTopic(streams.topics.deadLetter(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer()).readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).key()).isEqualTo(notUtf8);
        assertThat(dead.get(0).value()).isEqualTo(streams.bytes(episode.get(1)));
        assertThat(new String(dead.get(0).headers().lastHeader(EpisodeCheckProcessor.HEADER_PREFIX + "error").value(),
                StandardCharsets.UTF_8)).contains("episode_id '" + episode.get(1).key + "'");
        assertThat(onlyVerdict().getValid()).isTrue();
    }

    @Test
    void shouldSendUndecodableRecordsToTheDeadLetterTopicAndGoOn() {
        List<Event> episode = streams.episode(0);
        TestInputTopic<String, byte[]> states = inputs.get(streams.topics.states());
        states.pipeInput(episode.get(0).key, "not avro".getBytes(StandardCharsets.UTF_8), episode.get(0).timestamp);
        states.pipeInput(episode.get(0).key, new byte[] {0, 0, 0, 39, 15, 1, 2}, episode.get(0).timestamp);
        inputs.get(episode.get(0).topic).pipeInput("someone-else", streams.bytes(episode.get(0)), episode.get(0).timestamp);

        pipe(episode);

        List<TestRecord<String, byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(3);
        assertThat(header(dead.get(0), "topic")).isEqualTo(streams.topics.states());
        assertThat(header(dead.get(0), "partition")).isEqualTo("0");
        assertThat(header(dead.get(0), "offset")).isEqualTo("0");
        assertThat(header(dead.get(0), "error")).contains("magic byte");
        assertThat(header(dead.get(1), "error")).contains("schema id");
        assertThat(header(dead.get(2), "error")).contains("key 'someone-else'");
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
        assertThat(violations()).isEmpty();
        assertThat(onlyVerdict().getValid()).isTrue();
    }

    @Test
    void shouldNameEveryRuleItChecks() {
        assertThat(Rule.values()).extracting(Rule::id).doesNotHaveDuplicates()
                .allMatch(id -> id.startsWith("temporal.") || id.startsWith("constraint."));
        assertThat(EpisodeCheckProcessor.STORE).isEqualTo("episode-checks");
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void pipe(List<Event> events) {
        for (Event e : events) {
            inputs.get(e.topic).pipeInput(e.key, streams.bytes(e), e.timestamp);
        }
    }

    private List<Violation> violations() {
        List<Violation> out = new ArrayList<>();
        violations.readValuesToList().forEach(v -> out.add((Violation) v));
        seen.addAll(out);
        return out;
    }

    private List<String> rules() {
        violations();
        return seen.stream().map(Violation::getRule).toList();
    }

    private List<EpisodeVerdict> verdicts() {
        return verdicts.readValuesToList().stream().map(v -> (EpisodeVerdict) v).toList();
    }

    private EpisodeVerdict onlyVerdict() {
        List<EpisodeVerdict> all = verdicts();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private static int firstIndex(List<Event> events, Predicate<Event> test) {
        for (int i = 0; i < events.size(); i++) {
            if (test.test(events.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such event in the episode");
    }

    private static int lastIndex(List<Event> events, Predicate<Event> test) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (test.test(events.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such event in the episode");
    }

    private static void shift(List<Event> events, long millis) {
        for (Event e : events) {
            e.timestamp += millis;
            e.envelope().setSimTime(e.envelope().getSimTime().plusMillis(millis));
        }
    }

    private static Event copyWithSeq(Event event, long seq) {
        // Specific data keeps the envelope an Envelope inside a generic state record.
        Object copy = io.mdpstream.contract.EventModel.get().deepCopy(((GenericRecord) event.value).getSchema(), event.value);
        Event out = new Event(event.topic, event.key, copy, event.timestamp);
        out.envelope().setSeq(seq);
        return out;
    }

    private static GenericRecord observation(Event state) {
        return (GenericRecord) ((GenericRecord) state.value).get("observation");
    }

    private static GenericRecord actionValue(Event action) {
        return (GenericRecord) ((GenericRecord) action.value).get("action");
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(EpisodeCheckProcessor.HEADER_PREFIX + name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
