package io.mdpstream.validate.internal;

import io.mdpstream.validate.EventKind;
import org.apache.avro.generic.GenericRecord;

/**
 * One episode event, decoded, with its envelope read out.
 *
 * @param value the whole record as written (generic: the validator reads any scenario's payload)
 */
public record DecodedEvent(EventKind kind, String runId, String episodeId, String scenario, String scenarioVersion,
                           long seq, int step, long simTime, GenericRecord value) {
}
