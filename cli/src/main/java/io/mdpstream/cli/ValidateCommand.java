package io.mdpstream.cli;

import io.mdpstream.publish.MetricsServer;
import io.mdpstream.validate.ValidatorApp;
import io.mdpstream.validate.ValidatorConfig;
import io.mdpstream.validate.stats.ProfileException;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mdpstream validate}: the streams validator on a namespace, until Ctrl-C or, if asked, until the input goes quiet. */
@Command(name = "validate",
        description = {"Check a namespace's episode streams as they flow: temporal consistency, constraints, rolling",
                "statistics and drift; writes <ns>.violations, <ns>.verdicts, <ns>.metrics (the embedded stack by default)."})
final class ValidateCommand implements Callable<Integer> {

    /** The validator's options as this command names them. */
    private static final Map<String, String> FLAGS = Map.of(ValidatorConfig.LATENESS_WALL_CONFIG, "--lateness-wall",
            ValidatorConfig.LATENESS_CONFIG, "--lateness", ValidatorConfig.GAP_TIMEOUT_CONFIG, "--gap-timeout",
            ValidatorConfig.WINDOW_ADVANCE_CONFIG, "--window-advance", ValidatorConfig.WINDOW_SIZE_CONFIG, "--window",
            ValidatorConfig.NAMESPACE_CONFIG, "--namespace", ValidatorConfig.REFERENCE_PROFILE_CONFIG, "--reference-profile",
            ValidatorConfig.STATISTICS_CONFIG, "--no-statistics", ValidatorConfig.FEATURE_QUANTILES_CONFIG, "--feature-quantiles");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--namespace", required = true, description = "Namespace of the topics to check (the simulator's --namespace, by default the scenario name).")
    String namespace;

    @Option(names = "--lateness", defaultValue = "30s", converter = Durations.class,
            description = "Simulated time a missing seq is waited for before it is a gap (default: ${DEFAULT-VALUE}).")
    Duration lateness;

    @Option(names = "--lateness-wall", defaultValue = "2s", converter = Durations.class,
            description = "Wall time a missing seq is waited for at least, besides --lateness: at full speed a simulator moves "
                    + "hours of simulated time on between two fetches of one topic; 0 for stream time alone (default: ${DEFAULT-VALUE}).")
    Duration latenessWall;

    @Option(names = "--gap-timeout", defaultValue = "7d", converter = Durations.class,
            description = "Simulated time after which a silent episode without an end is closed as unfinished (default: ${DEFAULT-VALUE}).")
    Duration gapTimeout;

    @Option(names = "--window", defaultValue = "1h", converter = Durations.class,
            description = "Size of the rolling statistics' windows, simulated time (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--window-advance", defaultValue = "15m", converter = Durations.class,
            description = "Advance of the windows (default: ${DEFAULT-VALUE}).")
    Duration windowAdvance;

    @Option(names = "--reference-profile", paramLabel = "FILE", description = "Reference profile (JSON) to score drift against.")
    Path referenceProfile;

    @Option(names = "--capture-profile", paramLabel = "FILE",
            description = "Write a reference profile of everything validated to FILE when the command ends (for --reference-profile later).")
    Path captureProfile;

    @Option(names = "--statistics", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Keep the rolling statistics and write <namespace>.metrics (default). --no-statistics checks and gives "
                    + "verdicts only, two to three times as fast.")
    boolean statistics = true;

    @Option(names = "--feature-quantiles", negatable = false,
            description = "Give each feature's quantiles (p50, p90, p99) in <namespace>.metrics, besides its moments (count, mean, "
                    + "std, min, max), for about a tenth more work. On by itself with --reference-profile "
                    + "or --capture-profile, which compare features' distributions. The reward's quantiles are always given.")
    boolean featureQuantiles;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Local state (restored from changelogs when missing); default: a temporary directory.")
    Path stateDir;

    @Option(names = "--exit-when-idle", converter = Durations.class, paramLabel = "DURATION",
            description = "Stop once the validator runs and nothing new came out for this long (wall time), and print a summary.")
    Duration exitWhenIdle;

    @Option(names = "--fail-on-violation", negatable = false, description = "Exit 1 if any violation was found.")
    boolean failOnViolation;

    @Option(names = "--metrics-port", defaultValue = "-1", description = "Serve /metrics and /health on this port; 0 for a free one, -1 for none (default).")
    int metricsPort;

    @Option(names = "--threads", description = "Stream threads (default: one per task, that is the episode topics' partitions, plus one"
            + " that merges the windows unless --no-statistics, up to twice the machine's cores).")
    Integer threads;

    @Option(names = "--data-dir", description = "With the embedded stack: its data directory, e.g. the one a simulator run used (default: temporary).")
    Path dataDir;

    @CommandLine.Mixin
    KafkaOptions kafka = new KafkaOptions();

    /** Signalled by tests instead of Ctrl-C. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        kafka.check();
        if (threads != null && threads < 1) {
            throw new UserInputException("--threads must be >= 1, got " + threads);
        }
        if (!statistics && captureProfile != null) {
            throw new UserInputException("--capture-profile takes the profile from the rolling statistics, which --no-statistics turns off");
        }
        ValidatorConfig config = config();
        try (KafkaOptions.Connection kafkaAt = kafka.connect(out, dataDir, "   (point a simulator here: --bootstrap-servers)")) {
            Map<String, Object> client = new HashMap<>(kafka.clientProperties(kafkaAt.bootstrapServers(), kafkaAt.schemaRegistry()));
            if (threads != null) {
                client.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
            }
            return validate(config, client, out);
        }
    }

    private int validate(ValidatorConfig config, Map<String, Object> client, PrintWriter out) throws InterruptedException {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        ValidatorApp app = new ValidatorApp(config, client, meters, stateDir != null ? stateDir : ValidatorApp.temporaryStateDir())
                .captureProfile(captureProfile);
        Thread hook = new Thread(() -> {
            stop.countDown();
            app.close();
        }, "mdpstream-validate-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (MetricsServer metrics = metricsPort < 0 ? null : new MetricsServer("0.0.0.0", metricsPort, meters, app::health)) {
            out.printf(Locale.ROOT, "Validating %s.* (lateness %s, gap timeout %s, %s%s)%n", namespace,
                    Durations.format(lateness), Durations.format(gapTimeout),
                    statistics ? "windows " + Durations.format(window) + " every " + Durations.format(windowAdvance) : "no statistics",
                    referenceProfile == null ? "" : ", drift against " + referenceProfile);
            if (metrics != null) {
                out.println("  metrics            http://localhost:" + metrics.port() + "/metrics  (health: /health)");
            }
            out.flush();
            app.start(); // the profile was read already, in config()
            Progress progress = new Progress(System.err, "validate " + namespace, "verdicts", 0, true);
            long shown = 0;
            long lastChange = System.nanoTime();
            long lastTotal = -1;
            while (!stop.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                ValidatorApp.Status s = app.status();
                progress.advance(s.verdicts() - shown);
                shown = s.verdicts();
                long total = s.verdicts() + s.violations() + s.windows() + s.deadLetters();
                if (total != lastTotal || app.state() != org.apache.kafka.streams.KafkaStreams.State.RUNNING) {
                    lastTotal = total;
                    lastChange = System.nanoTime();
                } else if (exitWhenIdle != null && app.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING
                        && System.nanoTime() - lastChange > exitWhenIdle.toNanos()) {
                    break; // nothing new: the run was checked (or, with the group's offsets at the end, had been already)
                }
                if (app.state() == org.apache.kafka.streams.KafkaStreams.State.ERROR) {
                    throw new IllegalStateException("the validator stopped with an error (see the log)");
                }
            }
            progress.finish();
        } finally {
            app.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is closing the app.
            }
        }
        ValidatorApp.Status s = app.status();
        out.printf(Locale.ROOT, "%,d verdicts: %,d valid, %,d invalid; %,d violations%s; %,d windows written; %,d dead letters%n",
                s.verdicts(), s.verdicts() - s.invalidEpisodes(), s.invalidEpisodes(), s.violations(),
                s.violationsByRule().isEmpty() ? "" : " " + s.violationsByRule(), s.windows(), s.deadLetters());
        if (captureProfile != null) {
            out.println(app.profileCaptured() ? "reference profile written to " + captureProfile
                    : "no reference profile written: nothing was validated");
        }
        out.flush();
        return failOnViolation && s.violations() > 0 ? 1 : 0;
    }

    private ValidatorConfig config() {
        Map<String, Object> options = new HashMap<>();
        options.put(ValidatorConfig.NAMESPACE_CONFIG, namespace);
        options.put(ValidatorConfig.LATENESS_CONFIG, lateness.toMillis());
        options.put(ValidatorConfig.LATENESS_WALL_CONFIG, latenessWall.toMillis());
        options.put(ValidatorConfig.GAP_TIMEOUT_CONFIG, gapTimeout.toMillis());
        options.put(ValidatorConfig.WINDOW_SIZE_CONFIG, window.toMillis());
        options.put(ValidatorConfig.WINDOW_ADVANCE_CONFIG, windowAdvance.toMillis());
        options.put(ValidatorConfig.REFERENCE_PROFILE_CONFIG, referenceProfile == null ? "" : referenceProfile.toString());
        options.put(ValidatorConfig.STATISTICS_CONFIG, statistics);
        options.put(ValidatorConfig.FEATURE_QUANTILES_CONFIG, featureQuantiles);
        ValidatorConfig config = ConfigOptions.parse(options, ValidatorConfig::from, FLAGS);
        try {
            if (referenceProfile != null) {
                io.mdpstream.validate.stats.ReferenceProfile.read(referenceProfile); // a bad file stops here, before any work
            }
            return config;
        } catch (ProfileException e) {
            throw new UserInputException("--reference-profile: " + e.getMessage(), e);
        }
    }
}
