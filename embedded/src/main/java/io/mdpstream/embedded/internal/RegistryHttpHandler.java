package io.mdpstream.embedded.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.mdpstream.registry.CompatibilityLevel;
import io.mdpstream.registry.CompatibilityResult;
import io.mdpstream.registry.InMemorySchemaRegistry;
import io.mdpstream.registry.RegisteredSchema;
import io.mdpstream.registry.RestClientException;
import io.mdpstream.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subset of Confluent Schema Registry's REST API that common clients use, over an
 * {@link InMemorySchemaRegistry}: subjects, versions, ids, compatibility and config, with Confluent's
 * error codes and the {@code application/vnd.schemaregistry.v1+json} media type.
 */
public final class RegistryHttpHandler implements HttpHandler {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final InMemorySchemaRegistry registry;

    public RegistryHttpHandler(InMemorySchemaRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        int status = 200;
        Object body;
        try {
            body = route(exchange, segments(exchange.getRequestURI().getRawPath()), query(exchange));
        } catch (HttpError e) {
            status = e.status;
            body = error(e.code, e.getMessage());
        } catch (RestClientException e) {
            status = e.status();
            body = error(e.errorCode(), e.serverMessage());
        } catch (SchemaRegistryException e) {
            LOG.warn("Registry store error on {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage());
            status = 500;
            body = error(50001, "Error in the backend data store: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Unexpected error on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            status = 500;
            body = error(50001, "Internal error: " + e);
        }
        byte[] bytes = (body instanceof String text && !(status >= 400) ? text : JSON.writeValueAsString(body))
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Object route(HttpExchange exchange, List<String> path, Map<String, String> query) throws IOException {
        String method = exchange.getRequestMethod();
        int n = path.size();
        String head = n == 0 ? "" : path.get(0);
        switch (head) {
            case "":
                return expect(method, "GET", JSON.createObjectNode());
            case "subjects":
                if (n == 1) {
                    expect(method, "GET", null);
                    return registry.subjects();
                }
                String subject = path.get(1);
                if (n == 2) {
                    if (method.equals("POST")) {
                        return subjectVersion(registry.lookup(subject, schemaOf(exchange)));
                    }
                    expect(method, "DELETE", null);
                    return registry.deleteSubject(subject, Boolean.parseBoolean(query.get("permanent")));
                }
                if (!path.get(2).equals("versions") || n > 5) {
                    break;
                }
                if (n == 3) {
                    if (method.equals("POST")) {
                        return JSON.createObjectNode().put("id", registry.register(subject, schemaOf(exchange)));
                    }
                    expect(method, "GET", null);
                    return registry.versions(subject);
                }
                expect(method, "GET", null);
                RegisteredSchema version = version(subject, path.get(3));
                if (n == 5) {
                    if (!path.get(4).equals("schema")) {
                        break;
                    }
                    return version.schema().toString();
                }
                return subjectVersion(version);
            case "schemas":
                if (n == 2 && path.get(1).equals("types")) {
                    expect(method, "GET", null);
                    return List.of("AVRO");
                }
                if (n < 3 || n > 4 || !path.get(1).equals("ids")) {
                    break;
                }
                expect(method, "GET", null);
                int id = schemaId(path.get(2));
                Schema schema = registry.schemaById(id);
                if (n == 3) {
                    return JSON.createObjectNode().put("schema", schema.toString());
                }
                if (path.get(3).equals("schema")) {
                    return schema.toString();
                }
                if (path.get(3).equals("versions")) {
                    ArrayNode uses = JSON.createArrayNode();
                    registry.subjectVersionsOf(id).forEach(e -> uses.addObject()
                            .put("subject", e.getKey()).put("version", e.getValue()));
                    return uses;
                }
                break;
            case "compatibility":
                if (n < 4 || n > 5 || !path.get(1).equals("subjects") || !path.get(3).equals("versions")) {
                    break;
                }
                expect(method, "POST", null);
                return compatibility(path.get(2), n == 5 ? path.get(4) : null, schemaOf(exchange),
                        Boolean.parseBoolean(query.get("verbose")));
            case "config":
                if (n > 2) {
                    break;
                }
                return config(exchange, n == 2 ? path.get(1) : null, query);
            case "mode":
                expect(method, "GET", null);
                return JSON.createObjectNode().put("mode", "READWRITE");
            default:
                break;
        }
        throw new HttpError(404, 404, "HTTP 404 Not Found");
    }

    private Object compatibility(String subject, String versionText, Schema schema, boolean verbose) {
        CompatibilityResult result;
        if (versionText == null || isLatest(versionText)) {
            result = registry.testCompatibility(subject, schema);
        } else {
            RegisteredSchema against = version(subject, versionText);
            List<String> problems = registry.compatibility(subject).incompatibilities(schema, List.of(against.schema()));
            result = new CompatibilityResult(problems.isEmpty(), problems);
        }
        ObjectNode node = JSON.createObjectNode().put("is_compatible", result.compatible());
        if (verbose) {
            ArrayNode messages = node.putArray("messages");
            result.messages().forEach(messages::add);
        }
        return node;
    }

    private Object config(HttpExchange exchange, String subject, Map<String, String> query) throws IOException {
        switch (exchange.getRequestMethod()) {
            case "GET": {
                CompatibilityLevel level = subject == null ? registry.compatibility(null) : registry.subjectLevel(subject);
                if (level == null) {
                    if (!Boolean.parseBoolean(query.get("defaultToGlobal"))) {
                        throw new HttpError(404, 40408, "Subject '" + subject
                                + "' does not have subject-level compatibility configured");
                    }
                    level = registry.compatibility(null);
                }
                return JSON.createObjectNode().put("compatibilityLevel", level.name());
            }
            case "PUT": {
                JsonNode body = body(exchange);
                String requested = body.path("compatibility").asText(body.path("compatibilityLevel").asText(""));
                CompatibilityLevel level;
                try {
                    level = CompatibilityLevel.parse(requested);
                } catch (IllegalArgumentException e) {
                    throw new HttpError(422, 42203, "Invalid compatibility level. Valid values are none, backward, "
                            + "forward, full, backward_transitive, forward_transitive, and full_transitive");
                }
                return JSON.createObjectNode().put("compatibility", registry.setCompatibility(subject, level).name());
            }
            case "DELETE": {
                CompatibilityLevel old = subject == null ? registry.compatibility(null) : registry.clearCompatibility(subject);
                if (subject == null) {
                    registry.setCompatibility(null, CompatibilityLevel.BACKWARD);
                }
                return JSON.createObjectNode().put("compatibilityLevel", old.name());
            }
            default:
                throw new HttpError(405, 405, "HTTP 405 Method Not Allowed");
        }
    }

    private RegisteredSchema version(String subject, String text) {
        if (isLatest(text)) {
            return registry.latest(subject);
        }
        int version;
        try {
            version = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            version = 0;
        }
        if (version < 1) {
            throw new HttpError(422, 42202, "The specified version '" + text + "' is not a valid version id. "
                    + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
        }
        return registry.version(subject, version);
    }

    private static boolean isLatest(String text) {
        return text.equals("latest") || text.equals("-1");
    }

    private static int schemaId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new HttpError(404, 404, "HTTP 404 Not Found");
        }
    }

    private static ObjectNode subjectVersion(RegisteredSchema version) {
        return JSON.createObjectNode().put("subject", version.subject()).put("version", version.version())
                .put("id", version.id()).put("schema", version.schema().toString());
    }

    /** Parses the schema in a request body, rejecting what Avro or this registry cannot take. */
    private static Schema schemaOf(HttpExchange exchange) throws IOException {
        JsonNode body = body(exchange);
        String type = body.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new HttpError(422, 42201, "Invalid schema: schemaType " + type + " is not supported; this registry stores AVRO only");
        }
        if (body.path("references").size() > 0) {
            throw new HttpError(422, 42201, "Invalid schema: schema references are not supported by this registry");
        }
        JsonNode text = body.get("schema");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            throw new HttpError(422, 42201, "Invalid schema: the request body has no \"schema\" string");
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (RuntimeException e) {
            throw new HttpError(422, 42201, "Invalid schema " + text.asText() + ", details: " + e.getMessage());
        }
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new HttpError(413, 413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new HttpError(422, 422, "Request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new HttpError(400, 400, "Malformed JSON in request body: " + e.getOriginalMessage());
        }
    }

    private static <T> T expect(String method, String allowed, T result) {
        if (!method.equals(allowed)) {
            throw new HttpError(405, 405, "HTTP 405 Method Not Allowed");
        }
        return result;
    }

    private static ObjectNode error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    private static List<String> segments(String rawPath) {
        String trimmed = rawPath.replaceAll("^/+|/+$", "");
        if (trimmed.isEmpty()) {
            return List.of();
        }
        return java.util.Arrays.stream(trimmed.split("/"))
                .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                params.put(key, eq < 0 ? "true" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    /** An error answer that is not a registry refusal: bad request, unknown path, wrong method. */
    private static final class HttpError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final int code;

        HttpError(int status, int code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }
}
