package io.mdpstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mdpstream.registry.CachingSchemaRegistryClient;
import io.mdpstream.registry.CompatibilityLevel;
import io.mdpstream.registry.RegistryClientConfig;
import io.mdpstream.registry.RegistryUnavailableException;
import io.mdpstream.registry.RestClientException;
import io.mdpstream.registry.SchemaRegistryClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry's REST API as a client sees it on the wire: status codes, error codes, messages, media type. */
class SchemaRegistryRestIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V1 = "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
    private static final String V2 = "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"qty\",\"type\":\"int\",\"default\":1}]}";
    private static final String BREAKING = "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"price\",\"type\":\"double\"}]}";

    private static EmbeddedStack stack;
    private static SchemaRegistryClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        stack = EmbeddedStack.start();
        client = CachingSchemaRegistryClient.connect(RegistryClientConfig.of(stack.schemaRegistryUrl()));
    }

    @AfterAll
    static void stop() {
        client.close();
        stack.close();
    }

    @Test
    void shouldRegisterVersionsAndServeThemByIdSubjectAndVersion() throws Exception {
        Response first = post("/subjects/orders-value/versions", schemaBody(V1));
        Response second = post("/subjects/orders-value/versions", schemaBody(V2));

        assertThat(first.status).isEqualTo(200);
        assertThat(first.contentType).isEqualTo("application/vnd.schemaregistry.v1+json");
        int id1 = first.json.get("id").asInt();
        int id2 = second.json.get("id").asInt();
        assertThat(id2).isGreaterThan(id1);
        assertThat(get("/subjects/orders-value/versions").json.toString()).isEqualTo("[1,2]");
        JsonNode latest = get("/subjects/orders-value/versions/latest").json;
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.get("id").asInt()).isEqualTo(id2);
        assertThat(latest.get("subject").asText()).isEqualTo("orders-value");
        assertThat(new Schema.Parser().parse(get("/schemas/ids/" + id1).json.get("schema").asText()))
                .isEqualTo(new Schema.Parser().parse(V1));
        assertThat(get("/schemas/ids/" + id2 + "/versions").json.toString())
                .isEqualTo("[{\"subject\":\"orders-value\",\"version\":2}]");
        assertThat(get("/subjects").json.toString()).contains("\"orders-value\"");
        assertThat(post("/subjects/orders-value", schemaBody(V1)).json.get("version").asInt()).isEqualTo(1);
    }

    @Test
    void shouldRejectIncompatibleSchemaWith409AndConfluentsMessage() throws Exception {
        post("/subjects/invoices-value/versions", schemaBody(V1));

        Response response = post("/subjects/invoices-value/versions", schemaBody(BREAKING));

        assertThat(response.status).isEqualTo(409);
        assertThat(response.json.get("error_code").asInt()).isEqualTo(409);
        assertThat(response.json.get("message").asText())
                .startsWith("Schema being registered is incompatible with an earlier schema for subject \"invoices-value\"")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("price");
        assertThatThrownBy(() -> client.register("invoices-value", new Schema.Parser().parse(BREAKING)))
                .isInstanceOfSatisfying(RestClientException.class, e -> assertThat(e.errorCode()).isEqualTo(409));
    }

    @Test
    void shouldRejectMalformedSchemaWith42201() throws Exception {
        Response notJsonSchema = post("/subjects/bad-value/versions", "{\"schema\":\"{\\\"type\\\":\\\"record\\\"}\"}");
        Response unknownType = post("/subjects/bad-value/versions", schemaBody("{\"type\":\"recrod\",\"name\":\"X\",\"fields\":[]}"));
        Response notJson = post("/subjects/bad-value/versions", "{schema:");

        assertThat(notJsonSchema.status).isEqualTo(422);
        assertThat(notJsonSchema.json.get("error_code").asInt()).isEqualTo(42201);
        assertThat(notJsonSchema.json.get("message").asText()).startsWith("Invalid schema");
        assertThat(unknownType.json.get("error_code").asInt()).isEqualTo(42201);
        assertThat(unknownType.json.get("message").asText()).contains("recrod");
        assertThat(notJson.status).isEqualTo(400);
        assertThat(get("/subjects").json.toString()).doesNotContain("bad-value");
    }

    @Test
    void shouldAnswerUnknownIdsSubjectsAndVersionsWithConfluentCodes() throws Exception {
        post("/subjects/known-value/versions", schemaBody(V1));

        assertError(get("/schemas/ids/987654"), 404, 40403, "Schema 987654 not found");
        assertError(get("/subjects/nope-value/versions/latest"), 404, 40401, "Subject 'nope-value' not found.");
        assertError(get("/subjects/known-value/versions/9"), 404, 40402, "Version 9 not found.");
        assertError(get("/subjects/known-value/versions/zero"), 422, 42202, "not a valid version id");
        assertError(get("/no/such/path"), 404, 404, "HTTP 404 Not Found");
        assertThatThrownBy(() -> client.schemaById(987654))
                .isInstanceOfSatisfying(RestClientException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
    }

    @Test
    void shouldReadAndChangeCompatibilityConfig() throws Exception {
        post("/subjects/configured-value/versions", schemaBody(V1));

        assertThat(get("/config").json.get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertError(get("/config/configured-value"), 404, 40408, "does not have subject-level compatibility");
        assertThat(get("/config/configured-value?defaultToGlobal=true").json.get("compatibilityLevel").asText())
                .isEqualTo("BACKWARD");
        assertThat(put("/config/configured-value", "{\"compatibility\":\"NONE\"}").json.get("compatibility").asText())
                .isEqualTo("NONE");
        assertThat(post("/subjects/configured-value/versions", schemaBody(BREAKING)).status).isEqualTo(200);
        assertError(put("/config/configured-value", "{\"compatibility\":\"SIDEWAYS\"}"), 422, 42203,
                "Invalid compatibility level");
        assertThat(client.compatibility("configured-value")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(client.setCompatibility("configured-value", CompatibilityLevel.FULL)).isEqualTo(CompatibilityLevel.FULL);
        assertThat(client.compatibility("configured-value")).isEqualTo(CompatibilityLevel.FULL);
    }

    @Test
    void shouldTestCompatibilityWithoutRegistering() throws Exception {
        post("/subjects/tested-value/versions", schemaBody(V1));

        Response ok = post("/compatibility/subjects/tested-value/versions/latest", schemaBody(V2));
        Response bad = post("/compatibility/subjects/tested-value/versions/latest?verbose=true", schemaBody(BREAKING));

        assertThat(ok.json.get("is_compatible").asBoolean()).isTrue();
        assertThat(bad.json.get("is_compatible").asBoolean()).isFalse();
        assertThat(bad.json.get("messages").toString()).contains("price");
        assertThat(client.testCompatibility("tested-value", new Schema.Parser().parse(BREAKING)).compatible()).isFalse();
        assertThat(client.versions("tested-value")).containsExactly(1);
    }

    @Test
    void shouldSoftThenPermanentlyDeleteSubjects() throws Exception {
        int id = post("/subjects/doomed-value/versions", schemaBody(V1)).json.get("id").asInt();

        assertThat(delete("/subjects/doomed-value").json.toString()).isEqualTo("[1]");
        assertError(get("/subjects/doomed-value/versions"), 404, 40401, "not found");
        assertThat(get("/schemas/ids/" + id).status).isEqualTo(200);
        assertThat(delete("/subjects/doomed-value?permanent=true").json.toString()).isEqualTo("[1]");
    }

    @Test
    void shouldFailFastWhenTheRegistryCannotBeReached() {
        SchemaRegistryClient nowhere = CachingSchemaRegistryClient.connect(RegistryClientConfig.from(Map.of(
                "schema.registry.url", "http://localhost:1", "schema.registry.connect.timeout.ms", "2000")));

        assertThatThrownBy(() -> nowhere.schemaById(1))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("http://localhost:1");
    }

    private static void assertError(Response response, int status, int code, String message) {
        assertThat(response.status).as("HTTP status").isEqualTo(status);
        assertThat(response.json.get("error_code").asInt()).as("error_code").isEqualTo(code);
        assertThat(response.json.get("message").asText()).contains(message);
    }

    private static String schemaBody(String schema) throws IOException {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    private Response get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private Response post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json"));
    }

    private Response put(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"));
    }

    private Response delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    private static URI uri(String path) {
        return URI.create(stack.schemaRegistryUrl() + path);
    }

    private Response send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                JSON.readTree(response.body()));
    }

    private record Response(int status, String contentType, JsonNode json) {
    }
}
