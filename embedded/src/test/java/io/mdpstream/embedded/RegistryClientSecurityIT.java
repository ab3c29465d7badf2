package io.mdpstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.mdpstream.embedded.internal.RegistryHttpHandler;
import io.mdpstream.registry.CachingSchemaRegistryClient;
import io.mdpstream.registry.InMemorySchemaRegistry;
import io.mdpstream.registry.RegistryClientConfig;
import io.mdpstream.registry.RegistryUnavailableException;
import io.mdpstream.registry.RestClientException;
import io.mdpstream.registry.SchemaRegistryClient;
import io.mdpstream.registry.TlsConfig;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client passes TLS trust material and basic-auth credentials through: against the
 * registry's REST handler served over HTTPS behind basic auth, with a certificate made by keytool.
 */
class RegistryClientSecurityIT {

    private static final Schema SCHEMA = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"Secret\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}");

    @TempDir
    Path dir;
    private HttpsServer server;
    private String url;
    private Path truststore;

    @BeforeEach
    void startHttpsRegistry() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path cert = dir.resolve("server.crt");
        truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        keytool("-exportcert", "-alias", "registry", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-rfc", "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", cert.toString(),
                "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", "trustpass");

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("localhost"), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", new RegistryHttpHandler(new InMemorySchemaRegistry()))
                .setAuthenticator(new BasicAuthenticator("registry") {
                    @Override
                    public boolean checkCredentials(String user, String password) {
                        return user.equals("alice") && password.equals("s3cret");
                    }
                });
        server.start();
        url = "https://localhost:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldRegisterAndReadOverTlsWithBasicAuth() {
        try (SchemaRegistryClient client = client("alice:s3cret", true)) {
            int id = client.register("secret-value", SCHEMA);

            assertThat(client.schemaById(id)).isEqualTo(SCHEMA);
            assertThat(client.latest("secret-value").version()).isEqualTo(1);
        }
    }

    @Test
    void shouldReportWrongCredentialsAsTheRegistryAnsweredThem() {
        try (SchemaRegistryClient client = client("alice:wrong", true)) {
            assertThatThrownBy(() -> client.subjects())
                    .isInstanceOfSatisfying(RestClientException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
    }

    @Test
    void shouldRefuseAServerItDoesNotTrust() {
        try (SchemaRegistryClient client = client("alice:s3cret", false)) {
            assertThatThrownBy(() -> client.subjects())
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining(url);
        }
    }

    private SchemaRegistryClient client(String userInfo, boolean trusted) {
        Map<String, Object> props = new HashMap<>();
        props.put(RegistryClientConfig.URL_CONFIG, url);
        props.put(RegistryClientConfig.BASIC_AUTH_USER_INFO_CONFIG, userInfo);
        if (trusted) {
            props.put(TlsConfig.TRUSTSTORE_LOCATION_CONFIG, truststore.toString());
            props.put(TlsConfig.TRUSTSTORE_PASSWORD_CONFIG, "trustpass");
            props.put(TlsConfig.TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        }
        return CachingSchemaRegistryClient.connect(RegistryClientConfig.from(props));
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }
}
