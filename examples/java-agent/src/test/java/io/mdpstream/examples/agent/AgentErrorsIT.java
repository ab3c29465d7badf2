package io.mdpstream.examples.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mdpstream.examples.agent.AgentLoop.Record;
import io.mdpstream.examples.agent.ScriptedAgent.Send;
import io.mdpstream.publish.EpisodePublisher;
import io.mdpstream.testkit.KafkaStack;
import io.mdpstream.testkit.WithKafkaStack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Whatever an agent sends, the run goes on, and each message that is not applied lands on
 * {@code <ns>.agent-errors} with its code. Late and repeated answers are told apart from stray ones
 * however far the episode has moved on, and even after it ended: LATE after a fallback, DUPLICATE
 * after an answer. Episodes run one after another (one lane), so the first episode's late or repeated
 * answers arrive while the next one is still running. No Python needed: a scripted agent in Java.
 */
@WithKafkaStack
class AgentErrorsIT {

    @Test
    void everyKindOfBadMessageShouldBeRejectedWithItsCodeWhileTheRunGoesOn(KafkaStack stack) throws Exception {
        String ns = stack.uniqueName("bad");
        AgentLoop.createStatesTopic(stack, ns);
        List<String> expected = new CopyOnWriteArrayList<>();
        EpisodePublisher.Summary summary;
        try (AgentMessages messages = new AgentMessages(stack, ns);
             ScriptedAgent agent = new ScriptedAgent(stack, ns, (episode, step, mask) -> {
                 int choice = FirstValidAgent.choose(null, mask);
                 List<Send> sends = new ArrayList<>();
                 if (step == 0) {
                     sends.add(new Send(0, episode, "not Avro".getBytes(StandardCharsets.UTF_8)));
                     sends.add(new Send(0, episode, messages.notAnAction()));
                     sends.add(new Send(0, episode, messages.answer(episode, 0, mask.size())));
                     sends.add(new Send(0, episode, messages.answer(episode, 5, choice)));
                     sends.add(new Send(0, "nobody", messages.answer("nobody", 0, choice)));
                     expected.addAll(List.of("MALFORMED", "MALFORMED", "INVALID_ACTION", "WRONG_STEP", "UNKNOWN_EPISODE"));
                     int masked = mask.indexOf(Boolean.FALSE);
                     if (masked >= 0) {
                         sends.add(new Send(0, episode, messages.answer(episode, 0, masked)));
                         expected.add("INVALID_ACTION masked");
                     }
                 }
                 sends.add(new Send(0, episode, messages.answer(episode, step, choice)));
                 if (step == 0) { // not at the last step: the run ends as soon as it is answered
                     sends.add(new Send(0, episode, messages.answer(episode, step, choice)));
                     expected.add("DUPLICATE");
                 }
                 return sends;
             })) {
            summary = AgentLoop.publisher(AgentLoop.options(stack, ns, 1, 1, Duration.ofSeconds(10), 2),
                    new SimpleMeterRegistry()).run();
        }

        List<Record> errors = AgentLoop.errors(stack, ns);
        assertThat(summary.complete()).isTrue();
        assertThat(summary.agentDecisions()).isEqualTo(2);
        assertThat(summary.agentTimeouts()).isZero();
        assertThat(errors).extracting(e -> e.field("code") + (e.field("reason").contains("masked out") ? " masked" : ""))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(AgentLoop.countBy(AgentLoop.actions(stack, ns), a -> a.field("source")))
                .containsExactlyEntriesOf(Map.of("EXTERNAL_AGENT", 2L));
    }

    @Test
    void everyLateAnswerShouldBeRejectedAsLateIncludingOneToAnEpisodesLastDecision(KafkaStack stack) throws Exception {
        String ns = stack.uniqueName("late");
        AgentLoop.createStatesTopic(stack, ns);
        EpisodePublisher.Summary summary;
        // Episode 0 is answered 0.4 s after each state, past the 0.3 s deadline; the others not at all.
        try (AgentMessages messages = new AgentMessages(stack, ns);
             ScriptedAgent agent = new ScriptedAgent(stack, ns, (episode, step, mask) -> index(episode) == 0
                     ? List.of(new Send(400, episode, messages.answer(episode, step, FirstValidAgent.choose(null, mask))))
                     : List.of())) {
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
        try (AgentMessages messages = new AgentMessages(stack, ns);
             ScriptedAgent agent = new ScriptedAgent(stack, ns, (episode, step, mask) -> {
                 byte[] answer = messages.answer(episode, step, FirstValidAgent.choose(null, mask));
                 if (index(episode) != 0) {
                     return List.of();
                 }
                 return step == 0 ? List.of(new Send(0, episode, messages.answer(episode, -1, 0)), new Send(0, episode, answer))
                         : step == 2 ? List.of(new Send(0, episode, answer), new Send(300, episode, answer))
                         : List.of(new Send(0, episode, answer));
             })) {
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
