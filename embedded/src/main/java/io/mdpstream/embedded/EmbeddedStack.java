package io.mdpstream.embedded;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A Kafka broker and a schema registry in this JVM: the zero-setup default of mdpstream and the
 * backbone of its integration tests. Starts in a few seconds; {@link #close} stops both.
 */
public final class EmbeddedStack implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;

    private EmbeddedStack(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry) {
        this.broker = broker;
        this.registry = registry;
    }

    /** Starts a stack on free ports with temporary storage. */
    public static EmbeddedStack start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code host:port} of the broker. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** {@code http://host:port} of the registry. */
    public String schemaRegistryUrl() {
        return registry.url();
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    public EmbeddedSchemaRegistry registry() {
        return registry;
    }

    /** Stops the registry, then the broker. Idempotent. */
    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            broker.close();
        }
    }

    /** Options of an embedded stack. */
    public static final class Builder {
        private String host = "localhost";
        private int brokerPort;
        private int controllerPort;
        private int registryPort;
        private Path dataDir;
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Broker client port; 0 (the default) picks a free one. */
        public Builder brokerPort(int port) {
            this.brokerPort = port;
            return this;
        }

        /** KRaft controller port; 0 (the default) picks a free one. */
        public Builder controllerPort(int port) {
            this.controllerPort = port;
            return this;
        }

        /** Registry HTTP port; 0 (the default) picks a free one. */
        public Builder registryPort(int port) {
            this.registryPort = port;
            return this;
        }

        /** Keeps broker data (and so the registry's schemas) in {@code dir}; default a temporary directory. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Starts the broker, then the registry.
         *
         * @throws StackStartException naming what failed, e.g. a port already in use
         */
        public EmbeddedStack start() {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().host(host).port(brokerPort)
                    .controllerPort(controllerPort).dataDir(dataDir).startTimeout(startTimeout).start();
            try {
                EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder(broker.bootstrapServers())
                        .host(host).port(registryPort).timeout(startTimeout).start();
                return new EmbeddedStack(broker, registry);
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
        }
    }
}
