package io.mdpstream.publish;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code /metrics} in Prometheus text format and {@code /health} as JSON, over HTTP, for a running
 * simulator (or any mdpstream process). Its one thread is a daemon.
 */
public final class MetricsServer implements AutoCloseable {

    private final HttpServer server;

    /**
     * @param port   0 for a free port
     * @param health the body of {@code /health}: a JSON object with at least {@code "status"}
     */
    public MetricsServer(String host, int port, PrometheusMeterRegistry registry, Supplier<String> health) {
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new PublishException("metrics port " + port + " on " + host + " cannot be bound: " + e.getMessage()
                    + " (choose another with --metrics-port, 0 for a free one)", e);
        }
        server.createContext("/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape()));
        server.createContext("/health", exchange -> {
            String body = health.get();
            respond(exchange, body.contains("\"UP\"") ? 200 : 503, "application/json", body);
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mdpstream-metrics-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
