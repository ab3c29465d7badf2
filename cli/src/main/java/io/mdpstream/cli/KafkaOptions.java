package io.mdpstream.cli;

import java.io.IOException;
import java.io.InputStream;
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

    void check() {
        if (bootstrapServers != null && schemaRegistry == null) {
            throw new UserInputException("--bootstrap-servers needs --schema-registry too (events are Avro with a registry)");
        }
        if (bootstrapServers == null && schemaRegistry != null) {
            throw new UserInputException("--schema-registry needs --bootstrap-servers too; without both the embedded stack starts");
        }
    }
}
