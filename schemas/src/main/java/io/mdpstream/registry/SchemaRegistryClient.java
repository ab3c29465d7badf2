package io.mdpstream.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The calls to a Confluent-compatible schema registry that mdpstream needs. Implementations are
 * thread-safe.
 *
 * <p>Every method throws {@link RestClientException} when the registry refuses the request (with
 * Confluent's error code) and {@link RegistryUnavailableException} when it cannot be reached.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /**
     * Registers a schema under a subject, or finds it when it is already there.
     *
     * @return the schema's registry-wide id
     * @throws RestClientException with {@link RestClientException#INCOMPATIBLE_SCHEMA} when the
     *                             subject's compatibility level forbids it
     */
    int register(String subject, Schema schema);

    /**
     * Finds a schema already registered under a subject, without registering it.
     *
     * @throws RestClientException with {@link RestClientException#SUBJECT_NOT_FOUND} or
     *                             {@link RestClientException#SCHEMA_NOT_FOUND}
     */
    RegisteredSchema lookup(String subject, Schema schema);

    /**
     * The schema with a registry-wide id.
     *
     * @throws RestClientException with {@link RestClientException#SCHEMA_NOT_FOUND} for an unknown id
     */
    Schema schemaById(int id);

    /** The latest version of a subject. */
    RegisteredSchema latest(String subject);

    /** One version of a subject. */
    RegisteredSchema version(String subject, int version);

    /** All subjects that have a live version. */
    List<String> subjects();

    /** The live versions of a subject, ascending. */
    List<Integer> versions(String subject);

    /** Tests a schema against the latest version of a subject under the subject's compatibility level. */
    CompatibilityResult testCompatibility(String subject, Schema schema);

    /** The compatibility level that applies to a subject: its own, else the global one. */
    CompatibilityLevel compatibility(String subject);

    /** Sets the compatibility level of a subject, or the global one when {@code subject} is null. */
    CompatibilityLevel setCompatibility(String subject, CompatibilityLevel level);

    /**
     * Deletes a subject: soft by default (its ids stay readable), permanently after a soft delete.
     *
     * @return the versions deleted
     */
    List<Integer> deleteSubject(String subject, boolean permanent);

    /** Releases connections; the client is unusable afterwards. */
    @Override
    void close();
}
