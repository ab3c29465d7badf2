package io.mdpstream.cli;

import io.mdpstream.embedded.EmbeddedStack;
import io.mdpstream.embedded.StackStartException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mdpstream stack}: the embedded broker and registry, for any client, until Ctrl-C. */
@Command(name = "stack",
        description = {"Run an embedded Kafka broker and schema registry until Ctrl-C.",
                "Any client can connect: kcat, confluent-kafka-python, the Kafka CLI tools, other mdpstream commands."})
final class StackCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", defaultValue = "localhost", description = "Host to bind and advertise (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--broker-port", defaultValue = "9092", description = "Kafka client port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int brokerPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--controller-port", defaultValue = "0", description = "KRaft controller port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--data-dir", description = "Keep broker data (and so registered schemas) here across runs; default: a temporary directory removed on exit.")
    Path dataDir;

    /** Blocks until the JVM shuts down (Ctrl-C). */
    static void awaitShutdown() {
        CountDownLatch exit = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(exit::countDown, "mdpstream-await-shutdown"));
        try {
            exit.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Signalled by tests instead of Ctrl-C. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Starting the embedded Kafka broker and schema registry...");
        out.flush();
        EmbeddedStack stack;
        try {
            stack = EmbeddedStack.builder().host(host).brokerPort(brokerPort).registryPort(registryPort)
                    .controllerPort(controllerPort).dataDir(dataDir).start();
        } catch (StackStartException e) {
            throw new StackStartException(e.getMessage() + " [ports: --broker-port, --registry-port, --controller-port]", e);
        }
        Thread shutdown = new Thread(() -> {
            stack.close();
            stop.countDown();
        }, "mdpstream-stack-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        out.println("mdpstream stack is up");
        out.println("  bootstrap servers  " + stack.bootstrapServers());
        out.println("  schema registry    " + stack.schemaRegistryUrl());
        out.println("  data               " + (dataDir == null ? "temporary, removed on exit" : dataDir.toAbsolutePath()));
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stop.await();
        if (Thread.currentThread() != shutdown) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdown);
                stack.close();
            } catch (IllegalStateException alreadyShuttingDown) {
                // The JVM is exiting; the hook closes the stack.
            }
        }
        return 0;
    }
}
