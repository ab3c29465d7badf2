package io.mdpstream.sim.space;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * How an action travels in Avro: a dict action is its own {@code ActionPayload} record with named
 * fields; any other action is wrapped in an {@code ActionPayload} record with one field,
 * {@code value}, so every action payload is a record. The publisher writes it, agents and the stream
 * validator read it back through here.
 */
public final class ActionPayload {

    private ActionPayload() {
    }

    /** The payload record's schema for an action space. */
    public static Schema schema(Space actionSpace, String namespace) {
        if (actionSpace instanceof Dict) {
            return actionSpace.avroSchema("ActionPayload", namespace);
        }
        return Schema.createRecord("ActionPayload", "The action, as a single value", namespace, false,
                List.of(new Schema.Field("value", actionSpace.avroSchema("ActionValue", namespace), null)));
    }

    /** The payload record of an action value; {@code schema} comes from {@link #schema}. */
    public static GenericRecord toAvro(Space actionSpace, Object action, Schema schema) {
        if (actionSpace instanceof Dict) {
            return (GenericRecord) actionSpace.toAvro(action, schema);
        }
        GenericData.Record record = new GenericData.Record(schema);
        record.put("value", actionSpace.toAvro(action, schema.getField("value").schema()));
        return record;
    }

    /**
     * The action value a payload stands for.
     *
     * @throws IllegalArgumentException when it does not fit the action space's shape
     */
    public static Object fromAvro(Space actionSpace, Object payload) {
        if (actionSpace instanceof Dict) {
            return actionSpace.fromAvro(payload);
        }
        if (!(payload instanceof GenericRecord record) || record.getSchema().getField("value") == null) {
            throw new IllegalArgumentException("expected an ActionPayload record with a 'value' field");
        }
        return actionSpace.fromAvro(record.get("value"));
    }
}
