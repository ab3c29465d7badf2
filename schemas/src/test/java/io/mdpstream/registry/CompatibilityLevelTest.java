package io.mdpstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityLevelTest {

    private static final Schema V1 = parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
    private static final Schema ADDED_WITH_DEFAULT = parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
            + "{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\",\"default\":\"x\"}]}");
    private static final Schema ADDED_WITHOUT_DEFAULT = parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
            + "{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\"}]}");
    private static final Schema REMOVED = parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[]}");

    @Test
    void backwardShouldAcceptFieldAddedWithDefault() {
        assertThat(CompatibilityLevel.BACKWARD.incompatibilities(ADDED_WITH_DEFAULT, List.of(V1))).isEmpty();
    }

    @Test
    void backwardShouldRejectFieldAddedWithoutDefault() {
        assertThat(CompatibilityLevel.BACKWARD.incompatibilities(ADDED_WITHOUT_DEFAULT, List.of(V1)))
                .singleElement().asString()
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("b");
    }

    @Test
    void forwardShouldRejectRemovingFieldThatOldReadersNeed() {
        assertThat(CompatibilityLevel.FORWARD.incompatibilities(REMOVED, List.of(V1))).isNotEmpty();
        assertThat(CompatibilityLevel.BACKWARD.incompatibilities(REMOVED, List.of(V1))).isEmpty();
    }

    @Test
    void fullShouldRequireBothDirections() {
        assertThat(CompatibilityLevel.FULL.incompatibilities(ADDED_WITH_DEFAULT, List.of(V1))).isEmpty();
        assertThat(CompatibilityLevel.FULL.incompatibilities(REMOVED, List.of(V1))).isNotEmpty();
        assertThat(CompatibilityLevel.FULL.incompatibilities(ADDED_WITHOUT_DEFAULT, List.of(V1))).isNotEmpty();
    }

    @Test
    void transitiveLevelsShouldCheckEveryEarlierVersionNotOnlyTheLatest() {
        // Against the latest version (no fields) a string "a" with a default is fine; against V1,
        // where "a" was an int, it is not.
        Schema retyped = parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\",\"default\":\"\"}]}");
        List<Schema> history = List.of(V1, REMOVED);

        assertThat(CompatibilityLevel.BACKWARD.incompatibilities(retyped, history)).isEmpty();
        assertThat(CompatibilityLevel.BACKWARD_TRANSITIVE.incompatibilities(retyped, history)).isNotEmpty();
    }

    @Test
    void noneShouldAcceptAnything() {
        assertThat(CompatibilityLevel.NONE.incompatibilities(parse("\"string\""), List.of(V1))).isEmpty();
    }

    @Test
    void shouldParseLevelNamesIgnoringCaseAndNameTheAllowedOnes() {
        assertThat(CompatibilityLevel.parse("full_transitive")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThatThrownBy(() -> CompatibilityLevel.parse("sideways"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sideways")
                .hasMessageContaining("BACKWARD_TRANSITIVE");
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
