package io.mdpstream.testkit.internal;

import io.mdpstream.testkit.KafkaStack;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Which stack tests get, from the environment: a pure function, so the rules are tested without
 * starting anything.
 *
 * @param kind   the chosen kind
 * @param reason why, for the test log
 */
public record StackChoice(KafkaStack.Kind kind, String reason) {

    public static final String BOOTSTRAP_ENV = "MDPSTREAM_BOOTSTRAP_SERVERS";
    public static final String REGISTRY_ENV = "MDPSTREAM_SCHEMA_REGISTRY_URL";
    public static final String FORCE_ENV = "MDPSTREAM_TEST_STACK";

    /**
     * @throws IllegalStateException when the environment is contradictory: one endpoint without the
     *                               other, or a forced kind that cannot be had
     */
    public static StackChoice of(Map<String, String> env, Supplier<Docker.Probe> docker) {
        String bootstrap = blankToNull(env.get(BOOTSTRAP_ENV));
        String registry = blankToNull(env.get(REGISTRY_ENV));
        String forced = blankToNull(env.get(FORCE_ENV));
        if ((bootstrap == null) != (registry == null)) {
            throw new IllegalStateException("set both " + BOOTSTRAP_ENV + " and " + REGISTRY_ENV
                    + " to test against an external stack, or neither; only " + (bootstrap != null ? BOOTSTRAP_ENV : REGISTRY_ENV)
                    + " is set");
        }
        if (forced != null) {
            KafkaStack.Kind kind;
            try {
                kind = KafkaStack.Kind.valueOf(forced.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(FORCE_ENV + "=" + forced + " is not one of embedded, testcontainers, external");
            }
            if (kind == KafkaStack.Kind.EXTERNAL && bootstrap == null) {
                throw new IllegalStateException(FORCE_ENV + "=external needs " + BOOTSTRAP_ENV + " and " + REGISTRY_ENV);
            }
            if (kind == KafkaStack.Kind.TESTCONTAINERS && !docker.get().available()) {
                throw new IllegalStateException(FORCE_ENV + "=testcontainers but " + docker.get().detail());
            }
            return new StackChoice(kind, "forced by " + FORCE_ENV);
        }
        if (bootstrap != null) {
            return new StackChoice(KafkaStack.Kind.EXTERNAL, BOOTSTRAP_ENV + "=" + bootstrap + ", " + REGISTRY_ENV + "=" + registry);
        }
        Docker.Probe probe = docker.get();
        if (probe.available()) {
            return new StackChoice(KafkaStack.Kind.TESTCONTAINERS, probe.detail());
        }
        return new StackChoice(KafkaStack.Kind.EMBEDDED, "no external endpoints set and " + probe.detail());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
