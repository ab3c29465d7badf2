package io.mdpstream.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Keeps one broker message of the embedded stack off the console: with transactions v2 the broker
 * rejects a producer's first batch in a partition when its sequence is not 0 and logs it at ERROR,
 * although the producer retries it and nothing is lost (KAFKA-18202: "Expected sequence 0 for
 * transactions v2 idempotent producer with no existing state"). Every other broker error shows.
 */
public final class RetriedAppendFilter extends Filter<ILoggingEvent> {

    @Override
    public FilterReply decide(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        if (event.getLoggerName().equals("kafka.server.ReplicaManager") && thrown != null
                && thrown.getClassName().equals("org.apache.kafka.common.errors.OutOfOrderSequenceException")
                && thrown.getMessage() != null && thrown.getMessage().contains("with no existing state")) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
