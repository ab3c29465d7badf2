package io.mdpstream.testkit;

import io.mdpstream.testkit.internal.Docker;
import io.mdpstream.testkit.internal.StackChoice;
import io.mdpstream.testkit.internal.StartedStack;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves {@link KafkaStack} parameters; see {@link WithKafkaStack} for how the stack is chosen.
 * The stack starts on first use and stops when the JVM's test run ends.
 */
public final class KafkaStackExtension implements ParameterResolver {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStackExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The root store outlives every test class of the run and closes what it holds at the end.
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(KafkaStack.class, key -> start(), Holder.class).stack;
    }

    private static Holder start() {
        StackChoice choice;
        try {
            choice = StackChoice.of(System.getenv(), Docker::probe);
        } catch (IllegalStateException e) {
            throw new ParameterResolutionException("cannot choose a Kafka stack for tests: " + e.getMessage(), e);
        }
        LOG.info("Tests use the {} Kafka stack ({})", choice.kind(), choice.reason());
        StartedStack stack = StartedStack.start(choice, System.getenv());
        LOG.info("Kafka stack for tests: bootstrap {} registry {}", stack.bootstrapServers(), stack.schemaRegistryUrl());
        return new Holder(stack);
    }

    /** Closes the stack when JUnit closes the root store. */
    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        private final StartedStack stack;

        Holder(StartedStack stack) {
            this.stack = stack;
        }

        @Override
        public void close() throws Exception {
            stack.close();
        }
    }
}
