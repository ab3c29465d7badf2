package io.mdpstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigOptionsTest {

    private static final Map<String, String> FLAGS = Map.of("lateness.ms", "--lateness", "lateness.wall.ms", "--lateness-wall",
            "namespace", "--namespace");

    @Test
    void shouldSayTheCommandLineOptionWhereTheConfigNamesItsOwn() {
        assertThat(ConfigOptions.inFlags("Invalid value -1 for configuration lateness.wall.ms: must be >= 0", FLAGS))
                .isEqualTo("Invalid value -1 for --lateness-wall: must be >= 0");
        assertThat(ConfigOptions.inFlags("Invalid value 5 for configuration gap.timeout.ms: must be at least lateness.ms (10)", FLAGS))
                .isEqualTo("Invalid value 5 for configuration gap.timeout.ms: must be at least --lateness (10)");
        assertThat(ConfigOptions.inFlags("Invalid value a b for configuration namespace: the namespace may not hold spaces", FLAGS))
                .as("a plain word is replaced only where it is the option").isEqualTo("Invalid value a b for --namespace: the namespace may not hold spaces");
    }
}
