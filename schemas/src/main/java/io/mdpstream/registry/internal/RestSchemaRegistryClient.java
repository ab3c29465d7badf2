package io.mdpstream.registry.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mdpstream.registry.CompatibilityLevel;
import io.mdpstream.registry.CompatibilityResult;
import io.mdpstream.registry.RegisteredSchema;
import io.mdpstream.registry.RegistryClientConfig;
import io.mdpstream.registry.RegistryUnavailableException;
import io.mdpstream.registry.RestClientException;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.registry.SchemaRegistryException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Talks to a registry over the Confluent REST API, with no caching. Thread-safe.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    /** The media type Confluent's registry speaks; JSON is accepted as a fallback. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = CONTENT_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClientConfig config;
    private final HttpClient http;
    private final String authorization;

    public RestSchemaRegistryClient(RegistryClientConfig config) {
        this.config = config;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1);
        if (config.tls() != null) {
            builder.sslContext(config.tls().sslContext());
        }
        this.http = builder.build();
        this.authorization = config.userInfo() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(config.userInfo().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int register(String subject, Schema schema) {
        return call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema)).path("id").asInt();
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        return registered(call("POST", "/subjects/" + encode(subject), schemaBody(schema)), subject);
    }

    @Override
    public Schema schemaById(int id) {
        JsonNode node = call("GET", "/schemas/ids/" + id, null);
        String type = node.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new SchemaRegistryException("schema id " + id + " is a " + type + " schema; mdpstream reads Avro only");
        }
        return parse(node.path("schema").asText(), "schema id " + id);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return registered(call("GET", "/subjects/" + encode(subject) + "/versions/latest", null), subject);
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return registered(call("GET", "/subjects/" + encode(subject) + "/versions/" + version, null), subject);
    }

    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        call("GET", "/subjects", null).forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    @Override
    public List<Integer> versions(String subject) {
        return ints(call("GET", "/subjects/" + encode(subject) + "/versions", null));
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        JsonNode node = call("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
                schemaBody(schema));
        List<String> messages = new ArrayList<>();
        node.path("messages").forEach(m -> messages.add(m.asText()));
        return new CompatibilityResult(node.path("is_compatible").asBoolean(false), messages);
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        String path = subject == null ? "/config" : "/config/" + encode(subject) + "?defaultToGlobal=true";
        JsonNode node = call("GET", path, null);
        return CompatibilityLevel.parse(node.path("compatibilityLevel").asText(node.path("compatibility").asText()));
    }

    @Override
    public CompatibilityLevel setCompatibility(String subject, CompatibilityLevel level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
        JsonNode node = call("PUT", subject == null ? "/config" : "/config/" + encode(subject), body);
        return CompatibilityLevel.parse(node.path("compatibility").asText(level.name()));
    }

    @Override
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        return ints(call("DELETE", "/subjects/" + encode(subject) + (permanent ? "?permanent=true" : ""), null));
    }

    @Override
    public void close() {
        // java.net.http.HttpClient has no close() before Java 21; its threads are daemons and end with it.
    }

    /** Sends a request to each URL in turn until one answers; an error answer is final. */
    private JsonNode call(String method, String path, JsonNode body) {
        String payload = body == null ? null : body.toString();
        IOException last = null;
        for (URI base : config.urls()) {
            URI uri = URI.create(base + path);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(config.requestTimeout())
                    .header("Accept", ACCEPT)
                    .method(method, payload == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
            if (payload != null) {
                request.header("Content-Type", CONTENT_TYPE);
            }
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (HttpTimeoutException e) {
                last = new IOException(uri + " did not answer within " + config.requestTimeout().toMillis() + " ms", e);
                continue;
            } catch (IOException e) {
                last = new IOException(uri + ": " + e, e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnavailableException("interrupted while calling " + uri, e);
            }
            return answer(method, uri, response);
        }
        throw new RegistryUnavailableException("schema registry unreachable at " + config.urls() + ": "
                + (last == null ? "no URL" : last.getMessage()), last);
    }

    private static JsonNode answer(String method, URI uri, HttpResponse<String> response) {
        JsonNode node;
        try {
            node = response.body() == null || response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            node = null;
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300 && node != null) {
            return node;
        }
        if (node != null && node.has("error_code")) {
            throw new RestClientException(node.path("message").asText("(no message)"), status,
                    node.path("error_code").asInt());
        }
        String body = response.body() == null ? "" : response.body();
        throw new RestClientException(method + " " + uri + " answered "
                + (body.length() > 200 ? body.substring(0, 200) + "..." : body), status, status);
    }

    private static ObjectNode schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString());
    }

    private static RegisteredSchema registered(JsonNode node, String subject) {
        String name = node.path("subject").asText(subject);
        return new RegisteredSchema(name, node.path("version").asInt(), node.path("id").asInt(),
                parse(node.path("schema").asText(), "subject " + name));
    }

    private static Schema parse(String text, String what) {
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("registry returned an unparseable Avro schema for " + what + ": "
                    + e.getMessage(), e);
        }
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asInt()));
        return values;
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
