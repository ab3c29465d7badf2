package io.mdpstream.cli;

import io.mdpstream.sim.params.ParameterException;
import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.policy.Policy;
import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeDriver;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.Policies;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.run.TraceJson;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.sim.spi.SideRecord;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.mdpstream.sim.run.EpisodeSpec;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mdpstream simulate}: runs episodes of a scenario without Kafka, to JSON Lines (one event
 * per line) or readably to the terminal.
 */
@Command(name = "simulate", sortOptions = false,
        description = {"Run episodes of a scenario and publish them to Kafka in simulated time (the embedded stack",
                "unless --bootstrap-servers is given), or write their events as JSON Lines with --out, or print a few",
                "episodes readably with --sample. Deterministic: the same scenario, parameters, seed, policy and epoch",
                "give the same events."})
final class SimulateCommand implements Callable<Integer> {

    private static final JsonFactory JSON = new JsonFactory();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", required = true, description = "Scenario name (see: mdpstream scenarios).")
    String scenarioName;

    @Option(names = "--episodes", defaultValue = "100", description = "Episodes to run (default: ${DEFAULT-VALUE}).")
    long episodes;

    @Option(names = "--seed", defaultValue = "1", description = "Run seed; each episode's seed derives from it (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", description = "Write events as JSON Lines to FILE, or to stdout with '-'.")
    String out;

    @Option(names = "--sample", paramLabel = "K", description = "Print the first K episodes readably (to stdout, or to stderr when --out is '-').")
    Integer sample;

    @Option(names = "--params", paramLabel = "FILE", description = "Parameter file overriding the scenario's defaults (see: mdpstream scenarios NAME --params).")
    Path params;

    @Option(names = "--policy", defaultValue = "heuristic", description = "Policy: " + Policies.NAMES
            + ", or external (an agent answers on <ns>.agent-actions; Kafka only) (default: ${DEFAULT-VALUE}).")
    String policyName;

    @Option(names = "--run-id", description = "Run id, part of every episode id (default: <scenario>-<seed>).")
    String runId;

    @Option(names = "--epoch", description = "Simulated instant at which episodes start, ISO-8601 (default: now, to the second).")
    String epoch;

    @Option(names = "--max-steps", defaultValue = "1000000", description = "Truncate episodes after this many decisions (default: ${DEFAULT-VALUE}).")
    int maxSteps;

    @Option(names = "--threads", description = "Worker threads (default: available processors). Output order does not depend on it.")
    Integer threads;

    @Option(names = "--no-progress", negatable = false, description = "Do not show the progress line.")
    boolean noProgress;

    @CommandLine.Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--namespace", description = "Topic prefix (default: the scenario name).")
    String namespace;

    @Option(names = "--speed", defaultValue = "max", description = "max, or simulated seconds per wall second: 1 is real time,"
            + " 60 a simulated hour per minute (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--max-events-per-sec", defaultValue = "0", description = "Ceiling on records per second; 0 for none.")
    double maxEventsPerSecond;

    @Option(names = "--in-flight", defaultValue = "8", description = "Episodes in flight at once, across instances (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--continuous", negatable = false, description = "Start a new episode whenever one ends, until stopped or --duration.")
    boolean continuous;

    @Option(names = "--duration", converter = Durations.class, description = "Stop after this wall time (e.g. 10m); the run can be resumed.")
    Duration duration;

    @Option(names = "--instances", defaultValue = "1", description = "Simulator instances sharing the run (default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--instance", defaultValue = "0", description = "This instance, from 0, or 'auto' for a StatefulSet ordinal (HOSTNAME name-N).")
    String instance;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of topics the run creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "1", description = "Replication of topics the run creates (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Option(names = "--commit-interval", defaultValue = "100ms", converter = Durations.class, description = "Longest wall time between transaction commits (default: ${DEFAULT-VALUE}).")
    Duration commitInterval;

    @Option(names = "--agent-timeout", defaultValue = "5s", converter = Durations.class, description = "How long an external agent has to answer (default: ${DEFAULT-VALUE}).")
    Duration agentTimeout;

    @Option(names = "--agent-timeout-sim", negatable = false, description = "--agent-timeout is simulated time (needs a finite --speed).")
    boolean agentTimeoutSimulated;

    @Option(names = "--inject", paramLabel = "KIND=RATE,...", description = "Fault injection: drop, duplicate, reorder, delay, out_of_range; e.g. drop=0.01,duplicate=0.005.")
    String inject;

    @Option(names = "--fault-delay", defaultValue = "5m", converter = Durations.class, paramLabel = "DURATION",
            description = "How far in simulated time a delayed event's episode moves on before it goes out (default: ${DEFAULT-VALUE}); keep it beyond the validator's lateness.")
    Duration faultDelay;

    @Option(names = "--metrics-port", defaultValue = "-1", description = "Serve /metrics and /health on this port; 0 for a free one, -1 for none (default).")
    int metricsPort;

    @Option(names = "--data-dir", description = "With the embedded stack: keep its data here across runs (default: temporary).")
    Path dataDir;

    @Option(names = "--keep-stack", negatable = false, description = "With the embedded stack: keep it running after the run until Ctrl-C.")
    boolean keepStack;

