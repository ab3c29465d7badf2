package io.mdpstream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mdpstream.contract.EventTopics;
import io.mdpstream.events.EpisodeVerdict;
import io.mdpstream.registry.CachingSchemaRegistryClient;
import io.mdpstream.registry.RegistryClientConfig;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.serde.AvroSerdeConfig;
import io.mdpstream.testkit.KafkaStack;
import io.mdpstream.testkit.WithKafkaStack;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema registry that fails (HTTP 500) while the sink reads verdicts must stop the sink, not make
 * it skip them: a skipped verdict's offset is committed, and after a restart its episode waits for
 * it in vain. Nor may the sink, closing after the failure, commit past what it never applied.
 */
@WithKafkaStack
class SinkRegistryOutageIT {

    @TempDir
    Path dir;

    @Test
    void aRegistryFailingOnVerdictsShouldStopTheSinkWithoutCommittingPastThem(KafkaStack stack) throws Exception {
        String ns = stack.uniqueName("outage");
        Map<String, PublishedEpisodes.Expected> published = PublishedEpisodes.publish(stack, "support", ns, 6, 3, 40);
        PublishedEpisodes.verdicts(stack, ns, published, Set.of());
        EventTopics topics = new EventTopics(ns);
        int verdictSchema;
        try (SchemaRegistryClient registry = CachingSchemaRegistryClient.connect(RegistryClientConfig.of(stack.schemaRegistryUrl()))) {
            verdictSchema = registry.lookup(topics.verdicts() + "-value", EpisodeVerdict.getClassSchema()).id();
        }
        String group = stack.uniqueName("outage-sink");
        try (FailingRegistry registry = new FailingRegistry(stack.schemaRegistryUrl(), "/schemas/ids/" + verdictSchema)) {
            Map<String, Object> client = new HashMap<>(stack.clientProperties());
            client.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
            EpisodeSink sink = new EpisodeSink(EpisodeSinkIT.config(ns, dir, Map.of(SinkConfig.GROUP_ID_CONFIG, group)), client);

            assertThatThrownBy(sink::run).isInstanceOf(SinkException.class).hasMessageContaining("schema registry");
        }

        try (Admin admin = Admin.create(new HashMap<>(stack.clientProperties()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            committed.forEach((partition, offset) -> {
                if (partition.topic().equals(topics.verdicts())) {
                    assertThat(offset == null ? 0 : offset.offset()).as("committed offset of %s", partition).isZero();
                }
            });
        }
    }

    /** Forwards to the real registry, except that one path answers HTTP 500 as a registry whose store fails does. */
    private static final class FailingRegistry implements AutoCloseable {
        private final HttpServer server;
        private final HttpClient http = HttpClient.newHttpClient();

        FailingRegistry(String target, String failingPath) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/", exchange -> {
                try (exchange) {
                    if (exchange.getRequestURI().getPath().equals(failingPath)) {
                        answer(exchange, 500, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}");
                        return;
                    }
                    answer(exchange, forward(target, exchange));
                }
            });
            server.start();
        }

        String url() {
            return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
        }

        private HttpResponse<String> forward(String target, HttpExchange exchange) throws IOException {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type != null) {
                request.header("Content-Type", type);
            }
            try {
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        private static void answer(HttpExchange exchange, HttpResponse<String> response) throws IOException {
            answer(exchange, response.statusCode(), response.body());
        }

        private static void answer(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
