package io.mdpstream.serde;

import org.apache.avro.Schema;

/**
 * Names the registry subject under which a record's schema is registered. The built-in strategies
 * match Confluent's: {@link TopicNameStrategy} (the default), {@link RecordNameStrategy},
 * {@link TopicRecordNameStrategy}. Implementations must be stateless.
 */
@FunctionalInterface
public interface SubjectNameStrategy {

    /**
     * @param topic  the topic the record goes to
     * @param isKey  whether the record is a key
     * @param schema the record's schema
     */
    String subjectName(String topic, boolean isKey, Schema schema);

    /** {@code <topic>-key} or {@code <topic>-value}: one schema lineage per topic. */
    final class TopicNameStrategy implements SubjectNameStrategy {
        @Override
        public String subjectName(String topic, boolean isKey, Schema schema) {
            return topic + (isKey ? "-key" : "-value");
        }
    }

    /** The record's full name: one lineage per type, shared by all topics. */
    final class RecordNameStrategy implements SubjectNameStrategy {
        @Override
        public String subjectName(String topic, boolean isKey, Schema schema) {
            return schema.getFullName();
        }
    }

    /** {@code <topic>-<full name>}: several types per topic, each with its own lineage. */
    final class TopicRecordNameStrategy implements SubjectNameStrategy {
        @Override
        public String subjectName(String topic, boolean isKey, Schema schema) {
            return topic + "-" + schema.getFullName();
        }
    }
}
