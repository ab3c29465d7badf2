package io.mdpstream.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Trust and key stores for talking HTTPS to the registry, with Confluent's option names.
 *
 * @param truststore         trust store file; null for the JVM's default trust
 * @param truststorePassword its password; may be null
 * @param truststoreType     JKS or PKCS12
 * @param keystore           key store for client certificates; null for none
 * @param keystorePassword   its password; may be null
 * @param keystoreType       JKS or PKCS12
 * @param keyPassword        password of the key; defaults to the key store password
 */
public record TlsConfig(Path truststore, String truststorePassword, String truststoreType,
                        Path keystore, String keystorePassword, String keystoreType, String keyPassword) {

    public static final String TRUSTSTORE_LOCATION_CONFIG = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE_CONFIG = "schema.registry.ssl.truststore.type";
    public static final String KEYSTORE_LOCATION_CONFIG = "schema.registry.ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD_CONFIG = "schema.registry.ssl.keystore.password";
    public static final String KEYSTORE_TYPE_CONFIG = "schema.registry.ssl.keystore.type";
    public static final String KEY_PASSWORD_CONFIG = "schema.registry.ssl.key.password";

    static ConfigDef define(ConfigDef def) {
        ConfigDef.Validator storeType = ConfigDef.CaseInsensitiveValidString.in("JKS", "PKCS12");
        return def.define(TRUSTSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.LOW,
                        "Trust store for the registry's certificate.")
                .define(TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.LOW, "Trust store password.")
                .define(TRUSTSTORE_TYPE_CONFIG, Type.STRING, "JKS", storeType, Importance.LOW, "Trust store type.")
                .define(KEYSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.LOW,
                        "Key store with the client certificate, for mutual TLS.")
                .define(KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.LOW, "Key store password.")
                .define(KEYSTORE_TYPE_CONFIG, Type.STRING, "JKS", storeType, Importance.LOW, "Key store type.")
                .define(KEY_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.LOW, "Password of the client key.");
    }

    /** The TLS settings in a parsed config, or null when none is set. */
    static TlsConfig from(AbstractConfig config) {
        String truststore = config.getString(TRUSTSTORE_LOCATION_CONFIG);
        String keystore = config.getString(KEYSTORE_LOCATION_CONFIG);
        if (truststore == null && keystore == null) {
            return null;
        }
        TlsConfig tls = new TlsConfig(truststore == null ? null : Path.of(truststore),
                value(config.getPassword(TRUSTSTORE_PASSWORD_CONFIG)), config.getString(TRUSTSTORE_TYPE_CONFIG),
                keystore == null ? null : Path.of(keystore), value(config.getPassword(KEYSTORE_PASSWORD_CONFIG)),
                config.getString(KEYSTORE_TYPE_CONFIG), value(config.getPassword(KEY_PASSWORD_CONFIG)));
        if (tls.truststore != null && !Files.isReadable(tls.truststore)) {
            throw new ConfigException(TRUSTSTORE_LOCATION_CONFIG, truststore, "file is missing or not readable");
        }
        if (tls.keystore != null && !Files.isReadable(tls.keystore)) {
            throw new ConfigException(KEYSTORE_LOCATION_CONFIG, keystore, "file is missing or not readable");
        }
        return tls;
    }

    /** Builds the SSL context these stores describe. */
    public SSLContext sslContext() {
        try {
            TrustManagerFactory tmf = null;
            if (truststore != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load(truststore, truststoreType, truststorePassword));
            }
            KeyManagerFactory kmf = null;
            if (keystore != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                String keyPass = keyPassword != null ? keyPassword : keystorePassword;
                kmf.init(load(keystore, keystoreType, keystorePassword), chars(keyPass));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("cannot build TLS context for the schema registry from " + this + ": " + e);
        }
    }

    private static KeyStore load(Path file, String type, String password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(type.toUpperCase(java.util.Locale.ROOT));
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, chars(password));
        }
        return store;
    }

    private static char[] chars(String password) {
        return password == null ? null : password.toCharArray();
    }

    private static String value(Password password) {
        return password == null ? null : password.value();
    }

    /** Hides passwords. */
    @Override
    public String toString() {
        return "TlsConfig[truststore=" + truststore + ", keystore=" + keystore + "]";
    }
}
