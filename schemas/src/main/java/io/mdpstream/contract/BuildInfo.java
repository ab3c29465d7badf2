package io.mdpstream.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and commit this code was built from, recorded in every episode as its code version
 * so stored data says exactly which code produced it.
 *
 * @param version  the mdpstream version, e.g. 0.1.0
 * @param commit   abbreviated git commit, or "unknown" outside a git checkout
 * @param dirty    whether the working tree had uncommitted changes at build time
 * @param kafka    the Kafka client version built against
 * @param avro     the Avro version built against
 */
public record BuildInfo(String version, String commit, boolean dirty, String kafka, String avro) {

    private static final BuildInfo CURRENT = load();

    public static BuildInfo current() {
        return CURRENT;
    }

    /** {@code version+commit}, with {@code .dirty} when built from uncommitted changes. */
    public String codeVersion() {
        return version + "+" + commit + (dirty ? ".dirty" : "");
    }

    private static BuildInfo load() {
        Properties props = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/io/mdpstream/build.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read build.properties", e);
        }
        return new BuildInfo(value(props, "version"), value(props, "commit"),
                Boolean.parseBoolean(value(props, "dirty")), value(props, "kafka"), value(props, "avro"));
    }

    /** Unfiltered placeholders (a build without git) read as unknown. */
    private static String value(Properties props, String key) {
        String value = props.getProperty(key, "unknown");
        return value.startsWith("${") ? "unknown" : value;
    }
}
