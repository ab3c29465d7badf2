package io.mdpstream.registry;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * How to reach a schema registry. Option names are Confluent's, so a client properties file written
 * for Confluent's serializers works unchanged.
 *
 * @param urls           registry base URLs, tried in order until one answers
 * @param userInfo       {@code user:password} for HTTP basic auth; null for none
 * @param tls            trust and key material for HTTPS; null for the JVM defaults
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for an answer; a registry that hangs fails the call after it
 */
public record RegistryClientConfig(List<URI> urls, String userInfo, TlsConfig tls, Duration connectTimeout,
                                   Duration requestTimeout) {

    public static final String URL_CONFIG = "schema.registry.url";
    private static final String URL_DOC = "Comma-separated base URLs of a Confluent-compatible schema registry,"
            + " tried in order until one answers.";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
    private static final String BASIC_AUTH_CREDENTIALS_SOURCE_DOC = "Where basic-auth credentials come from:"
            + " USER_INFO (basic.auth.user.info) or URL (user:password@ in the registry URL).";
    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    private static final String BASIC_AUTH_USER_INFO_DOC = "Basic-auth credentials as user:password.";
    public static final String CONNECT_TIMEOUT_MS_CONFIG = "schema.registry.connect.timeout.ms";
    private static final String CONNECT_TIMEOUT_MS_DOC = "Connection timeout for registry calls.";
    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    private static final String REQUEST_TIMEOUT_MS_DOC = "Time a registry call may take before it fails.";

    /** The options above and the TLS options of {@link TlsConfig}. */
    public static final ConfigDef CONFIG_DEF = define(new ConfigDef());

    public RegistryClientConfig {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new ConfigException(URL_CONFIG, "", "at least one schema registry URL is required");
        }
        for (URI url : urls) {
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
                throw new ConfigException(URL_CONFIG, url.toString(), "expected http://host:port or https://host:port");
            }
        }
        if (userInfo != null && userInfo.indexOf(':') < 0) {
            throw new ConfigException(BASIC_AUTH_USER_INFO_CONFIG, "[hidden]", "expected user:password");
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** A config for one URL with default timeouts, no auth and default TLS. */
    public static RegistryClientConfig of(String url) {
        return from(Map.of(URL_CONFIG, url));
    }

    /** Adds the registry client options to a definition, for configs that embed them. */
    public static ConfigDef define(ConfigDef def) {
        def.define(URL_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, URL_DOC)
                .define(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, "USER_INFO",
                        ConfigDef.CaseInsensitiveValidString.in("USER_INFO", "URL"), Importance.MEDIUM,
                        BASIC_AUTH_CREDENTIALS_SOURCE_DOC)
                .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, BASIC_AUTH_USER_INFO_DOC)
                .define(CONNECT_TIMEOUT_MS_CONFIG, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        CONNECT_TIMEOUT_MS_DOC)
                .define(REQUEST_TIMEOUT_MS_CONFIG, Type.INT, 30_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        REQUEST_TIMEOUT_MS_DOC);
        return TlsConfig.define(def);
    }

    /**
     * Reads the registry options from client properties; other keys are ignored.
     *
     * @throws ConfigException naming the option that is missing or wrong
     */
    public static RegistryClientConfig from(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props, false);
        List<URI> urls = new ArrayList<>();
        String urlUserInfo = null;
        for (String raw : config.getList(URL_CONFIG)) {
            URI uri;
            try {
                uri = URI.create(raw.trim().replaceAll("/+$", ""));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(URL_CONFIG, raw, "not a URL: " + e.getMessage());
            }
            if (uri.getUserInfo() != null) {
                urlUserInfo = uri.getUserInfo();
                uri = URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                        + (uri.getPath() == null ? "" : uri.getPath()));
            }
            urls.add(uri);
        }
        String source = config.getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG).toUpperCase(java.util.Locale.ROOT);
        Password password = config.getPassword(BASIC_AUTH_USER_INFO_CONFIG);
        String userInfo = source.equals("URL") ? urlUserInfo : password == null ? null : password.value();
        return new RegistryClientConfig(urls, userInfo, TlsConfig.from(config),
                Duration.ofMillis(config.getInt(CONNECT_TIMEOUT_MS_CONFIG)),
                Duration.ofMillis(config.getInt(REQUEST_TIMEOUT_MS_CONFIG)));
    }

    /** Hides credentials. */
    @Override
    public String toString() {
        return "RegistryClientConfig[urls=" + urls + ", basicAuth=" + (userInfo != null) + ", tls=" + (tls != null)
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + "]";
    }
}
