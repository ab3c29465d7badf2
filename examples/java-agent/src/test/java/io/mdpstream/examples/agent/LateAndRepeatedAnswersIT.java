package io.mdpstream.examples.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mdpstream.examples.agent.AgentLoop.Record;
import io.mdpstream.examples.agent.ScriptedAgent.Answer;
import io.mdpstream.publish.EpisodePublisher;
import io.mdpstream.testkit.KafkaStack;
import io.mdpstream.testkit.WithKafkaStack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Answers that come too late or twice are told apart from stray ones, however far the episode has
 * moved on, and even after it ended: LATE after a fallback, DUPLICATE after an answer. Episodes run
 * one after another (one lane), so the first episode's late or repeated answers arrive while the
 * next one is still running.
 */
@WithKafkaStack
class LateAndRepeatedAnswersIT {

    @Test
    void everyLateAnswerShouldBeRejectedAsLateIncludingOneToAnEpisodesLastDecision(KafkaStack stack) throws Exception {
        String ns = stack.uniqueName("late");
        AgentLoop.createStatesTopic(stack, ns);
        EpisodePublisher.Summary summary;
        // Episode 0 is answered 0.4 s after each state, past the 0.3 s deadline; the others not at all.
        try (ScriptedAgent agent = new ScriptedAgent(stack, ns, (episode, step, mask) -> index(episode) == 0
                ? List.of(new Answer(400, step, FirstValidAgent.choose(null, mask))) : List.of())) {
            summary = AgentLoop.publisher(AgentLoop.options(stack, ns, 4, 1, Duration.ofMillis(300), 3),
                    new SimpleMeterRegistry()).run();
        }

        List<Record> errors = AgentLoop.errors(stack, ns);
        assertThat(summary.complete()).isTrue();
        assertThat(summary.agentTimeouts()).isEqualTo(4 * 3);
        assertThat(errors).extracting(e -> index(e.key()), e -> e.value().get("step"), e -> e.field("code"))
                .containsExactlyInAnyOrder(tuple(0L, 0, "LATE"), tuple(0L, 1, "LATE"), tuple(0L, 2, "LATE"));
    }

    @Test
    void aRepeatedAnswerAfterTheEpisodeEndedShouldBeADuplicateAndANegativeStepAWrongOne(KafkaStack stack)
            throws Exception {
        String ns = stack.uniqueName("repeat");
        AgentLoop.createStatesTopic(stack, ns);
        EpisodePublisher.Summary summary;
        // Episode 0: step -1 before the first answer, and its last answer again 0.3 s later, when it has ended.
        // Episode 1 is left to the fallback, which keeps the run going for 3 s.
        ScriptedAgent.Script script = (episode, step, mask) -> {
            int choice = FirstValidAgent.choose(null, mask);
            if (index(episode) != 0) {
                return List.of();
            }
            return step == 0 ? List.of(new Answer(0, -1, choice), new Answer(0, 0, choice))
                    : step == 2 ? List.of(new Answer(0, 2, choice), new Answer(300, 2, choice))
                    : List.of(new Answer(0, step, choice));
        };
        try (ScriptedAgent agent = new ScriptedAgent(stack, ns, script)) {
            summary = AgentLoop.publisher(AgentLoop.options(stack, ns, 2, 1, Duration.ofSeconds(1), 3),
                    new SimpleMeterRegistry()).run();
        }

        assertThat(summary.complete()).isTrue();
        assertThat(summary.agentDecisions()).isEqualTo(3);
        assertThat(summary.agentTimeouts()).isEqualTo(3);
        assertThat(AgentLoop.errors(stack, ns)).extracting(e -> index(e.key()), e -> e.value().get("step"), e -> e.field("code"))
                .containsExactlyInAnyOrder(tuple(0L, -1, "WRONG_STEP"), tuple(0L, 2, "DUPLICATE"));
        assertThat(AgentLoop.countBy(AgentLoop.actions(stack, ns), a -> index(a.episodeId()) + " " + a.field("source")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("0 EXTERNAL_AGENT", 3L, "1 FALLBACK", 3L));
    }

    /** The episode's index in the run: the number at the end of its id. */
    private static long index(String episodeId) {
        return Long.parseLong(episodeId.substring(episodeId.lastIndexOf('-') + 1));
    }
}
