package io.mdpstream.sink.internal;

import io.mdpstream.validate.EventKind;

/**
 * One event of an open episode as it came from Kafka: its value still in Confluent's wire format,
 * so it costs little memory, spills to disk as it is, and is decoded once, when the episode is written.
 *
 * @param offset    the record's offset in its topic-partition
 * @param timestamp the record's timestamp (the event's simulated time, ms), kept so replay can restore it
 * @param value     magic byte, schema id and Avro body
 */
public record BufferedEvent(EventKind kind, long seq, int step, long offset, long timestamp, byte[] value) {

    /** What an event is taken to cost in memory: its bytes and the objects around them. */
    public long footprint() {
        return value.length + 96L;
    }
}
