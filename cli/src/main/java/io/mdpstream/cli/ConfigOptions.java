package io.mdpstream.cli;

import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigException;

/**
 * Parses a module's self-describing config from command-line values. The module's message names
 * its config option; the user typed a command-line option, so the message says that one instead.
 */
final class ConfigOptions {

    private ConfigOptions() {
    }

    /**
     * @param flags config option name to what the user types for it, e.g. {@code buffer.max.bytes}
     *              to {@code --buffer-mb (bytes)}
     * @throws UserInputException with the config's message in command-line words
     */
    static <T> T parse(Map<String, Object> options, Function<Map<String, Object>, T> from, Map<String, String> flags) {
        try {
            return from.apply(options);
        } catch (ConfigException e) {
            throw new UserInputException(inFlags(e.getMessage(), flags), e);
        }
    }

    static String inFlags(String message, Map<String, String> flags) {
        String said = message;
        // Longest first, so that a name inside a longer one is not replaced within it. A plain word
        // (namespace, format) is replaced only where Kafka's message says "configuration <name>";
        // a dotted name cannot be mistaken for prose and is replaced wherever it stands.
        for (String name : flags.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            said = said.replace("configuration " + name, flags.get(name));
            if (name.contains(".")) {
                said = said.replace(name, flags.get(name));
            }
        }
        return said;
    }
}
