package io.mdpstream.testkit.internal;

import org.testcontainers.DockerClientFactory;

/** Asks Testcontainers, once per JVM, whether a Docker engine answers. */
public final class Docker {

    /** Whether Docker answered, and what was found or what went wrong. */
    public record Probe(boolean available, String detail) {
    }

    private static Probe probe;

    private Docker() {
    }

    public static synchronized Probe probe() {
        if (probe == null) {
            probe = check();
        }
        return probe;
    }

    private static Probe check() {
        try {
            DockerClientFactory factory = DockerClientFactory.instance();
            if (factory.isDockerAvailable()) {
                return new Probe(true, "Docker " + factory.getActiveApiVersion());
            }
            return new Probe(false, "no Docker environment found by Testcontainers (is the engine running?)");
        } catch (RuntimeException | LinkageError e) {
            return new Probe(false, e.toString());
        }
    }
}
