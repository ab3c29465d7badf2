package io.mdpstream.cli;

import io.mdpstream.sink.EpisodeSink;
import io.mdpstream.sink.SinkConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mdpstream sink}: stores a namespace's finished episodes for offline training, exactly once. */
@Command(name = "sink",
        description = {"Store a namespace's finished episodes as Parquet (or JSON Lines) steps with an episodes table, "
                + "dataset metadata and a quarantine for invalid episodes; exactly once, even when killed and restarted.",
                "Reads <ns>.episodes, .states, .actions, .rewards and the validator's <ns>.verdicts as a consumer group."})
final class SinkCommand implements Callable<Integer> {

    /** The sink's options as this command names them. */
    static final Map<String, String> FLAGS = Map.of(SinkConfig.BUFFER_MAX_BYTES_CONFIG, "--buffer-mb (bytes)",
            SinkConfig.VERDICT_TIMEOUT_CONFIG, "--verdict-timeout (ms)", SinkConfig.FLUSH_INTERVAL_CONFIG, "--flush-interval (ms)",
            SinkConfig.STOP_WHEN_IDLE_CONFIG, "--until-idle (ms)", SinkConfig.FORMAT_CONFIG, "--format",
            SinkConfig.VERDICTS_CONFIG, "--verdicts", SinkConfig.NAMESPACE_CONFIG, "--namespace");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--namespace", required = true, description = "Namespace to store (by default a run's scenario name).")
    String namespace;

    @Option(names = "--out", paramLabel = "DIR", description = "Dataset directory (default: ./mdpstream-data/<namespace>).")
    Path out;

    @Option(names = "--format", defaultValue = "parquet", description = "parquet or jsonl (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--verdicts", defaultValue = "require", description = "require: store an episode once the validator judged it "
            + "(invalid, or none within --verdict-timeout: quarantine); ignore: store every complete episode as unvalidated "
            + "(default: ${DEFAULT-VALUE}).")
    String verdicts;

    @Option(names = "--verdict-timeout", defaultValue = "2m", converter = Durations.class,
            description = "How long a finished episode waits for its verdict (default: ${DEFAULT-VALUE}).")
    Duration verdictTimeout;

    @Option(names = "--flush-interval", defaultValue = "5s", converter = Durations.class,
            description = "Longest wait before a finished episode is written and its offsets committed (default: ${DEFAULT-VALUE}).")
    Duration flushInterval;

    @Option(names = "--buffer-mb", defaultValue = "128", description = "Memory for open episodes' events before they spill to disk, MiB "
            + "(default: ${DEFAULT-VALUE}).")
    long bufferMb;

    @Option(names = "--group-id", description = "Consumer group (default: mdpstream-sink-<namespace>); sinks sharing one split the partitions.")
    String groupId;

    @Option(names = "--until-idle", converter = Durations.class, description = "Stop once nothing new arrived for this long and "
            + "everything read is stored; default: run until Ctrl-C.")
    Duration untilIdle;

    @CommandLine.Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Override
    public Integer call() throws InterruptedException {
        kafka.check();
        if (!kafka.external()) {
            throw new UserInputException("sink reads an existing stream: give --bootstrap-servers and --schema-registry "
                    + "(for `mdpstream stack`: localhost:9092 and http://localhost:8081)");
        }
        SinkConfig config = config();
        EpisodeSink sink = new EpisodeSink(config, kafka.clientProperties(kafka.bootstrapServers, kafka.schemaRegistry));
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            sink.stop(); // Ctrl-C: store what is finished and commit, then exit
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mdpstream-sink-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Storing namespace " + namespace + " in " + config.outputDir().toAbsolutePath() + " ("
                + config.format().label() + ", verdicts " + config.verdicts().label() + ")");
        out.flush();
        EpisodeSink.Summary summary;
        try {
            summary = sink.run();
        } finally {
            finished.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running: it only waits for the latch counted down above
        }
        out.printf("Stored %d episodes (%d steps) and quarantined %d in %d batches, in %d s: %s%n", summary.episodes(),
                summary.steps(), summary.quarantined(), summary.batches(), summary.elapsed().toSeconds(),
                config.outputDir().toAbsolutePath());
        return 0;
    }

    private SinkConfig config() {
        Map<String, Object> options = new HashMap<>();
        options.put(SinkConfig.NAMESPACE_CONFIG, namespace);
        options.put(SinkConfig.OUTPUT_DIR_CONFIG, out == null ? "" : out.toString());
        options.put(SinkConfig.FORMAT_CONFIG, format);
        options.put(SinkConfig.VERDICTS_CONFIG, verdicts);
        options.put(SinkConfig.VERDICT_TIMEOUT_CONFIG, verdictTimeout.toMillis());
        options.put(SinkConfig.FLUSH_INTERVAL_CONFIG, flushInterval.toMillis());
        options.put(SinkConfig.BUFFER_MAX_BYTES_CONFIG, bufferMb * 1024 * 1024);
        options.put(SinkConfig.GROUP_ID_CONFIG, groupId == null ? "" : groupId);
        options.put(SinkConfig.STOP_WHEN_IDLE_CONFIG, untilIdle == null ? 0 : untilIdle.toMillis());
        return ConfigOptions.parse(options, SinkConfig::from, FLAGS);
    }

}
