package io.mdpstream.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdpstream.events.Envelope;
import io.mdpstream.testing.SampleEvents;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class ScenarioEventSchemasTest {

    @Test
    void shouldNameComposedRecordsAfterTheScenario() {
        assertThat(SampleEvents.SCHEMAS.state().getFullName()).isEqualTo("io.mdpstream.scenario.toy_queue.State");
        assertThat(SampleEvents.SCHEMAS.action().getFullName()).isEqualTo("io.mdpstream.scenario.toy_queue.Action");
    }

    @Test
    void shouldJoinTheTypedPayloadToTheSharedEnvelope() {
        Schema state = SampleEvents.SCHEMAS.state();

        assertThat(state.getField("envelope").schema()).isEqualTo(Envelope.getClassSchema());
        assertThat(state.getField("observation").schema()).isEqualTo(SampleEvents.OBSERVATION);
        assertThat(state.getField("observation").schema().getField("queue_length")).isNotNull();
        assertThat(state.getField("action_mask")).isNotNull();
        assertThat(SampleEvents.SCHEMAS.action().getField("action").schema()).isEqualTo(SampleEvents.ACTION);
        assertThat(SampleEvents.SCHEMAS.action().getField("probability")).isNotNull();
    }

    @Test
    void shouldKeepTheComposedSchemaParseableOnItsOwn() {
        Schema state = SampleEvents.SCHEMAS.state();

        assertThat(new Schema.Parser().parse(state.toString())).isEqualTo(state);
    }

    @Test
    void shouldRejectPayloadsThatAreNotRecords() {
        assertThatThrownBy(() -> ScenarioEventSchemas.of("x", Schema.create(Schema.Type.INT), SampleEvents.ACTION))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("observation schema must be an Avro record");
    }

    @Test
    void shouldRejectScenarioNamesThatCannotNameANamespace() {
        assertThatThrownBy(() -> ScenarioEventSchemas.namespaceOf("9lives"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'9lives'");
    }

    @Test
    void shouldRejectIllegalTopicNamespaces() {
        assertThat(new EventTopics("warehouse").states()).isEqualTo("warehouse.states");
        assertThatThrownBy(() -> new EventTopics("ware house"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ware house'");
    }
}
