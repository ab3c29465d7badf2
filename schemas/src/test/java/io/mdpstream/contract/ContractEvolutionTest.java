package io.mdpstream.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's guard on the data contract: this test fails the build when a schema change breaks
 * consumers of the last release kept in {@code schemas/released/}.
 */
class ContractEvolutionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RELEASED = Path.of("released");

    @Test
    void currentContractShouldBeBackwardCompatibleWithTheLastRelease() {
        assertThat(ContractEvolution.newestRelease(RELEASED)).isPresent();

        assertThat(ContractEvolution.check(RELEASED)).isEmpty();
    }

    @Test
    void shouldReportAFieldThatNewReadersRequireButOldDataLacks(@TempDir Path dir) throws IOException {
        Path release = ContractEvolution.snapshot(dir, "9.0.0");
        Path reward = release.resolve("io.mdpstream.events.Reward.avsc");
        // The release before "credited_step" existed: new readers would need a value old data lacks.
        ObjectNode json = (ObjectNode) JSON.readTree(reward.toFile());
        ArrayNode fields = (ArrayNode) json.get("fields");
        fields.remove(fields.size() - 1);
        assertThat(fields.findValuesAsText("name")).doesNotContain("credited_step");
        Files.writeString(reward, json.toString());

        assertThat(ContractEvolution.check(dir)).singleElement().asString()
                .contains("io.mdpstream.events.Reward")
                .contains("credited_step")
                .contains("9.0.0");
    }

    @Test
    void shouldReportAnEventTypeThatDisappeared(@TempDir Path dir) throws IOException {
        Path release = ContractEvolution.snapshot(dir, "1.0.0");
        Files.writeString(release.resolve("io.mdpstream.events.Retired.avsc"),
                "{\"type\":\"record\",\"name\":\"Retired\",\"namespace\":\"io.mdpstream.events\",\"fields\":[]}");

        assertThat(ContractEvolution.check(dir)).singleElement().asString()
                .contains("io.mdpstream.events.Retired")
                .contains("gone");
    }

    @Test
    void shouldCompareReleasesAsVersionsNotAsText(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("0.9.0"));
        Files.createDirectories(dir.resolve("0.10.0"));

        assertThat(ContractEvolution.newestRelease(dir)).isEqualTo(Optional.of(dir.resolve("0.10.0")));
    }

    @Test
    void shouldRefuseToCheckWithoutARelease(@TempDir Path dir) {
        assertThatThrownBy(() -> ContractEvolution.check(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no released contract");
    }
}
