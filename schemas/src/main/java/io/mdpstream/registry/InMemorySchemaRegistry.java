package io.mdpstream.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * A schema registry's state and rules, with the semantics of Confluent Schema Registry: ids are
 * registry-wide and shared by identical schemas, versions count up per subject, compatibility is
 * checked on registration under the subject's level (global default BACKWARD), deletes are soft
 * first and then permanent. Errors carry Confluent's error codes and messages.
 *
 * <p>Used directly it is an in-memory registry for unit tests (for instance with Kafka Streams'
 * {@code TopologyTestDriver}); behind an HTTP front and a durable {@link RegistryRecord.Journal} it is
 * the embedded registry server.
 *
 * <p>Thread-safe: every call holds the instance lock, so a registration and its journal write are
 * atomic with respect to other calls.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    private final RegistryRecord.Journal journal;
    /** Versions by subject, including soft-deleted ones. */
    private final Map<String, TreeMap<Integer, RegistryRecord.SchemaVersion>> subjects = new TreeMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsBySchemaText = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int maxId;

    /** A registry that keeps its state in memory only. */
    public InMemorySchemaRegistry() {
        this(RegistryRecord.Journal.NONE);
    }

    /** A registry that writes every change to {@code journal} before applying it. */
    public InMemorySchemaRegistry(RegistryRecord.Journal journal) {
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /** Applies a change read back from the journal, without writing it again. */
    public synchronized void apply(RegistryRecord record) {
        if (record instanceof RegistryRecord.SchemaVersion v) {
            subjects.computeIfAbsent(v.subject(), s -> new TreeMap<>()).put(v.version(), v);
            Schema schema = schemasById.computeIfAbsent(v.id(), id -> new Schema.Parser().parse(v.schema()));
            idsBySchemaText.putIfAbsent(schema.toString(), v.id());
            maxId = Math.max(maxId, v.id());
        } else if (record instanceof RegistryRecord.SchemaErased e) {
            TreeMap<Integer, RegistryRecord.SchemaVersion> versions = subjects.get(e.subject());
            if (versions != null) {
                versions.remove(e.version());
                if (versions.isEmpty()) {
                    subjects.remove(e.subject());
                }
            }
        } else if (record instanceof RegistryRecord.Config c) {
            if (c.subject() == null) {
                globalLevel = c.level() == null ? CompatibilityLevel.BACKWARD : c.level();
            } else if (c.level() == null) {
                subjectLevels.remove(c.subject());
            } else {
                subjectLevels.put(c.subject(), c.level());
            }
        }
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        String text = schema.toString();
        List<RegistryRecord.SchemaVersion> live = live(subject);
        for (RegistryRecord.SchemaVersion version : live) {
            if (schemasById.get(version.id()).toString().equals(text)) {
                return version.id();
            }
        }
        CompatibilityLevel level = compatibility(subject);
        List<Schema> previous = live.stream().map(v -> schemasById.get(v.id())).toList();
        List<String> problems = level.incompatibilities(schema, previous);
        if (!problems.isEmpty()) {
            RegistryRecord.SchemaVersion latest = live.get(live.size() - 1);
            throw new RestClientException("Schema being registered is incompatible with an earlier schema for subject \""
                    + subject + "\", details: " + problems + ", {oldSchemaVersion: " + latest.version()
                    + "}, {compatibility: '" + level + "'}", 409, RestClientException.INCOMPATIBLE_SCHEMA);
        }
        Integer existing = idsBySchemaText.get(text);
        int id = existing != null ? existing : maxId + 1;
        TreeMap<Integer, RegistryRecord.SchemaVersion> all = subjects.get(subject);
        int version = all == null || all.isEmpty() ? 1 : all.lastKey() + 1;
        commit(new RegistryRecord.SchemaVersion(subject, version, id, text, false));
        return id;
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        String text = schema.toString();
        for (RegistryRecord.SchemaVersion version : requireSubject(subject)) {
            if (schemasById.get(version.id()).toString().equals(text)) {
                return registered(version);
            }
        }
        throw new RestClientException("Schema not found", 404, RestClientException.SCHEMA_NOT_FOUND);
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new RestClientException("Schema " + id + " not found", 404, RestClientException.SCHEMA_NOT_FOUND);
        }
        return schema;
    }

    /** Subjects and versions that use a schema id, live ones only. */
    public synchronized List<Map.Entry<String, Integer>> subjectVersionsOf(int id) {
        schemaById(id);
        List<Map.Entry<String, Integer>> uses = new ArrayList<>();
        subjects.forEach((subject, versions) -> versions.values().stream()
                .filter(v -> v.id() == id && !v.deleted())
                .forEach(v -> uses.add(Map.entry(subject, v.version()))));
        return uses;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<RegistryRecord.SchemaVersion> live = requireSubject(subject);
        return registered(live.get(live.size() - 1));
    }

    @Override
    public synchronized RegisteredSchema version(String subject, int version) {
        for (RegistryRecord.SchemaVersion v : requireSubject(subject)) {
            if (v.version() == version) {
                return registered(v);
            }
        }
        throw new RestClientException("Version " + version + " not found.", 404, RestClientException.VERSION_NOT_FOUND);
    }

    @Override
    public synchronized List<String> subjects() {
        return subjects.keySet().stream().filter(s -> !live(s).isEmpty()).toList();
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        return requireSubject(subject).stream().map(RegistryRecord.SchemaVersion::version).toList();
    }

    @Override
    public synchronized CompatibilityResult testCompatibility(String subject, Schema schema) {
        List<Schema> previous = requireSubject(subject).stream().map(v -> schemasById.get(v.id())).toList();
        List<String> problems = compatibility(subject).incompatibilities(schema, previous);
        return new CompatibilityResult(problems.isEmpty(), problems);
    }

    @Override
    public synchronized CompatibilityLevel compatibility(String subject) {
        return subject == null ? globalLevel : subjectLevels.getOrDefault(subject, globalLevel);
    }

    /** The level set on the subject itself, or null when it follows the global level. */
    public synchronized CompatibilityLevel subjectLevel(String subject) {
        return subjectLevels.get(subject);
    }

    @Override
    public synchronized CompatibilityLevel setCompatibility(String subject, CompatibilityLevel level) {
        commit(new RegistryRecord.Config(subject, Objects.requireNonNull(level, "level")));
        return level;
    }

    /** Removes a subject's own level, so the global one applies; returns the level it had. */
    public synchronized CompatibilityLevel clearCompatibility(String subject) {
        CompatibilityLevel old = subjectLevels.get(subject);
        if (old == null) {
            throw new RestClientException("Subject '" + subject + "' does not have subject-level compatibility configured",
                    404, 40408);
        }
        commit(new RegistryRecord.Config(subject, null));
        return old;
    }

    @Override
    public synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        TreeMap<Integer, RegistryRecord.SchemaVersion> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new RestClientException("Subject '" + subject + "' not found.", 404, RestClientException.SUBJECT_NOT_FOUND);
        }
        List<RegistryRecord.SchemaVersion> live = live(subject);
        if (permanent) {
            if (!live.isEmpty()) {
                throw new RestClientException("Subject '" + subject
                        + "' was not deleted first before being permanently deleted", 404, 40405);
            }
            List<Integer> erased = new ArrayList<>(versions.keySet());
            for (int version : erased) {
                commit(new RegistryRecord.SchemaErased(subject, version));
            }
            return erased;
        }
        if (live.isEmpty()) {
            throw new RestClientException("Subject '" + subject + "' was soft deleted.Set permanent=true to delete permanently",
                    404, 40404);
        }
        List<Integer> deleted = new ArrayList<>();
        for (RegistryRecord.SchemaVersion v : live) {
            commit(new RegistryRecord.SchemaVersion(v.subject(), v.version(), v.id(), v.schema(), true));
            deleted.add(v.version());
        }
        return deleted;
    }

    @Override
    public void close() {
    }

    private void commit(RegistryRecord record) {
        journal.append(record);
        apply(record);
    }

    private List<RegistryRecord.SchemaVersion> live(String subject) {
        TreeMap<Integer, RegistryRecord.SchemaVersion> versions = subjects.get(subject);
        return versions == null ? List.of() : versions.values().stream().filter(v -> !v.deleted()).toList();
    }

    private List<RegistryRecord.SchemaVersion> requireSubject(String subject) {
        List<RegistryRecord.SchemaVersion> live = live(subject);
        if (live.isEmpty()) {
            throw new RestClientException("Subject '" + subject + "' not found.", 404, RestClientException.SUBJECT_NOT_FOUND);
        }
        return live;
    }

    private RegisteredSchema registered(RegistryRecord.SchemaVersion v) {
        return new RegisteredSchema(v.subject(), v.version(), v.id(), schemasById.get(v.id()));
    }
}
