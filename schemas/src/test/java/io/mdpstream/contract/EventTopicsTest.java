package io.mdpstream.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an existing topic must allow before simulated-time records go there. */
class EventTopicsTest {

    @Test
    void aTopicMadeWithTheSimulatedTimeConfigsShouldFit() {
        Map<String, String> configs = EventTopics.simulatedTimeConfigs();

        assertThat(EventTopics.simulatedTimeMisfit("ns.verdicts", configs)).isNull();
        assertThat(EventTopics.deletesSimulatedPast(configs)).isFalse();
    }

    @Test
    void aTopicWithTheBrokersDefaultLimitAheadShouldBeRefusedNamingTopicAndConfig() {
        Map<String, String> brokerDefaults = Map.of("message.timestamp.after.max.ms", "3600000", "retention.ms", "604800000");

        assertThat(EventTopics.simulatedTimeMisfit("ns.verdicts", brokerDefaults))
                .startsWith("topic ns.verdicts exists with message.timestamp.after.max.ms=3600000")
                .contains("--add-config message.timestamp.after.max.ms=" + Long.MAX_VALUE);
        assertThat(EventTopics.deletesSimulatedPast(brokerDefaults)).isTrue();
    }

    @Test
    void aLimitOfAYearOrMoreAheadShouldFit() {
        long year = java.time.Duration.ofDays(365).toMillis();

        assertThat(EventTopics.simulatedTimeMisfit("t", Map.of("message.timestamp.after.max.ms", Long.toString(year)))).isNull();
        assertThat(EventTopics.simulatedTimeMisfit("t", Map.of("message.timestamp.after.max.ms", Long.toString(year - 1)))).isNotNull();
    }
}
