package io.mdpstream.sim.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdpstream.sim.space.Dict;
import io.mdpstream.sim.space.Discrete;
import io.mdpstream.sim.space.MultiDiscrete;
import io.mdpstream.sim.spi.Decision;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PoliciesTest {

    private static final Decision DECISION = new Decision(0, 0, Map.of(), new boolean[] {true, false, true, true});
    private static final ScoredPolicy SCORED = new ScoredPolicy() {
        @Override
        public PolicyId id() {
            return new PolicyId("h", "1");
        }

        @Override
        public List<ScoredAction> candidates(Decision decision) {
            return List.of(new ScoredAction(0, 1.0), new ScoredAction(2, 3.0), new ScoredAction(3, 2.0));
        }
    };

    @Test
    void scoredPolicyShouldTakeTheBestCandidateWithCertainty() {
        ActionChoice choice = SCORED.choose(DECISION, new SplittableRandom(1));

        assertThat(choice).isEqualTo(new ActionChoice(2, 1.0));
    }

    @Test
    void softmaxShouldChooseInProportionToItsRecordedProbabilities() {
        SoftmaxPolicy softmax = new SoftmaxPolicy(SCORED, 1.0);
        SplittableRandom random = new SplittableRandom(2);
        Map<Object, Integer> counts = new HashMap<>();
        Map<Object, Double> probabilities = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            ActionChoice choice = softmax.choose(DECISION, random);
            counts.merge(choice.action(), 1, Integer::sum);
            probabilities.put(choice.action(), choice.probability());
        }

        double z = Math.exp(1) + Math.exp(3) + Math.exp(2);
        assertThat(probabilities.get(2)).isCloseTo(Math.exp(3) / z, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(probabilities.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        for (Object action : counts.keySet()) {
            assertThat(counts.get(action) / 100_000.0).isCloseTo(probabilities.get(action), org.assertj.core.data.Offset.offset(0.01));
        }
        assertThat(softmax.id().id()).isEqualTo("softmax(h,t=1.0)");
    }

    @Test
    void epsilonGreedyShouldRecordTheMixtureProbability() {
        EpsilonGreedyPolicy epsilon = new EpsilonGreedyPolicy(SCORED, 0.3);
        SplittableRandom random = new SplittableRandom(3);
        Map<Object, Integer> counts = new HashMap<>();
        Map<Object, Double> probabilities = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            ActionChoice choice = epsilon.choose(DECISION, random);
            counts.merge(choice.action(), 1, Integer::sum);
            probabilities.put(choice.action(), choice.probability());
        }

        assertThat(probabilities.get(2)).isCloseTo(0.7 + 0.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(probabilities.get(0)).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(counts.get(2) / 100_000.0).isCloseTo(0.8, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void randomPolicyShouldDrawOnlyUnmaskedChoicesUniformly() {
        RandomPolicy random = new RandomPolicy(Dict.builder().add("a", new Discrete(4)).add("b", new Discrete(2)).build(), "1");
        Decision decision = new Decision(0, 0, Map.of(), new boolean[] {true, false, true, true, false, true});
        SplittableRandom stream = new SplittableRandom(4);
        for (int i = 0; i < 1000; i++) {
            ActionChoice choice = random.choose(decision, stream);
            Map<?, ?> action = (Map<?, ?>) choice.action();
            assertThat(action.get("a")).isNotEqualTo(1);
            assertThat(action.get("b")).isEqualTo(1);
            assertThat(choice.probability()).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void probabilityOfAnActionShouldBeWhatChooseRecordsForItAndSumToOne() {
        MultiDiscrete space = new MultiDiscrete(4, 2);
        Decision masked = new Decision(0, 0, Map.of(), new boolean[] {true, false, true, true, false, true});
        List<Policy> policies = List.of(SCORED, new SoftmaxPolicy(SCORED, 0.7), new EpsilonGreedyPolicy(SCORED, 0.3));
        for (Policy policy : policies) {
            SplittableRandom random = new SplittableRandom(5);
            for (int i = 0; i < 200; i++) {
                ActionChoice choice = policy.choose(DECISION, random);
                assertThat(policy.probability(DECISION, choice.action())).as(policy.id().id()).isEqualTo(choice.probability());
            }
            double total = 0;
            for (int action = 0; action < 4; action++) {
                total += policy.probability(DECISION, action);
            }
            assertThat(total).as(policy.id().id()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(policy.probability(DECISION, 1)).as("a choice no candidate offers").isZero();
        }
        RandomPolicy uniform = new RandomPolicy(space, "1");
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < 200; i++) {
            ActionChoice choice = uniform.choose(masked, random);
            assertThat(uniform.probability(masked, choice.action())).isEqualTo(choice.probability());
        }
        assertThat(uniform.probability(masked, new int[] {2, 1})).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(uniform.probability(masked, new int[] {1, 1})).as("masked out").isZero();
        assertThat(uniform.probability(masked, new int[] {2, 0})).as("masked out").isZero();
        assertThat(uniform.probability(masked, 3)).as("not an action of the space").isZero();
    }

    @Test
    void actionValuesShouldCompareMapsOfArraysByContent() {
        assertThat(ActionValues.equal(Map.of("a", new int[] {1, 2}, "b", 3), Map.of("b", 3, "a", new int[] {1, 2}))).isTrue();
        assertThat(ActionValues.equal(Map.of("a", new int[] {1, 2}), Map.of("a", new int[] {1, 3}))).isFalse();
        assertThat(ActionValues.equal(new long[] {4}, new long[] {4})).isTrue();
        assertThat(ActionValues.equal(2, 3)).isFalse();
    }

    @Test
    void shouldRefuseNonsenseSettings() {
        assertThatThrownBy(() -> new SoftmaxPolicy(SCORED, 0)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> new EpsilonGreedyPolicy(SCORED, 1.5)).hasMessageContaining("[0, 1]");
    }
}
