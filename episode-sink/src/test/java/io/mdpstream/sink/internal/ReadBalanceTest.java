package io.mdpstream.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReadBalanceTest {

    private final TopicPartition states = new TopicPartition("ns.states", 0);
    private final TopicPartition rewards = new TopicPartition("ns.rewards", 0);
    private final TopicPartition otherRewards = new TopicPartition("ns.rewards", 1);
    private final List<TopicPartition> all = List.of(states, rewards, otherRewards);
    private final ReadBalance balance = new ReadBalance();

    @Test
    void shouldPauseWhatIsAheadOfAPartitionWithTheSameNumberThatHasMoreToRead() {
        balance.read(states, 1_000);
        balance.read(rewards, 9_000);
        balance.read(otherRewards, 50_000);

        assertThat(balance.ahead(all, p -> 10)).containsExactly(rewards);
    }

    @Test
    void shouldNotHoldBackForAPartitionReadToItsEndOrOfUnknownLag() {
        balance.read(states, 1_000);
        balance.read(rewards, 9_000);

        assertThat(balance.ahead(all, Map.of(states, 0L, rewards, 10L, otherRewards, 10L)::get)).isEmpty();
        assertThat(balance.ahead(all, p -> p.equals(states) ? -1 : 10)).isEmpty();
    }

    @Test
    void aPartitionNotReadYetShouldBeReadFirst() {
        balance.read(rewards, 9_000);

        assertThat(balance.ahead(all, p -> 10)).containsExactly(rewards);
    }

    @Test
    void shouldNeverPauseTheSlowestSoReadingGoesOn() {
        balance.read(states, 5_000);
        balance.read(rewards, 5_000);

        assertThat(balance.ahead(all, p -> 10)).isEmpty();
    }

    @Test
    void aForgottenPartitionShouldCountAsNotReadYet() {
        balance.read(states, 1_000);
        balance.read(rewards, 9_000);

        balance.forget(List.of(states));

        assertThat(balance.ahead(List.of(rewards), p -> 10)).isEmpty();
        assertThat(balance.ahead(all, p -> 10)).containsExactly(rewards);
    }
}
