package io.mdpstream.validate.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceProfileTest {

    @TempDir
    Path dir;

    private static ReferenceProfile profile() {
        WindowStats stats = WindowStatsTest.sample(1, 0, 300);
        stats.addState(Map.of("tiny", Double.MIN_VALUE, "neg", -2.0));
        stats.addReward(Double.POSITIVE_INFINITY);
        return ReferenceProfile.of("grid", stats);
    }

    @Test
    void shouldReadBackTheProfileItWrote() {
        ReferenceProfile profile = profile();
        Path file = dir.resolve("profile.json");

        profile.write(file);
        ReferenceProfile back = ReferenceProfile.read(file, "grid");

        assertThat(back).isEqualTo(profile);
        assertThat(back.scenario()).isEqualTo("grid");
        assertThat(back.featureNames()).containsExactlyElementsOf(profile.featureNames());
        assertThat(back.reward().nonFinite()).isEqualTo(1);
        assertThat(back.feature("speed").orElseThrow().quantile(0.9))
                .isEqualTo(profile.feature("speed").orElseThrow().quantile(0.9));
    }

    @Test
    void shouldMergeProfilesOfTheSameScenario() {
        ReferenceProfile a = ReferenceProfile.of("grid", WindowStatsTest.sample(2, 0, 100));
        ReferenceProfile b = ReferenceProfile.of("grid", WindowStatsTest.sample(3, 0, 50));

        ReferenceProfile merged = a.merge(b);

        assertThat(merged.reward().count()).isEqualTo(150);
        assertThat(merged.feature("speed").orElseThrow().count()).isEqualTo(150);
        assertThat(a.reward().count()).isEqualTo(100);
        assertThatThrownBy(() -> a.merge(ReferenceProfile.of("cart", new WindowStats())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'grid'").hasMessageContaining("'cart'");
    }

    @Test
    void shouldNameTheFileWhenItIsMissing() {
        Path file = dir.resolve("nope.json");

        assertThatThrownBy(() -> ReferenceProfile.read(file))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("no such file");
    }

    @Test
    void shouldNameTheFileWhenItIsNotJson() throws IOException {
        Path file = write("{\"format\": 1, \"scenario\": ");

        assertThatThrownBy(() -> ReferenceProfile.read(file))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void shouldNameAMissingField() throws IOException {
        Path file = write(json().replaceFirst("\"reward\"", "\"rewards\""));

        assertThatThrownBy(() -> ReferenceProfile.read(file))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("missing field reward");
    }

    @Test
    void shouldNameANegativeCount() throws IOException {
        Path file = write(json().replaceFirst("\"count\" : (\\d+)", "\"count\" : -$1"));

        assertThatThrownBy(() -> ReferenceProfile.read(file))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageMatching(".*reward\\.count must be >= 0, was -\\d+");
    }

    @Test
    void shouldNameAnInconsistentSketch() throws IOException {
        Path file = write(json().replaceFirst("\"count\" : (\\d+)", "\"count\" : 7"));

        assertThatThrownBy(() -> ReferenceProfile.read(file))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("reward: sketch holds 300 values but count is 7");
    }

    @Test
    void shouldNameAnotherFormatVersion() throws IOException {
        Path file = write(json().replaceFirst("\"format\" : 1", "\"format\" : 2"));

        assertThatThrownBy(() -> ReferenceProfile.read(file))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("format is 2, this version reads only 1");
    }

    @Test
    void shouldNameTheScenarioMismatch() throws IOException {
        Path file = write(json());

        assertThatThrownBy(() -> ReferenceProfile.read(file, "cartpole"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("captured for scenario 'grid', expected 'cartpole'");
        assertThat(ReferenceProfile.read(file).scenario()).isEqualTo("grid");
    }

    @Test
    void shouldRejectATopLevelThatIsNotAnObject() throws IOException {
        Path file = write("[1, 2]");

        assertThatThrownBy(() -> ReferenceProfile.read(file))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("the top level must be an object");
    }

    private String json() throws IOException {
        Path file = dir.resolve("good.json");
        profile().write(file);
        return Files.readString(file);
    }

    private Path write(String content) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
