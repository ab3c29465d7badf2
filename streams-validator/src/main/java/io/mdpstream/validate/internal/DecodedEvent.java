package io.mdpstream.validate.internal;

import io.mdpstream.validate.EventKind;
import org.apache.avro.generic.GenericRecord;

/**
 * One episode event, decoded, with its envelope read out.
 *
 * @param value     the whole record as written (generic: the validator reads any scenario's payload)
 * @param positions where the record's schema keeps each {@link Field} (see {@link #field}), -1 for one it lacks;
 *                  worked out once per writer's schema
 */
public record DecodedEvent(EventKind kind, String runId, String episodeId, String scenario, String scenarioVersion,
                           long seq, int step, long simTime, GenericRecord value, int[] positions) {

    /** The payload fields the checks and the statistics read, by name in the events' schemas. */
    public enum Field {
        OBSERVATION("observation"), ACTION_MASK("action_mask"), ACTION("action"), VALUE("value"),
        CREDITED_STEP("credited_step"), COMPONENTS("components"), BODY("body");

        private final String avroName;

        Field(String avroName) {
            this.avroName = avroName;
        }

        public String avroName() {
            return avroName;
        }
    }

    /** A payload field by position rather than by name (a map lookup per read); null when the record has none. */
    public Object field(Field field) {
        int at = positions[field.ordinal()];
        return at < 0 ? null : value.get(at);
    }
}
