package io.mdpstream.embedded;

import io.mdpstream.embedded.internal.Ports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process), started
 * inside this JVM from Kafka's own server code.
 *
 * <p>Internal topics are sized for one node (replication factor 1, few partitions) so the broker is
 * ready in a few seconds. Everything else is Kafka's default, so behaviour seen here, such as the
 * one-hour limit on future record timestamps, is what a real cluster does.
 *
 * <p>Not thread-safe for start and close; the running broker serves any number of clients.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDir;
    private final boolean deleteDataDir;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path dataDir, boolean deleteDataDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
        this.deleteDataDir = deleteDataDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code host:port} for clients. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Where the broker keeps its logs. */
    public Path dataDir() {
        return dataDir;
    }

    /** Shuts the broker down cleanly and deletes a temporary data directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        if (deleteDataDir) {
            deleteRecursively(dataDir);
        }
        LOG.info("Embedded Kafka broker at {} stopped", bootstrapServers);
    }

    /** Options of an embedded broker. */
    public static final class Builder {
        private String host = "localhost";
        private int port;
        private int controllerPort;
        private Path dataDir;
        private Duration startTimeout = Duration.ofSeconds(60);
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {
        }

        /** Host name to bind and advertise; default localhost. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Client port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** KRaft controller port; 0 (the default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /**
         * Keeps data in {@code dir}, which survives close and is reused by the next start. Without it
         * the broker uses a temporary directory deleted on close.
         */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** How long to wait for the broker to answer; default 60 s. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Sets a broker property, overriding the embedded defaults. */
        public Builder brokerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        /**
         * Formats storage when needed, starts the broker and waits until it serves clients.
         *
         * @throws StackStartException with the reason, e.g. a port already in use
         */
        public EmbeddedKafkaBroker start() {
            long begin = System.nanoTime();
            int brokerPort = Ports.claim(host, port, "broker port");
            int ctrlPort = Ports.claim(host, controllerPort, "controller port");
            if (brokerPort == ctrlPort) {
                ctrlPort = Ports.free(host);
            }
            boolean temporary = dataDir == null;
            Path dir = temporary ? createTempDir() : dataDir.toAbsolutePath();
            Properties props = properties(brokerPort, ctrlPort, dir);
            KafkaRaftServer server;
            try {
                format(props, dir);
                server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
                server.startup();
            } catch (RuntimeException e) {
                if (temporary) {
                    deleteRecursively(dir);
                }
                throw new StackStartException("embedded Kafka broker failed to start on " + host + ":" + brokerPort
                        + " (data in " + dir + "): " + e.getMessage(), e);
            }
            String bootstrap = host + ":" + brokerPort;
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, bootstrap, dir, temporary);
            try {
                awaitReady(bootstrap, startTimeout);
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
            LOG.info("Embedded Kafka broker ready at {} in {} ms (data in {})", bootstrap,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), dir);
            return broker;
        }

        private Properties properties(int brokerPort, int ctrlPort, Path dir) {
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@" + host + ":" + ctrlPort);
            props.put("listeners", "PLAINTEXT://" + host + ":" + brokerPort + ",CONTROLLER://" + host + ":" + ctrlPort);
            props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + brokerPort);
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("log.dirs", dir.toString());
            // One node: internal topics cannot have more replicas, and fewer partitions start faster.
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "5");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("transaction.state.log.num.partitions", "5");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("share.coordinator.state.topic.num.partitions", "1");
            // A new group's first assignment waits this long for more members (3 s on a production broker): the stream
            // threads of a Kafka Streams application join one by one, and an assignment made before the last one joined
            // is followed by a second one that moves tasks between the threads while they run.
            props.put("group.initial.rebalance.delay.ms", "500");
            props.putAll(overrides);
            return props;
        }
    }

    private static void format(Properties props, Path dir) {
        if (Files.exists(dir.resolve("meta.properties"))) {
            return;
        }
        Path config = dir.resolve("server.properties");
        try {
            Files.createDirectories(dir);
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "embedded broker, written for kafka-storage format");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            code = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
                    print);
        } catch (Exception e) {
            throw new StackStartException("formatting " + dir + " failed: " + e.getMessage(), e);
        }
        if (code != 0) {
            throw new StackStartException("formatting " + dir + " failed (exit " + code + "): "
                    + output.toString(StandardCharsets.UTF_8).trim());
        }
    }

    private static void awaitReady(String bootstrap, Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "mdpstream-embedded-readiness");
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StackStartException("interrupted while waiting for the broker at " + bootstrap, e);
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new StackStartException("broker at " + bootstrap + " did not answer within "
                                + timeout.toSeconds() + " s: " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("mdpstream-kafka-" + UUID.randomUUID().toString().substring(0, 8) + "-");
        } catch (IOException e) {
            throw new StackStartException("cannot create a temporary data directory: " + e.getMessage(), e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.getMessage());
        }
    }
}
