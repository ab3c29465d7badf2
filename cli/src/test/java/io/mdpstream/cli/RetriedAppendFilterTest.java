package io.mdpstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;

class RetriedAppendFilterTest {

    private final LoggerContext context = new LoggerContext();
    private final RetriedAppendFilter filter = new RetriedAppendFilter();

    private LoggingEvent event(String logger, Throwable thrown) {
        Logger log = context.getLogger(logger);
        return new LoggingEvent(Logger.class.getName(), log, Level.ERROR, "Error processing append operation", thrown, null);
    }

    @Test
    void shouldDropOnlyTheBrokersRetriedFirstBatchOfATransactionsV2Producer() {
        OutOfOrderSequenceException retried = new OutOfOrderSequenceException("Invalid sequence number for producer 1 at offset 6 in "
                + "partition x-1: 94 (incoming seq. number). Expected sequence 0 for transactions v2 idempotent producer with no existing state.");
        OutOfOrderSequenceException other = new OutOfOrderSequenceException("Out of order sequence number for producer 1: 51, 49");

        assertThat(filter.decide(event("kafka.server.ReplicaManager", retried))).isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(event("kafka.server.ReplicaManager", other))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(event("kafka.server.ReplicaManager", new IllegalStateException("disk full")))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(event("io.mdpstream.sink.EpisodeSink", retried))).isEqualTo(FilterReply.NEUTRAL);
    }
}
