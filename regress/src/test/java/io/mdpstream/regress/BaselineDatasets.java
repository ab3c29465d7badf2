package io.mdpstream.regress;

import io.mdpstream.publish.EpisodePublisher;
import io.mdpstream.publish.FaultSpec;
import io.mdpstream.publish.PublishOptions;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.sink.EpisodeSink;
import io.mdpstream.sink.SinkConfig;
import io.mdpstream.testkit.KafkaStack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Baselines made the way users make them: a run published by the real publisher, stored by the real sink. */
final class BaselineDatasets {

    static final Instant EPOCH = Instant.parse("2026-03-02T06:00:00Z");

    private BaselineDatasets() {
    }

    /** Publishes {@code episodes} of {@code scenario} with {@code policy} and stores them, unvalidated, in {@code dir}. */
    static Path publishAndStore(KafkaStack stack, Path dir, String scenarioName, String policy, long episodes, String format) {
        return publishAndStore(stack, dir, scenarioName, policy, episodes, format, 1_000_000);
    }

    /** As above, each episode truncated after {@code maxSteps} decisions. */
    static Path publishAndStore(KafkaStack stack, Path dir, String scenarioName, String policy, long episodes, String format,
                                int maxSteps) {
        String namespace = stack.uniqueName(scenarioName);
        Scenario scenario = Scenarios.named(scenarioName);
        PublishOptions options = new PublishOptions(namespace, "base1", 11, policy, EPOCH, episodes, 8, 1, 0,
                Double.POSITIVE_INFINITY, 0, null, 3, (short) 1, Duration.ofMillis(100), Duration.ofSeconds(5), false,
                FaultSpec.NONE, maxSteps, stack.clientProperties());
        EpisodePublisher.Summary published = new EpisodePublisher(scenario, Scenarios.parameters(scenario, null), options,
                new SimpleMeterRegistry()).run();
        if (!published.complete()) {
            throw new IllegalStateException("run did not complete: " + published);
        }
        SinkConfig sink = SinkConfig.from(Map.of(SinkConfig.NAMESPACE_CONFIG, namespace, SinkConfig.OUTPUT_DIR_CONFIG, dir.toString(),
                SinkConfig.FORMAT_CONFIG, format, SinkConfig.VERDICTS_CONFIG, "ignore", SinkConfig.FLUSH_INTERVAL_CONFIG, 200,
                SinkConfig.STOP_WHEN_IDLE_CONFIG, 2_000));
        EpisodeSink.Summary stored = new EpisodeSink(sink, stack.clientProperties()).run();
        if (stored.episodes() != episodes) {
            throw new IllegalStateException("stored " + stored.episodes() + " of " + episodes + " episodes: " + stored);
        }
        return dir;
    }
}
