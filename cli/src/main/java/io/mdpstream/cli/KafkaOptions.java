package io.mdpstream.cli;

import java.io.IOException;
import io.mdpstream.embedded.EmbeddedStack;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where Kafka and the registry are, shared by every command that uses them. Without
 * {@code --bootstrap-servers} a command starts the embedded stack.
 */
final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka brokers; without it the embedded stack starts.")
    String bootstrapServers;

    @Option(names = "--schema-registry", paramLabel = "URL", description = "Schema registry URL (required with --bootstrap-servers).")
    String schemaRegistry;

    @Option(names = "--client-config", paramLabel = "FILE", description = "Properties for Kafka and registry clients: SASL, TLS, "
            + "basic.auth.user.info, schema.registry.ssl.*; passed through as they are.")
    Path clientConfig;

    /** Whether the user named a Kafka cluster (otherwise the embedded stack is used). */
    boolean external() {
        return bootstrapServers != null;
    }

    /**
     * The client properties: the file's, then the endpoints.
     *
     * @throws UserInputException naming the option that is wrong
     */
    Map<String, Object> clientProperties(String bootstrap, String registry) {
        Map<String, Object> props = new HashMap<>();
        if (clientConfig != null) {
            if (!Files.isReadable(clientConfig)) {
                throw new UserInputException("--client-config " + clientConfig + ": no such readable file");
            }
            Properties file = new Properties();
            try (InputStream in = Files.newInputStream(clientConfig)) {
                file.load(in);
            } catch (IOException e) {
                throw new UserInputException("--client-config " + clientConfig + ": " + e.getMessage(), e);
            }
            file.forEach((k, v) -> props.put(k.toString(), v.toString()));
        }
        props.put("bootstrap.servers", bootstrap);
        props.put("schema.registry.url", registry);
        return props;
    }

    /** Where the clients connect, and the embedded stack started for them, if one was (closed with this). */
    record Connection(String bootstrapServers, String schemaRegistry, EmbeddedStack embedded) implements AutoCloseable {
        @Override
        public void close() {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /**
     * The named cluster, or, without {@code --bootstrap-servers}, the embedded stack started here
     * (with its data in {@code dataDir}, or a temporary directory when null), its addresses printed.
     */
    Connection connect(PrintWriter out, Path dataDir, String hint) {
        check();
        if (external()) {
            return new Connection(bootstrapServers, schemaRegistry, null);
        }
        out.println("Starting the embedded Kafka broker and schema registry (no --bootstrap-servers given)...");
        out.flush();
        EmbeddedStack stack = EmbeddedStack.builder().dataDir(dataDir).start();
        out.println("  bootstrap servers  " + stack.bootstrapServers() + hint);
        out.println("  schema registry    " + stack.schemaRegistryUrl());
        out.flush();
        return new Connection(stack.bootstrapServers(), stack.schemaRegistryUrl(), stack);
    }

    void check() {
        if (bootstrapServers != null && schemaRegistry == null) {
            throw new UserInputException("--bootstrap-servers needs --schema-registry too (events are Avro with a registry)");
        }
        if (bootstrapServers == null && schemaRegistry != null) {
            throw new UserInputException("--schema-registry needs --bootstrap-servers too; without both the embedded stack starts");
        }
    }
}
