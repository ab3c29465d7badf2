package io.mdpstream.sim.scenarios.support;

import static io.mdpstream.sim.scenarios.support.SupportLayout.HOLD;
import static io.mdpstream.sim.scenarios.support.SupportLayout.QUEUE_COUNT;
import static io.mdpstream.sim.scenarios.support.SupportLayout.queue;
import static io.mdpstream.sim.scenarios.support.SupportLayout.serve;
import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.sim.policy.ScoredPolicy;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.spi.Decision;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SupportPolicyTest {

    private static final int BILLING = 0;
    private static final int TECHNICAL = 1;
    private static final int ACCOUNT = 2;
    private static final int P1 = 0;
    private static final int P2 = 1;
    private static final int P3 = 2;

    private final ScoredPolicy heuristic = SupportRuns.SCENARIO.heuristic();

    /** A decision for an agent with {@code levels}, with the given queues waiting for {@code waits} seconds. */
    private static Decision decision(long[] levels, Map<Integer, Double> waits) {
        long[] length = new long[QUEUE_COUNT];
        double[] wait = new double[QUEUE_COUNT];
        boolean[] mask = new boolean[SupportLayout.ACTION_COUNT];
        mask[HOLD] = true;
        waits.forEach((q, w) -> {
            length[q] = 1;
            wait[q] = w;
            mask[serve(q)] = levels[SupportLayout.skillOf(q)] > 0;
        });
        Map<String, Object> observation = new LinkedHashMap<>();
        observation.put("agent_skill_level", levels);
        observation.put("queue_length", length);
        observation.put("oldest_wait_seconds", wait);
        return new Decision(0, 0, observation, mask);
    }

    private Object choice(Decision decision) {
        return heuristic.choose(decision, new SplittableRandom(1)).action();
    }

    @Test
    void shouldServeAFreshUrgentTicketBeforeAnOlderLowPriorityOne() {
        Decision decision = decision(new long[] {2, 2, 2}, Map.of(queue(BILLING, P3), 600.0, queue(BILLING, P1), 10.0));

        assertThat(choice(decision)).isEqualTo(serve(queue(BILLING, P1)));
    }

    @Test
    void shouldServeALongNeglectedLowPriorityQueueBeforeAFreshStandardOne() {
        Decision decision = decision(new long[] {2, 2, 2}, Map.of(queue(ACCOUNT, P3), 3600.0, queue(ACCOUNT, P2), 0.0));

        assertThat(choice(decision)).isEqualTo(serve(queue(ACCOUNT, P3)));
    }

    @Test
    void shouldPreferTheAgentsSpecialityAtEqualPriority() {
        Decision decision = decision(new long[] {2, 1, 0}, Map.of(queue(TECHNICAL, P2), 30.0, queue(BILLING, P2), 30.0));

        assertThat(choice(decision)).isEqualTo(serve(queue(BILLING, P2)));
    }

    @Test
    void shouldNeverHoldWhileServableWorkWaits() {
        Decision decision = decision(new long[] {0, 1, 0}, Map.of(queue(TECHNICAL, P3), 0.0, queue(BILLING, P1), 500.0));

        assertThat(choice(decision)).isEqualTo(serve(queue(TECHNICAL, P3)));
    }

    @Test
    void shouldFallBackToTheMostUrgentQueueWithinTheAgentsSpeciality() {
        Decision decision = decision(new long[] {1, 2, 0},
                Map.of(queue(BILLING, P1), 0.0, queue(TECHNICAL, P1), 0.0, queue(TECHNICAL, P3), 900.0));

        assertThat(SupportRuns.SCENARIO.fallbackAction(decision)).isEqualTo(serve(queue(TECHNICAL, P1)));
    }

    @Test
    void shouldFallBackToHoldWhenNothingIsServable() {
        Decision decision = decision(new long[] {2, 0, 0}, Map.of(queue(ACCOUNT, P1), 0.0));

        assertThat(SupportRuns.SCENARIO.fallbackAction(decision)).isEqualTo(HOLD);
    }

    @Test
    void shouldOfferOnlyValidCandidatesAtEveryDecisionOfAnEpisode() {
        var runner = SupportRuns.runner(Scenarios.parameters(SupportRuns.SCENARIO, null), "random", SupportRuns.MONDAY_6AM);

        for (var state : SupportRuns.run(runner, 1).states()) {
            Decision decision = new Decision(state.step(), state.time(), state.observation(), state.mask());
            assertThat(heuristic.candidates(decision)).isNotEmpty()
                    .allMatch(c -> decision.allowed((Integer) c.action()));
            assertThat(decision.allowed((Integer) SupportRuns.SCENARIO.fallbackAction(decision))).isTrue();
        }
    }
}