    @Override
    public Integer call() throws Exception {
        // Check every input before producing anything.
        if (episodes < 1) {
            throw new UserInputException("--episodes must be >= 1, got " + episodes);
        }
        if (sample != null && sample < 1) {
            throw new UserInputException("--sample must be >= 1, got " + sample);
        }
        if (maxSteps < 1) {
            throw new UserInputException("--max-steps must be >= 1, got " + maxSteps);
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) {
            throw new UserInputException("--threads must be >= 1, got " + workers);
        }
        Scenario scenario = scenario(scenarioName);
        ParameterSet parameters = parameters(scenario, params);
        if (out == null && sample == null) {
            if (!policyName.equals(io.mdpstream.publish.PublishOptions.EXTERNAL)) {
                policy(policyName, scenario);
            }
            return PublishMode.run(this, scenario, parameters, epoch == null ? null : epoch(epoch), spec.commandLine().getOut());
        }
        if (policyName.equals(io.mdpstream.publish.PublishOptions.EXTERNAL)) {
            throw new UserInputException("--policy external needs Kafka: an agent answers on <ns>.agent-actions; drop --out/--sample");
        }
        Policy policy = policy(policyName, scenario);
        Instant start = epoch(epoch);
        String id = runId != null ? runId : scenario.name() + "-" + seed;
        EpisodeRunner runner = new EpisodeRunner(scenario, parameters, policy, id, seed, start,
                DriverOptions.defaults().withMaxSteps(maxSteps));
        long toRun = out == null ? Math.min(episodes, sample) : episodes;

        boolean stdout = "-".equals(out);
        PrintWriter human = stdout ? new PrintWriter(System.err, true) : spec.commandLine().getOut();
        EpisodePrinter printer = new EpisodePrinter(human, scenario);
        Progress progress = new Progress(System.err, "simulate " + scenario.name(), "episodes", toRun,
                !noProgress && !stdout);
        long events = 0;
        double returns = 0;
        try (OutputStream jsonl = open(out)) {
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "mdpstream-simulate");
                t.setDaemon(true);
                return t;
            });
            try {
                ArrayDeque<Future<Episode>> window = new ArrayDeque<>();
                long next = 0;
                for (long written = 0; written < toRun; written++) {
                    while (next < toRun && window.size() < workers * 4) {
                        long index = next++;
                        boolean keep = sample != null && index < sample;
                        window.add(pool.submit(() -> Episode.run(runner, index, jsonl != null, keep)));
                    }
                    // Episodes run and encode in parallel; they are written in index order, so the
                    // output does not depend on the number of threads.
                    Episode episode = get(window.removeFirst());
                    if (jsonl != null) {
                        jsonl.write(episode.jsonl);
                    }
                    if (episode.events != null) {
                        printer.print(episode.spec, episode.events);
                    }
                    events += episode.eventCount;
                    returns += episode.episodeReturn;
                    progress.advance(1);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        double seconds = progress.finish();
        if (out != null && !stdout) {
            spec.commandLine().getOut().printf(Locale.ROOT,
                    "%,d episodes, %,d events in %.1f s (%,.0f episodes/s), mean return %.2f, policy %s -> %s%n",
                    toRun, events, seconds, toRun / Math.max(seconds, 1e-9), returns / toRun, policy.id(), out);
        }
        return 0;
    }

    /**
     * A finished episode: its JSON Lines (events, then the business records it emitted), and its
     * events when they are to be printed.
     */
    private record Episode(EpisodeSpec spec, byte[] jsonl, List<TraceEvent> events, long eventCount,
                           double episodeReturn) {
        static Episode run(EpisodeRunner runner, long index, boolean encode, boolean keepEvents) throws IOException {
            EpisodeDriver driver = runner.driver(index);
            List<TraceEvent> events = EpisodeRunner.run(driver, runner.policy());
            byte[] bytes = null;
            if (encode) {
                String scenario = runner.scenario().name();
                ByteArrayOutputStream buffer = new ByteArrayOutputStream(events.size() * 256);
                try (JsonGenerator json = JSON.createGenerator(buffer)) {
                    json.setRootValueSeparator(new SerializedString("\n"));
                    for (TraceEvent event : events) {
                        TraceJson.write(json, driver.spec(), scenario, event);
                    }
                    for (SideRecord record : driver.drainSideRecords()) {
                        TraceJson.writeSideRecord(json, driver.spec(), scenario, record);
                    }
                }
                buffer.write('\n');
                bytes = buffer.toByteArray();
            }
            return new Episode(driver.spec(), bytes, keepEvents ? events : null, events.size(), driver.episodeReturn());
        }
    }

    private static Episode get(Future<Episode> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        }
    }

    private OutputStream open(String target) {
        if (target == null) {
            return null;
        }
        if (target.equals("-")) {
            return new BufferedOutputStream(System.out, 1 << 16) {
                @Override
                public void close() throws IOException {
                    flush(); // keep stdout open for the JVM
                }
            };
        }
        Path path = Path.of(target);
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        } catch (IOException e) {
            throw new UserInputException("cannot write --out " + target + ": " + e.getMessage(), e);
        }
    }

    static Scenario scenario(String name) {
        try {
            return Scenarios.named(name);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    static ParameterSet parameters(Scenario scenario, Path file) {
        if (file != null && !Files.isReadable(file)) {
            throw new UserInputException("--params " + file + ": no such readable file");
        }
        try {
            return Scenarios.parameters(scenario, file);
        } catch (ParameterException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    static Policy policy(String name, Scenario scenario) {
        try {
            return Policies.named(name, scenario);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--policy: " + e.getMessage(), e);
        }
    }

    static Instant epoch(String text) {
        if (text == null) {
            return Instant.now().truncatedTo(ChronoUnit.SECONDS);
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new UserInputException("--epoch '" + text + "' is not an ISO-8601 instant such as 2026-03-02T08:00:00Z", e);
        }
    }
}
