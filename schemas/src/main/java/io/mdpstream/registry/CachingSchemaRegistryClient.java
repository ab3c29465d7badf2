package io.mdpstream.registry;

import io.mdpstream.registry.internal.RestSchemaRegistryClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Caches what never changes in a registry: the id of a schema registered under a subject, and the
 * schema behind an id. Everything else (latest versions, configs, deletes) goes to the delegate.
 *
 * <p>The serializer hot path is one {@link #register} per record, so a warm cache answers it with
 * two hash lookups; Avro schemas cache their hash code, and a lookup with the same instance
 * compares by identity first.
 *
 * <p>Thread-safe.
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {

    private final SchemaRegistryClient delegate;
    private final int maxSchemasPerSubject;
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    /**
     * @param maxSchemasPerSubject bound on cached schemas per subject; beyond it registration fails,
     *                             which catches a producer that builds a new schema per record
     */
    public CachingSchemaRegistryClient(SchemaRegistryClient delegate, int maxSchemasPerSubject) {
        if (maxSchemasPerSubject < 1) {
            throw new IllegalArgumentException("maxSchemasPerSubject must be at least 1, got " + maxSchemasPerSubject);
        }
        this.delegate = delegate;
        this.maxSchemasPerSubject = maxSchemasPerSubject;
    }

    /** A caching client over the REST API, with the default bound of 1000 schemas per subject. */
    public static SchemaRegistryClient connect(RegistryClientConfig config) {
        return new CachingSchemaRegistryClient(new RestSchemaRegistryClient(config), 1000);
    }

    @Override
    public int register(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer id = ids.get(schema);
        if (id != null) {
            return id;
        }
        checkBound(subject, ids);
        int registered = delegate.register(subject, schema);
        ids.put(schema, registered);
        schemasById.putIfAbsent(registered, schema);
        return registered;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        RegisteredSchema found = delegate.lookup(subject, schema);
        Map<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        checkBound(subject, ids);
        ids.put(schema, found.id());
        schemasById.putIfAbsent(found.id(), found.schema());
        return found;
    }

    /** The id under which {@code schema} is known for {@code subject}, registered or looked up before; null if not cached. */
    public Integer cachedId(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.get(subject);
        return ids == null ? null : ids.get(schema);
    }

    @Override
    public Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            schema = delegate.schemaById(id);
            Schema raced = schemasById.putIfAbsent(id, schema);
            return raced != null ? raced : schema;
        }
        return schema;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return delegate.latest(subject);
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return delegate.version(subject, version);
    }

    @Override
    public List<String> subjects() {
        return delegate.subjects();
    }

    @Override
    public List<Integer> versions(String subject) {
        return delegate.versions(subject);
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        return delegate.testCompatibility(subject, schema);
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        return delegate.compatibility(subject);
    }

    @Override
    public CompatibilityLevel setCompatibility(String subject, CompatibilityLevel level) {
        return delegate.setCompatibility(subject, level);
    }

    @Override
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        idsBySubject.remove(subject);
        return delegate.deleteSubject(subject, permanent);
    }

    @Override
    public void close() {
        delegate.close();
    }

    private void checkBound(String subject, Map<Schema, Integer> ids) {
        if (ids.size() >= maxSchemasPerSubject) {
            throw new SchemaRegistryException("more than " + maxSchemasPerSubject + " distinct schemas for subject '"
                    + subject + "'; is a new schema object built for every record?");
        }
    }
}
