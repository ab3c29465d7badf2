package io.mdpstream.publish.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** The publisher's Micrometer meters, named {@code mdpstream.*} and tagged with the namespace. */
public final class PublisherMetrics {

    private final MeterRegistry registry;
    private final String namespace;
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final Map<String, Counter> byTag = new ConcurrentHashMap<>();
    private final Timer decisionLatency;
    private final AtomicLong events = new AtomicLong();

    /** @param topics topics whose publish counters exist from the start, at zero until a record is sent */
    public PublisherMetrics(MeterRegistry registry, String namespace, java.util.List<String> topics) {
        this.registry = registry;
        this.namespace = namespace;
        // A scrape before the first send (or a run that publishes nothing) still shows every topic.
        topics.forEach(this::publishedCounter);
        this.decisionLatency = Timer.builder("mdpstream.agent.decision.latency")
                .description("Wall time from a state's send to the agent's action")
                .tag("namespace", namespace)
                .publishPercentiles(0.5, 0.9, 0.99)
                .publishPercentileHistogram()
                .register(registry);
    }

    /** Gauges read from the publisher when scraped. */
    public void gauges(Supplier<Number> inFlight, Supplier<Number> waiting, Supplier<Number> lagSeconds) {
        registry.gauge("mdpstream.episodes.in_flight", java.util.List.of(io.micrometer.core.instrument.Tag.of("namespace",
                namespace)), inFlight, s -> s.get().doubleValue());
        registry.gauge("mdpstream.episodes.waiting", java.util.List.of(io.micrometer.core.instrument.Tag.of("namespace",
                namespace)), waiting, s -> s.get().doubleValue());
        registry.gauge("mdpstream.schedule.lag.seconds", java.util.List.of(io.micrometer.core.instrument.Tag.of("namespace",
                namespace)), lagSeconds, s -> s.get().doubleValue());
    }

    public void published(String topic) {
        events.incrementAndGet();
        publishedCounter(topic).increment();
    }

    private Counter publishedCounter(String topic) {
        return published.computeIfAbsent(topic, t -> Counter.builder("mdpstream.events.published")
                .description("Records published, by topic").tag("namespace", namespace).tag("topic", t)
                .register(registry));
    }

    public void episodeStarted() {
        count("mdpstream.episodes.started", "episodes started", "all", "all");
    }

    public void episodeFinished(String outcome) {
        count("mdpstream.episodes.finished", "episodes finished, by outcome", "outcome", outcome);
    }

    public void decision(String source, Duration latency) {
        count("mdpstream.agent.decisions", "decisions answered from outside, by source", "source", source);
        if (latency != null) {
            decisionLatency.record(latency);
        }
    }

    public void timeout() {
        count("mdpstream.agent.timeouts", "decisions an agent missed (fallback applied)", "all", "all");
    }

    public void rejection(String code) {
        count("mdpstream.agent.rejections", "agent messages rejected, by code", "code", code);
    }

    public void fault(String kind) {
        count("mdpstream.faults.injected", "faults injected, by kind", "kind", kind);
    }

    public void committed() {
        count("mdpstream.transactions.committed", "transactions committed", "all", "all");
    }

    /** Records published so far. */
    public long events() {
        return events.get();
    }

    private void count(String name, String description, String tag, String value) {
        byTag.computeIfAbsent(name + "|" + value, k -> Counter.builder(name).description(description)
                .tag("namespace", namespace).tag(tag, value).register(registry)).increment();
    }
}
