package io.mdpstream.validate.internal;

/**
 * A task that is due once per interval of stream time, asked after each record: what a
 * stream-time punctuator does, without Kafka Streams counting it as one (see
 * {@link EpisodeCheckProcessor}). Due at the first record, then once stream time has moved an
 * interval past the last run; stream time only moves forward, so a jump of many intervals makes
 * one run, not one per interval. Not kept across restarts: the first record after one runs it.
 */
final class StreamTimeSchedule {

    private final long interval;
    private long next = Long.MIN_VALUE;

    StreamTimeSchedule(long interval) {
        if (interval <= 0) {
            throw new IllegalArgumentException("interval must be > 0 ms, was " + interval);
        }
        this.interval = interval;
    }

    /** Whether the task is due at this stream time; if so, the next run is an interval later. */
    boolean due(long streamTime) {
        if (streamTime < next) {
            return false;
        }
        next = streamTime + interval;
        return true;
    }
}
