package io.mdpstream.replay.internal;

import io.mdpstream.validate.EventKind;

/**
 * One stored event as replay handles it: a row of the dataset's events table.
 *
 * @param timestamp record timestamp (simulated time, ms)
 * @param schemaId  registry id of the writer schema in the source dataset
 * @param body      Avro binary value without the Confluent wire header
 */
public record RecordedEvent(String episodeId, EventKind kind, long seq, long timestamp, int schemaId, byte[] body) {

    /** The same event with another timestamp and body (a perturbation). */
    public RecordedEvent with(long newTimestamp, byte[] newBody) {
        return new RecordedEvent(episodeId, kind, seq, newTimestamp, schemaId, newBody);
    }
}
