package io.mdpstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    private static final Schema V1 = parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
    private static final Schema V2 = parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
            + "{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\",\"default\":\"x\"}]}");
    private static final Schema BREAKING = parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
            + "{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"c\",\"type\":\"long\"}]}");

    private final List<RegistryRecord> journal = new ArrayList<>();
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(journal::add);

    @Test
    void shouldCountVersionsPerSubjectAndShareIdsAcrossSubjects() {
        int first = registry.register("a-value", V1);
        int second = registry.register("a-value", V2);
        int shared = registry.register("b-value", V1);

        assertThat(second).isEqualTo(first + 1);
        assertThat(shared).isEqualTo(first);
        assertThat(registry.versions("a-value")).containsExactly(1, 2);
        assertThat(registry.latest("a-value").schema()).isEqualTo(V2);
        assertThat(registry.version("b-value", 1).id()).isEqualTo(first);
    }

    @Test
    void shouldReturnTheExistingIdWhenTheSameSchemaIsRegisteredAgain() {
        int id = registry.register("a-value", V1);

        assertThat(registry.register("a-value", V1)).isEqualTo(id);
        assertThat(registry.versions("a-value")).containsExactly(1);
    }

    @Test
    void shouldRejectIncompatibleSchemaWithConfluentCodeAndMessage() {
        registry.register("a-value", V1);

        assertThatThrownBy(() -> registry.register("a-value", BREAKING))
                .isInstanceOfSatisfying(RestClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.serverMessage())
                            .startsWith("Schema being registered is incompatible with an earlier schema for subject \"a-value\"")
                            .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
                });
        assertThat(registry.versions("a-value")).containsExactly(1);
    }

    @Test
    void shouldAcceptAnyChangeUnderNone() {
        registry.register("a-value", V1);
        registry.setCompatibility("a-value", CompatibilityLevel.NONE);

        registry.register("a-value", BREAKING);

        assertThat(registry.versions("a-value")).containsExactly(1, 2);
        assertThat(registry.compatibility("other")).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void shouldAnswerUnknownThingsWithConfluentErrorCodes() {
        assertThatThrownBy(() -> registry.schemaById(99)).isInstanceOfSatisfying(RestClientException.class,
                e -> assertThat(e.errorCode()).isEqualTo(RestClientException.SCHEMA_NOT_FOUND));
        assertThatThrownBy(() -> registry.latest("nope")).isInstanceOfSatisfying(RestClientException.class,
                e -> assertThat(e.errorCode()).isEqualTo(RestClientException.SUBJECT_NOT_FOUND));
        registry.register("a-value", V1);
        assertThatThrownBy(() -> registry.version("a-value", 7)).isInstanceOfSatisfying(RestClientException.class,
                e -> assertThat(e.errorCode()).isEqualTo(RestClientException.VERSION_NOT_FOUND));
        assertThatThrownBy(() -> registry.lookup("a-value", V2)).isInstanceOfSatisfying(RestClientException.class,
                e -> assertThat(e.errorCode()).isEqualTo(RestClientException.SCHEMA_NOT_FOUND));
    }

    @Test
    void shouldSoftDeleteBeforePermanentDeleteAndKeepIdsReadable() {
        int id = registry.register("a-value", V1);

        assertThatThrownBy(() -> registry.deleteSubject("a-value", true)).isInstanceOf(RestClientException.class)
                .hasMessageContaining("not deleted first");
        assertThat(registry.deleteSubject("a-value", false)).containsExactly(1);
        assertThat(registry.subjects()).isEmpty();
        assertThat(registry.schemaById(id)).isEqualTo(V1);
        assertThat(registry.deleteSubject("a-value", true)).containsExactly(1);
        assertThat(registry.register("a-value", V2)).isEqualTo(id + 1);
        assertThat(registry.versions("a-value")).containsExactly(1);
    }

    @Test
    void shouldRebuildTheSameStateFromItsJournal() {
        registry.register("a-value", V1);
        registry.register("a-value", V2);
        registry.register("b-value", V1);
        registry.setCompatibility("b-value", CompatibilityLevel.FULL);
        registry.deleteSubject("b-value", false);

        InMemorySchemaRegistry replayed = new InMemorySchemaRegistry();
        journal.forEach(replayed::apply);

        assertThat(replayed.subjects()).isEqualTo(registry.subjects());
        assertThat(replayed.latest("a-value")).isEqualTo(registry.latest("a-value"));
        assertThat(replayed.compatibility("b-value")).isEqualTo(CompatibilityLevel.FULL);
        assertThat(replayed.register("c-value", BREAKING)).isEqualTo(registry.register("c-value", BREAKING));
    }

    @Test
    void shouldNotApplyAChangeItsJournalRefused() {
        InMemorySchemaRegistry failing = new InMemorySchemaRegistry(record -> {
            throw new SchemaRegistryException("disk full");
        });

        assertThatThrownBy(() -> failing.register("a-value", V1)).hasMessageContaining("disk full");
        assertThat(failing.subjects()).isEmpty();
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
