package io.mdpstream.validate;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;

/**
 * A validator in a JVM of its own, so a test can kill it with SIGKILL:
 * {@code ValidatorChild <bootstrap> <registry-url> <namespace> <state-dir>}. Runs until killed.
 */
public final class ValidatorChild {

    private ValidatorChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        ValidatorApp app = new ValidatorApp(ValidatorConfig.of(args[2]),
                Map.of("bootstrap.servers", args[0], "schema.registry.url", args[1]), new SimpleMeterRegistry(), Path.of(args[3]));
        app.start();
        Thread.sleep(Long.MAX_VALUE);
    }
}
