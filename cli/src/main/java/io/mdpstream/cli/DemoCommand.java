package io.mdpstream.cli;

import io.mdpstream.embedded.EmbeddedStack;
import io.mdpstream.publish.EpisodePublisher;
import io.mdpstream.publish.FaultSpec;
import io.mdpstream.publish.PublishOptions;
import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.sink.EpisodeSink;
import io.mdpstream.sink.SinkConfig;
import io.mdpstream.sink.SinkException;
import io.mdpstream.sink.StoredDataset;
import io.mdpstream.validate.ValidatorApp;
import io.mdpstream.validate.ValidatorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mdpstream demo}: the whole pipeline on the embedded stack in one process — a simulator
 * publishes, the validator checks, the sink stores — with one progress line, then a summary and
 * where the files are.
 */
@Command(name = "demo", sortOptions = false,
        description = {"Run the whole pipeline on an embedded Kafka: a simulator publishes episodes, the streams validator",
                "checks them, the episode sink stores them as Parquet; a live progress line, then a summary and the files."})
final class DemoCommand implements Callable<Integer> {

    /** How long the demo waits, after the last episode was published, for the last verdicts and files. */
    static final Duration SETTLE = Duration.ofSeconds(60);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", defaultValue = "support", description = "Scenario (see: mdpstream scenarios) (default: ${DEFAULT-VALUE}).")
    String scenarioName;

    @Option(names = "--episodes", defaultValue = "300", description = "Episodes to run (default: ${DEFAULT-VALUE}).")
    long episodes;

    @Option(names = "--seed", defaultValue = "1", description = "Run seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--policy", defaultValue = "softmax:0.5", description = "Behaviour policy: random, heuristic, softmax:T, "
            + "epsilon:E (default: ${DEFAULT-VALUE}, which logs the probability of each action for off-policy evaluation).")
    String policyName;

    @Option(names = "--out", defaultValue = "mdpstream-demo", paramLabel = "DIR", description = "Where the dataset goes; "
            + "a dataset a previous demo left there is replaced (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--format", defaultValue = "parquet", description = "parquet or jsonl (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--inject", paramLabel = "KIND=RATE,...", description = "Fault injection, to see the validator catch faults and the "
            + "sink quarantine them, e.g. drop=0.001,duplicate=0.001.")
    String inject;

    @Option(names = "--speed", defaultValue = "max", description = "max, or simulated seconds per wall second (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--data-dir", description = "Keep the embedded stack's data here (default: temporary).")
    Path dataDir;

    @Option(names = "--keep-stack", negatable = false, description = "Keep the embedded stack up after the demo until Ctrl-C, to explore the topics.")
    boolean keepStack;

    @Option(names = "--no-progress", negatable = false, description = "Do not show the progress line.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        // Every input is checked before the stack starts.
        if (episodes < 1 || episodes > 1_000_000) {
            throw new UserInputException("--episodes must be within 1..1000000, got " + episodes);
        }
        Scenario scenario = SimulateCommand.scenario(scenarioName);
        SimulateCommand.policy(policyName, scenario);
        ParameterSet parameters = SimulateCommand.parameters(scenario, null);
        double pace = PublishMode.speed(speed);
        FaultSpec faults = faults(inject);
        String namespace = scenario.name();
        Duration[] windows = windows(scenario);
        ValidatorConfig validatorConfig = validatorConfig(namespace, windows);
        SinkConfig sinkConfig = sinkConfig(namespace);
        publishOptions(namespace, scenario, pace, faults, Map.of("bootstrap.servers", "check:0",
                "schema.registry.url", "http://check:0")); // its own checks, before a broker starts
        prepare(console, out);

        try (KafkaOptions.Connection kafkaAt = new KafkaOptions().connect(console, dataDir, "")) {
            Map<String, Object> client = Map.of("bootstrap.servers", kafkaAt.bootstrapServers(),
                    "schema.registry.url", kafkaAt.schemaRegistry());
            PublishOptions publishOptions = publishOptions(namespace, scenario, pace, faults, client);
            int code = run(console, scenario, parameters, publishOptions, validatorConfig, sinkConfig, client);
            if (keepStack) {
                console.println("The embedded stack stays up: topics " + namespace + ".*; press Ctrl-C to stop.");
                console.flush();
                StackCommand.awaitShutdown();
            }
            return code;
        }
    }

