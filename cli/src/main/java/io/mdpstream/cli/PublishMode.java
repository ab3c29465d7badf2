package io.mdpstream.cli;

import io.mdpstream.embedded.EmbeddedStack;
import io.mdpstream.publish.EpisodePublisher;
import io.mdpstream.publish.FaultSpec;
import io.mdpstream.publish.MetricsServer;
import io.mdpstream.publish.PublishOptions;
import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.spi.Scenario;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code mdpstream simulate} without {@code --out}: publishes the run to Kafka, embedded or not. */
final class PublishMode {

    private PublishMode() {
    }

    static int run(SimulateCommand cmd, Scenario scenario, ParameterSet parameters, Instant epoch, PrintWriter out) {
        long episodes = cmd.continuous ? Long.MAX_VALUE : cmd.episodes;
        int instance = instance(cmd.instance);
        // Checked before a broker starts: a bad option costs nothing.
        cmd.kafka.check();
        options(cmd, scenario, epoch, episodes, instance, Map.of("bootstrap.servers", "check:0", "schema.registry.url", "http://check:0"));
        try (KafkaOptions.Connection kafkaAt = cmd.kafka.connect(out, cmd.dataDir, "")) {
            PublishOptions options = options(cmd, scenario, epoch, episodes, instance,
                    cmd.kafka.clientProperties(kafkaAt.bootstrapServers(), kafkaAt.schemaRegistry()));
            return publish(cmd, scenario, parameters, options, out, kafkaAt.embedded());
        }
    }

    private static int publish(SimulateCommand cmd, Scenario scenario, ParameterSet parameters, PublishOptions options,
                               PrintWriter out, EmbeddedStack stack) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        EpisodePublisher publisher = new EpisodePublisher(scenario, parameters, options, registry);
        MetricsServer metrics = cmd.metricsPort < 0 ? null : new MetricsServer("0.0.0.0", cmd.metricsPort, registry,
                () -> json(publisher.status()));
        CountDownLatch done = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            publisher.stop();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mdpstream-simulate-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        if (metrics != null) {
            out.println("  metrics            http://localhost:" + metrics.port() + "/metrics  (health: /health)");
        }
        out.printf(Locale.ROOT, "Publishing %s to %s.* (run %s, instance %d of %d, %s, speed %s)%n", scenario.name(),
                options.namespace(), options.runId(), options.instance(), options.instances(),
                options.episodes() == Long.MAX_VALUE ? "continuous" : options.episodes() + " episodes",
                Double.isFinite(options.speed()) ? options.speed() + "x" : "max");
        out.flush();
        Progress progress = new Progress(System.err, "publish " + options.namespace(), "episodes",
                options.episodes() == Long.MAX_VALUE ? 0 : (options.episodes() + options.instances() - 1) / options.instances(),
                !cmd.noProgress);
        Thread reporter = new Thread(() -> {
            long shown = 0;
            while (!Thread.currentThread().isInterrupted()) {
                long now = ((Number) publisher.status().get("episodes_finished")).longValue();
                progress.advance(now - shown);
                shown = now;
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "mdpstream-progress");
        reporter.setDaemon(true);
        reporter.start();
        EpisodePublisher.Summary summary;
        try {
            summary = publisher.run();
        } finally {
            reporter.interrupt();
            done.countDown();
            if (metrics != null) {
                metrics.close();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and waits for this to return.
        }
        progress.finish();
        out.printf(Locale.ROOT, "%s%,d episodes started, %,d finished, %,d records in %.1f s (%,.0f records/s); epoch %s%s%n",
                summary.resumed() ? "resumed: " : "", summary.episodesStarted(), summary.episodesFinished(), summary.events(),
                summary.elapsed().toMillis() / 1000.0, summary.events() / Math.max(summary.elapsed().toMillis() / 1000.0, 1e-3),
                summary.epoch(), summary.complete() ? "" : " (stopped; run the same command again to resume)");
        if (options.externalAgent()) {
            out.printf(Locale.ROOT, "agent: %,d decisions answered, %,d timeouts (fallback applied), %,d messages rejected -> %s%n",
                    summary.agentDecisions(), summary.agentTimeouts(), summary.agentRejections(), options.topics().agentErrors());
        }
        if (summary.faults() > 0) {
            out.printf(Locale.ROOT, "faults: %,d injected, logged in %s%n", summary.faults(), options.topics().faultLog());
        }
        if (stack != null && cmd.keepStack) {
            out.println("The embedded stack stays up for consumers; press Ctrl-C to stop.");
            out.flush();
            StackCommand.awaitShutdown();
        }
        return 0;
    }

    private static PublishOptions options(SimulateCommand cmd, Scenario scenario, Instant epoch, long episodes, int instance,
                                          Map<String, Object> client) {
        double speed = speed(cmd.speed);
        try {
            return new PublishOptions(cmd.namespace != null ? cmd.namespace : scenario.name(),
                    cmd.runId != null ? cmd.runId : scenario.name() + "-" + cmd.seed, cmd.seed, cmd.policyName, epoch,
                    episodes, cmd.inFlight, cmd.instances, instance, speed, cmd.maxEventsPerSecond, cmd.duration,
                    cmd.partitions, cmd.replicationFactor, cmd.commitInterval, cmd.agentTimeout, cmd.agentTimeoutSimulated,
                    FaultSpec.parse(cmd.inject).withDelay(cmd.faultDelay), cmd.maxSteps, client);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    /** {@code max} (as fast as possible) or a factor; its range is checked by {@link PublishOptions}. */
    static double speed(String text) {
        if (text.equalsIgnoreCase("max")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new UserInputException("--speed '" + text + "' must be 'max' or a factor such as 1 (real time) or 60");
        }
    }

    /** The instance number, or from a StatefulSet-style host name ({@code name-3} is instance 3) with "auto". */
    static int instance(String text) {
        if (!text.equalsIgnoreCase("auto")) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new UserInputException("--instance '" + text + "' must be a number or 'auto'");
            }
        }
        String host = System.getenv().getOrDefault("HOSTNAME", "");
        int dash = host.lastIndexOf('-');
        try {
            return Integer.parseInt(host.substring(dash + 1));
        } catch (RuntimeException e) {
            throw new UserInputException("--instance auto needs HOSTNAME ending in -<ordinal> (a StatefulSet pod), got '" + host + "'");
        }
    }

    static String json(Map<String, Object> values) {
        StringBuilder json = new StringBuilder("{");
        values.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":")
                .append(v instanceof Number || v instanceof Boolean ? v.toString() : "\"" + v + "\""));
        return json.append('}').toString();
    }

}
