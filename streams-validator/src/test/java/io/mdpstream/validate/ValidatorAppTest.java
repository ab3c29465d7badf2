package io.mdpstream.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The settings the validator gives Kafka Streams of its own; how they run is {@code ValidatorAppIT}'s. */
class ValidatorAppTest {

    @Test
    void theProducersShouldBatchSixtyFourKibibytesByDefault() {
        assertThat(producerBatchSize(Map.of())).isEqualTo("65536");
    }

    @Test
    void aBatchSizeTheUserSetShouldWinPlainOrPrefixed() {
        // A prefixed default would take precedence over a plain setting of the user's: none is put in then.
        assertThat(producerBatchSize(Map.of("batch.size", "16384"))).isEqualTo("16384");
        assertThat(producerBatchSize(Map.of("producer.batch.size", "1024"))).isEqualTo("1024");
    }

    /** The batch size Kafka Streams gives its producers (as set: a number or its text), from the client options as the validator passes them on. */
    private static String producerBatchSize(Map<String, Object> clientOptions) {
        Map<String, Object> client = new HashMap<>(clientOptions);
        client.put("bootstrap.servers", "localhost:9092");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "validator-test");
        ValidatorApp.putProducerDefaults(props, client);
        props.putAll(client); // after the defaults, as in ValidatorApp
        return String.valueOf(new StreamsConfig(props).getProducerConfigs("validator-test-producer").get("batch.size"));
    }
}