    private int run(PrintWriter console, Scenario scenario, ParameterSet parameters, PublishOptions publishOptions,
                    ValidatorConfig validatorConfig, SinkConfig sinkConfig, Map<String, Object> client) throws Exception {
        String ns = publishOptions.namespace();
        console.printf(Locale.ROOT, "Demo: %,d %s episodes (policy %s%s) -> validator -> sink -> %s%n", episodes, scenario.name(),
                policyName, publishOptions.faults().rates().isEmpty() ? "" : ", faults " + inject, out.toAbsolutePath());
        console.flush();
        EpisodePublisher publisher = new EpisodePublisher(scenario, parameters, publishOptions, new SimpleMeterRegistry());
        ValidatorApp validator = new ValidatorApp(validatorConfig, client, new SimpleMeterRegistry(), ValidatorApp.temporaryStateDir());
        EpisodeSink sink = new EpisodeSink(sinkConfig, client);
        Thread hook = new Thread(() -> {
            publisher.stop();
            sink.stop();
        }, "mdpstream-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        long begin = System.nanoTime();
        CompletableFuture<EpisodePublisher.Summary> published = CompletableFuture.supplyAsync(publisher::run, daemons("publisher"));
        CompletableFuture<EpisodeSink.Summary> stored = null;
        try {
            validator.start(); // waits for the publisher's topics
            stored = CompletableFuture.supplyAsync(sink::run, daemons("sink")); // after the validator made <ns>.verdicts
            // The line counts episodes through the whole pipeline (stored or quarantined); the parts before follow.
            Progress progress = new Progress(System.err, "demo " + ns, "episodes stored", episodes, !noProgress);
            long shown = 0;
            long settledSince = -1;
            long lastAccounted = -1;
            while (true) {
                long finished = ((Number) publisher.status().get("episodes_finished")).longValue();
                ValidatorApp.Status checked = validator.status();
                Map<String, Object> sinkStatus = sink.status();
                long quarantined = ((Number) sinkStatus.get("quarantined")).longValue();
                // An episode whose start a fault dropped cannot be stored (no lineage): the sink gives it up.
                long accounted = ((Number) sinkStatus.get("episodes")).longValue() + quarantined
                        + ((Number) sinkStatus.get("dropped")).longValue();
                progress.detail(String.format(Locale.ROOT, "| published %,d, checked %,d (%,d invalid), quarantined %,d",
                        finished, checked.verdicts(), checked.invalidEpisodes(), quarantined));
                progress.advance(accounted - shown);
                shown = accounted;
                failIfBroken(published, stored, validator);
                if (published.isDone()) {
                    if (accounted >= published.join().episodesFinished()) {
                        break;
                    }
                    if (accounted != lastAccounted) {
                        settledSince = System.nanoTime();
                        lastAccounted = accounted;
                    } else if (System.nanoTime() - settledSince > SETTLE.toNanos()) {
                        console.printf(Locale.ROOT, "%,d episodes were published but only %,d stored after waiting %d s; stopping%n",
                                published.join().episodesFinished(), accounted, SETTLE.toSeconds());
                        break;
                    }
                }
                Thread.sleep(200);
            }
            progress.finish();
        } finally {
            publisher.stop();
            sink.stop();
            try {
                if (stored != null) {
                    stored.get(60, TimeUnit.SECONDS);
                }
            } catch (ExecutionException | TimeoutException ignored) {
                // reported below from the summary, or by failIfBroken above
            } finally {
                validator.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook stops the parts; what they finished is kept
                }
            }
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        summary(console, published.join(), validator.status(), stored.join(), seconds);
        return 0;
    }

    private static void failIfBroken(CompletableFuture<?> published, CompletableFuture<?> stored, ValidatorApp validator) {
        for (CompletableFuture<?> part : List.of(published, stored)) {
            if (part.isCompletedExceptionally()) {
                part.join(); // throws the part's own error
            }
        }
        if (validator.state() == org.apache.kafka.streams.KafkaStreams.State.ERROR) {
            throw new IllegalStateException("the validator stopped with an error (see the log)");
        }
    }

    private void summary(PrintWriter console, EpisodePublisher.Summary published, ValidatorApp.Status checked,
                         EpisodeSink.Summary stored, double seconds) {
        Path dir = out.toAbsolutePath();
        JsonNode counts = StoredDataset.open(out).metadata();
        JsonNode returns = counts.at("/scenarios/" + scenarioName + "/statistics/episode_return");
        console.printf(Locale.ROOT, "%nDone in %.0f s.%n", seconds);
        console.printf(Locale.ROOT, "  published   %,d episodes, %,d events (%,.0f events/s)%n", published.episodesFinished(),
                published.events(), published.events() / Math.max(published.elapsed().toMillis() / 1000.0, 1e-3));
        if (published.faults() > 0) {
            console.printf(Locale.ROOT, "  injected    %,d faults (%s)%n", published.faults(), inject);
        }
        console.printf(Locale.ROOT, "  validated   %,d verdicts: %,d valid, %,d invalid; %,d violations%s%n", checked.verdicts(),
                checked.verdicts() - checked.invalidEpisodes(), checked.invalidEpisodes(), checked.violations(),
                checked.violationsByRule().isEmpty() ? "" : " " + checked.violationsByRule());
        if (returns.has("mean")) {
            console.printf(Locale.ROOT, "  returns     mean %.2f, std %.2f, min %.2f, max %.2f (training set)%n", returns.path("mean").asDouble(),
                    returns.path("std").asDouble(), returns.path("min").asDouble(), returns.path("max").asDouble());
        }
        console.printf(Locale.ROOT, "  stored      %,d episodes (%,d steps) in the training set, %,d in quarantine%s -> %s%n",
                stored.episodes(), counts.at("/counts/steps").asLong(), stored.quarantined(),
                stored.dropped() == 0 ? "" : String.format(Locale.ROOT, ", %,d given up (their start was lost)", stored.dropped()), dir);
        String ext = sinkExtension();
        console.println();
        console.println("Look inside:");
        console.printf("  duckdb -c \"SELECT episode_id, count(*) AS steps, sum(reward) AS return FROM '%s/steps/*.%s' GROUP BY 1 LIMIT 5\"%n",
                dir, ext);
        if (ext.equals("parquet")) {
            console.printf("  python3 -c \"import pandas as pd; print(pd.read_parquet('%s/episodes').describe())\"%n", dir);
        }
        console.printf("  %s/dataset.json   (spaces, counts, per-feature statistics)%n", dir);
        console.flush();
    }

    private String sinkExtension() {
        return format.equalsIgnoreCase("jsonl") ? "jsonl" : "parquet";
    }

    /**
     * Makes {@code dir} ready for a new dataset: created when missing; a dataset a previous demo left
     * is removed; anything else that is not empty is refused rather than mixed with.
     */
    static void prepare(PrintWriter console, Path dir) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new UserInputException("--out " + dir + " is a file; give a directory");
            }
            if (Files.isDirectory(dir) && !isEmpty(dir)) {
                try {
                    StoredDataset.open(dir);
                } catch (SinkException notADataset) {
                    throw new UserInputException("--out " + dir.toAbsolutePath() + " is not empty and holds no mdpstream dataset; "
                            + "give a new or empty directory", notADataset);
                }
                console.println("Replacing the dataset a previous run left in " + dir.toAbsolutePath());
                deleteRecursively(dir);
            }
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".probe", "");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new UserInputException("--out " + dir.toAbsolutePath() + " is not writable: " + e.getMessage(), e);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Windows that hold many events: pricing decides a few times a day, the others every few minutes. */
    static Duration[] windows(Scenario scenario) {
        return scenario.name().equals("pricing") ? new Duration[] {Duration.ofDays(1), Duration.ofHours(6)}
                : new Duration[] {Duration.ofHours(1), Duration.ofMinutes(15)};
    }

    private static ValidatorConfig validatorConfig(String namespace, Duration[] windows) {
        Map<String, Object> options = new HashMap<>();
        options.put(ValidatorConfig.NAMESPACE_CONFIG, namespace);
        options.put(ValidatorConfig.WINDOW_SIZE_CONFIG, windows[0].toMillis());
        options.put(ValidatorConfig.WINDOW_ADVANCE_CONFIG, windows[1].toMillis());
        return ValidatorConfig.from(options);
    }

    private SinkConfig sinkConfig(String namespace) {
        Map<String, Object> options = new HashMap<>();
        options.put(SinkConfig.NAMESPACE_CONFIG, namespace);
        options.put(SinkConfig.OUTPUT_DIR_CONFIG, out.toString());
        options.put(SinkConfig.FORMAT_CONFIG, format);
        options.put(SinkConfig.FLUSH_INTERVAL_CONFIG, 1_000);
        // Faults can leave an episode without its end: in a demo, give up on it soon. A finished
        // episode's verdict is late only when the validator is behind (a slow or busy machine), so it
        // is waited for as long as the demo waits for the pipeline to settle.
        options.put(SinkConfig.VERDICT_TIMEOUT_CONFIG, SETTLE.toMillis());
        options.put(SinkConfig.IDLE_TIMEOUT_CONFIG, 20_000);
        return ConfigOptions.parse(options, SinkConfig::from, SinkCommand.FLAGS);
    }

    private PublishOptions publishOptions(String namespace, Scenario scenario, double pace, FaultSpec faults,
                                          Map<String, Object> client) {
        try {
            return new PublishOptions(namespace, "demo-" + scenario.name() + "-" + seed, seed, policyName,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS), episodes, 8, 1, 0, pace, 0, null, 3, (short) 1,
                    Duration.ofMillis(100), Duration.ofSeconds(5), false, faults, 1_000_000, client);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    private static FaultSpec faults(String text) {
        try {
            return FaultSpec.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--inject: " + e.getMessage(), e);
        }
    }

    private static java.util.concurrent.Executor daemons(String name) {
        return task -> {
            Thread thread = new Thread(task, "mdpstream-demo-" + name);
            thread.setDaemon(true);
            thread.start();
        };
    }
}
