package io.mdpstream.sink;

import java.util.HashMap;
import java.util.Map;

/**
 * Runs a sink in a JVM of its own, for tests that kill it: {@code key=value} arguments, sink options
 * by their {@link SinkConfig} names and everything else as client properties. Exits 0 when the sink
 * stops, 1 when it fails.
 */
public final class SinkProcess {

    private SinkProcess() {
    }

    public static void main(String[] args) {
        Map<String, Object> options = new HashMap<>();
        Map<String, Object> client = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String key = arg.substring(0, eq);
            (SinkConfig.DEFINITION.names().contains(key) ? options : client).put(key, arg.substring(eq + 1));
        }
        try {
            EpisodeSink.Summary summary = new EpisodeSink(SinkConfig.from(options), client).run();
            System.out.println("sink stopped: " + summary);
            System.exit(0);
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
