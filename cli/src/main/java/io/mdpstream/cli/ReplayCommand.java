package io.mdpstream.cli;

import io.mdpstream.replay.Replay;
import io.mdpstream.replay.ReplayConfig;
import io.mdpstream.replay.ReplayException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mdpstream replay}: republishes a stored dataset's episodes as the events they were. */
@Command(name = "replay",
        description = {"Republish the episodes of a dataset stored by `mdpstream sink` to <ns>.episodes, .states, .actions and "
                + ".rewards as the events they were (same keys, simulated times, values and order per episode), at any speed, "
                + "optionally perturbed; so a stream consumer or an agent can be tested against a fixed recording."})
final class ReplayCommand implements Callable<Integer> {

    /** The replay's options as this command names them. */
    private static final Map<String, String> FLAGS = Map.of(ReplayConfig.TIME_SCALE_CONFIG, "--time-scale",
            ReplayConfig.KEEP_PROBABILITY_CONFIG, "--thin", ReplayConfig.NOISE_SIGMA_CONFIG, "--noise",
            ReplayConfig.SPEED_CONFIG, "--speed", ReplayConfig.PARTITIONS_CONFIG, "--partitions", ReplayConfig.NAMESPACE_CONFIG, "--namespace");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "DIR", description = "The stored dataset (an `mdpstream sink --out` directory).")
    Path from;

    @Option(names = "--namespace", required = true, description = "Namespace to publish to; use a fresh one (the recording's own "
            + "would mix the replay with the original events).")
    String namespace;

    @Option(names = "--speed", defaultValue = "max", description = "max, or simulated seconds per wall second (1 = real time, "
            + "60 = an hour a minute); no event leaves before its due time (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--time-scale", defaultValue = "1", paramLabel = "F", description = "Multiply each event's offset from its "
            + "episode's start by F (default: ${DEFAULT-VALUE}, the recorded times).")
    double timeScale;

    @Option(names = "--thin", defaultValue = "1", paramLabel = "P", description = "Replay each episode with probability P, whole "
            + "(default: ${DEFAULT-VALUE}, all).")
    double thin;

    @Option(names = "--noise", defaultValue = "0", paramLabel = "SIGMA", description = "Gaussian noise on numeric observation fields, "
            + "in standard deviations of each field in the dataset, clipped to the observation space (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--no-clip", negatable = false, description = "Let noise take values outside the observation space "
            + "(to test a consumer's checks).")
    boolean noClip;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of --thin and --noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--include-quarantine", negatable = false, description = "Replay quarantined episodes too.")
    boolean includeQuarantine;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of topics the replay creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--data-dir", description = "With the embedded stack: keep its data here across runs (default: temporary).")
    Path dataDir;

    @Option(names = "--keep-stack", negatable = false, description = "With the embedded stack: keep it running after the replay until Ctrl-C.")
    boolean keepStack;

    @Option(names = "--no-progress", negatable = false, description = "No progress line on stderr.")
    boolean noProgress;

    @CommandLine.Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Override
    public Integer call() throws InterruptedException {
        kafka.check();
        ReplayConfig config = config();
        Replay replay;
        try {
            replay = new Replay(config); // a source that is no dataset fails here, before any broker starts
        } catch (ReplayException e) {
            throw new UserInputException("--from: " + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (KafkaOptions.Connection kafkaAt = kafka.connect(out, dataDir, "   (read the replay here: --bootstrap-servers)")) {
            Map<String, Object> client = kafka.clientProperties(kafkaAt.bootstrapServers(), kafkaAt.schemaRegistry());
            out.printf(Locale.ROOT, "Replaying %s to %s.* (speed %s%s)%n", config.source().toAbsolutePath(), namespace,
                    Double.isFinite(config.speed()) ? config.speed() + "x" : "max", perturbations(config));
            out.flush();
            Replay.Summary summary = run(replay, client);
            out.printf(Locale.ROOT, "Replayed %,d episodes, %,d events in %.1f s (%,.0f events/s)%s%s%n", summary.episodes(),
                    summary.events(), summary.elapsed().toMillis() / 1000.0, summary.eventsPerSecond(),
                    summary.thinnedOut() > 0 ? String.format(Locale.ROOT, "; %,d episodes thinned out", summary.thinnedOut()) : "",
                    summary.noisedValues() > 0 ? String.format(Locale.ROOT, "; %,d observation values noised", summary.noisedValues()) : "");
            if (!summary.complete()) {
                out.println("Stopped before the end; what was sent is committed.");
            }
            if (kafkaAt.embedded() != null && keepStack) {
                out.println("The embedded stack stays up for consumers; press Ctrl-C to stop.");
                out.flush();
                StackCommand.awaitShutdown();
            }
        }
        return 0;
    }

    private Replay.Summary run(Replay replay, Map<String, Object> client) {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            replay.stop(); // Ctrl-C: commit what was sent, then exit
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mdpstream-replay-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        // Started with the first event, so that reading the dataset does not count against the rate.
        Progress[] progress = {null};
        try {
            return replay.run(client, n -> {
                if (progress[0] == null) {
                    progress[0] = new Progress(System.err, "replay " + namespace, "events", 0, !noProgress);
                }
                progress[0].advance(1);
            });
        } finally {
            if (progress[0] != null) {
                progress[0].finish();
            }
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for the latch counted down above
            }
        }
    }

    private ReplayConfig config() {
        Map<String, Object> options = new HashMap<>();
        options.put(ReplayConfig.SOURCE_CONFIG, from.toString());
        options.put(ReplayConfig.NAMESPACE_CONFIG, namespace);
        options.put(ReplayConfig.SPEED_CONFIG, speed);
        options.put(ReplayConfig.TIME_SCALE_CONFIG, timeScale);
        options.put(ReplayConfig.KEEP_PROBABILITY_CONFIG, thin);
        options.put(ReplayConfig.NOISE_SIGMA_CONFIG, noise);
        options.put(ReplayConfig.NOISE_CLIP_CONFIG, !noClip);
        options.put(ReplayConfig.SEED_CONFIG, seed);
        options.put(ReplayConfig.INCLUDE_QUARANTINE_CONFIG, includeQuarantine);
        options.put(ReplayConfig.PARTITIONS_CONFIG, partitions);
        return ConfigOptions.parse(options, ReplayConfig::from, FLAGS);
    }

    private static String perturbations(ReplayConfig config) {
        StringBuilder text = new StringBuilder();
        if (config.timeScale() != 1.0) {
            text.append(", time scale ").append(config.timeScale());
        }
        if (config.keepProbability() < 1.0) {
            text.append(", keeping episodes with probability ").append(config.keepProbability());
        }
        if (config.noiseSigma() > 0) {
            text.append(", noise ").append(config.noiseSigma()).append(" sigma").append(config.noiseClip() ? "" : " unclipped");
        }
        if (config.perturbed()) {
            text.append(", seed ").append(config.seed());
        }
        return text.toString();
    }
}
