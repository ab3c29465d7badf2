package io.mdpstream.examples.agent;

import io.mdpstream.registry.CachingSchemaRegistryClient;
import io.mdpstream.registry.RegistryClientConfig;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.serde.AvroSerializer;
import io.mdpstream.testkit.KafkaStack;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Values an agent may put on {@code <ns>.agent-actions}, good and bad, in Confluent's wire format. */
final class AgentMessages implements AutoCloseable {

    private static final Schema NOT_AN_ACTION = SchemaBuilder.record("NotAnAction").namespace("test.garbage").fields()
            .requiredString("note").endRecord();

    private final SchemaRegistryClient registry;
    private final AvroSerializer<Object> serializer;
    private final String actionsTopic;

    AgentMessages(KafkaStack stack, String namespace) {
        this.actionsTopic = namespace + ".agent-actions";
        this.registry = CachingSchemaRegistryClient.connect(RegistryClientConfig.from(stack.clientProperties()));
        this.serializer = new AvroSerializer<>(registry);
    }

    /** An AgentAction with the schema the run registered (so only once the run has started). */
    byte[] answer(String episodeId, int step, int choice) {
        Schema schema = registry.latest(actionsTopic + "-value").schema();
        GenericRecord action = new GenericData.Record(schema.getField("action").schema());
        action.put("value", choice);
        GenericRecord value = new GenericData.Record(schema);
        value.put("episode_id", episodeId);
        value.put("step", step);
        value.put("action", action);
        value.put("agent_id", "scripted");
        return serializer.serialize(actionsTopic, value);
    }

    /** A well-formed Avro value whose record is not an AgentAction, registered under a subject of its own. */
    byte[] notAnAction() {
        GenericRecord value = new GenericData.Record(NOT_AN_ACTION);
        value.put("note", "not an action");
        return serializer.serialize(actionsTopic + "-garbage", value);
    }

    @Override
    public void close() {
        serializer.close();
        registry.close();
    }
}
