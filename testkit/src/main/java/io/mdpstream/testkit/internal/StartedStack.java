package io.mdpstream.testkit.internal;

import io.mdpstream.embedded.EmbeddedStack;
import io.mdpstream.testkit.KafkaStack;
import java.util.Map;

/** A stack the extension started (or found), closed when the JVM's tests are done. */
public record StartedStack(Kind kind, String bootstrapServers, String schemaRegistryUrl, AutoCloseable resources)
        implements KafkaStack, AutoCloseable {

    public static StartedStack start(StackChoice choice, Map<String, String> env) {
        switch (choice.kind()) {
            case EXTERNAL:
                return new StartedStack(Kind.EXTERNAL, env.get(StackChoice.BOOTSTRAP_ENV).trim(),
                        env.get(StackChoice.REGISTRY_ENV).trim(), () -> { });
            case TESTCONTAINERS:
                return ContainerStack.start(env);
            default:
                EmbeddedStack stack = EmbeddedStack.start();
                return new StartedStack(Kind.EMBEDDED, stack.bootstrapServers(), stack.schemaRegistryUrl(), stack);
        }
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
