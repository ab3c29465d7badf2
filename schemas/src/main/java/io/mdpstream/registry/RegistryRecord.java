package io.mdpstream.registry;

/**
 * One change to a registry's state. {@link InMemorySchemaRegistry} emits these to its
 * {@link Journal} before applying them, and replays them on start, so a registry whose journal is
 * durable keeps its subjects, versions and ids across restarts.
 */
public sealed interface RegistryRecord {

    /**
     * A version of a subject, registered or soft-deleted.
     *
     * @param schema the schema's JSON text
     */
    record SchemaVersion(String subject, int version, int id, String schema, boolean deleted) implements RegistryRecord {
    }

    /** A version removed for good (a permanent delete). */
    record SchemaErased(String subject, int version) implements RegistryRecord {
    }

    /**
     * A compatibility level set or cleared.
     *
     * @param subject the subject, or null for the global level
     * @param level   the level, or null when a subject's own level is removed
     */
    record Config(String subject, CompatibilityLevel level) implements RegistryRecord {
    }

    /** Where a registry writes its changes. Implementations return only once the record is durable. */
    @FunctionalInterface
    interface Journal {

        /** A journal that keeps nothing: the registry lives in memory only. */
        Journal NONE = record -> { };

        /**
         * Makes a change durable.
         *
         * @throws SchemaRegistryException when it cannot; the change is then not applied
         */
        void append(RegistryRecord record);
    }
}
