package io.mdpstream.embedded;

import com.sun.net.httpserver.HttpServer;
import io.mdpstream.embedded.internal.KafkaRegistryJournal;
import io.mdpstream.embedded.internal.Ports;
import io.mdpstream.embedded.internal.RegistryHttpHandler;
import io.mdpstream.registry.InMemorySchemaRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry server that speaks the Confluent REST API subset common clients use, and keeps
 * its schemas in a compacted Kafka topic (by default {@code _schemas}) as Confluent's registry does,
 * so a restart against the same broker keeps every subject, version and id.
 *
 * <p>One instance per topic: it is the only writer, so it assigns ids without coordination.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final KafkaRegistryJournal journal;
    private final String url;
    private boolean closed;

    private EmbeddedSchemaRegistry(HttpServer server, ExecutorService executor, KafkaRegistryJournal journal, String url) {
        this.server = server;
        this.executor = executor;
        this.journal = journal;
        this.url = url;
    }

    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    /** Base URL for clients, {@code http://host:port}. */
    public String url() {
        return url;
    }

    /** Stops serving and closes the journal. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        journal.close();
        LOG.info("Embedded schema registry at {} stopped", url);
    }

    /** Options of an embedded registry. */
    public static final class Builder {
        private final String bootstrapServers;
        private String host = "localhost";
        private int port;
        private String topic = "_schemas";
        private Duration timeout = Duration.ofSeconds(30);

        private Builder(String bootstrapServers) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** HTTP port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The compacted topic that stores schemas; default {@code _schemas}. */
        public Builder topic(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        /** Time allowed for preparing and replaying the topic, and for each write; default 30 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Replays the topic and starts serving.
         *
         * @throws StackStartException when the port is taken or the broker cannot be used
         */
        public EmbeddedSchemaRegistry start() {
            long begin = System.nanoTime();
            int httpPort = Ports.claim(host, port, "schema registry port");
            KafkaRegistryJournal journal;
            InMemorySchemaRegistry registry;
            try {
                journal = KafkaRegistryJournal.open(bootstrapServers, topic, timeout);
            } catch (RuntimeException e) {
                throw new StackStartException("schema registry cannot use topic " + topic + " on " + bootstrapServers
                        + ": " + e.getMessage(), e);
            }
            try {
                registry = new InMemorySchemaRegistry(journal);
                journal.replay(registry::apply);
            } catch (RuntimeException e) {
                journal.close();
                throw new StackStartException("schema registry cannot replay topic " + topic + ": " + e.getMessage(), e);
            }
            HttpServer server;
            AtomicInteger threads = new AtomicInteger();
            ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "mdpstream-registry-http-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), httpPort), 64);
            } catch (IOException e) {
                journal.close();
                executor.shutdownNow();
                throw new StackStartException("schema registry port " + httpPort + " on " + host
                        + " cannot be bound: " + e.getMessage(), e);
            }
            server.createContext("/", new RegistryHttpHandler(registry));
            server.setExecutor(executor);
            server.start();
            String url = "http://" + host + ":" + server.getAddress().getPort();
            LOG.info("Embedded schema registry ready at {} in {} ms (topic {})", url,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), topic);
            return new EmbeddedSchemaRegistry(server, executor, journal, url);
        }
    }
}
