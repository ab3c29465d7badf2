package io.mdpstream.serde;

import io.mdpstream.registry.RegistryClientConfig;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Options of {@link AvroSerializer} and {@link AvroDeserializer}, with Confluent's names, plus the
 * registry client options of {@link RegistryClientConfig}.
 *
 * @param registry             how to reach the registry
 * @param autoRegisterSchemas  register a record's schema on first use; when false it must exist
 * @param specificAvroReader   deserialize into generated classes where they exist
 * @param keySubjectStrategy   subject naming for keys
 * @param valueSubjectStrategy subject naming for values
 * @param maxSchemasPerSubject bound on cached schemas per subject
 */
public record AvroSerdeConfig(RegistryClientConfig registry, boolean autoRegisterSchemas, boolean specificAvroReader,
                              SubjectNameStrategy keySubjectStrategy, SubjectNameStrategy valueSubjectStrategy,
                              int maxSchemasPerSubject) {

    public static final String SCHEMA_REGISTRY_URL_CONFIG = RegistryClientConfig.URL_CONFIG;
    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    private static final String AUTO_REGISTER_SCHEMAS_DOC = "Register a record's schema when first seen;"
            + " when false the schema must already be registered under the subject.";
    public static final String SPECIFIC_AVRO_READER_CONFIG = "specific.avro.reader";
    private static final String SPECIFIC_AVRO_READER_DOC = "Deserialize into generated SpecificRecord classes"
            + " where one exists for the writer's record name; otherwise GenericRecord.";
    public static final String KEY_SUBJECT_NAME_STRATEGY_CONFIG = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY_CONFIG = "value.subject.name.strategy";
    private static final String SUBJECT_NAME_STRATEGY_DOC = "Class of the SubjectNameStrategy: TopicNameStrategy,"
            + " RecordNameStrategy, TopicRecordNameStrategy (short names accepted) or a class of your own.";
    public static final String MAX_SCHEMAS_PER_SUBJECT_CONFIG = "max.schemas.per.subject";
    private static final String MAX_SCHEMAS_PER_SUBJECT_DOC = "Distinct schemas cached per subject before"
            + " serialization fails.";

    public static final ConfigDef CONFIG_DEF = RegistryClientConfig.define(new ConfigDef())
            .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, AUTO_REGISTER_SCHEMAS_DOC)
            .define(SPECIFIC_AVRO_READER_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, SPECIFIC_AVRO_READER_DOC)
            .define(KEY_SUBJECT_NAME_STRATEGY_CONFIG, Type.STRING, "TopicNameStrategy", Importance.LOW,
                    SUBJECT_NAME_STRATEGY_DOC)
            .define(VALUE_SUBJECT_NAME_STRATEGY_CONFIG, Type.STRING, "TopicNameStrategy", Importance.LOW,
                    SUBJECT_NAME_STRATEGY_DOC)
            .define(MAX_SCHEMAS_PER_SUBJECT_CONFIG, Type.INT, 1000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    MAX_SCHEMAS_PER_SUBJECT_DOC);

    /**
     * Parses serde options from client properties; other keys are ignored.
     *
     * @throws ConfigException naming the option that is missing or wrong
     */
    public static AvroSerdeConfig from(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props, false);
        return new AvroSerdeConfig(RegistryClientConfig.from(props), config.getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG),
                config.getBoolean(SPECIFIC_AVRO_READER_CONFIG),
                strategy(KEY_SUBJECT_NAME_STRATEGY_CONFIG, config.getString(KEY_SUBJECT_NAME_STRATEGY_CONFIG)),
                strategy(VALUE_SUBJECT_NAME_STRATEGY_CONFIG, config.getString(VALUE_SUBJECT_NAME_STRATEGY_CONFIG)),
                config.getInt(MAX_SCHEMAS_PER_SUBJECT_CONFIG));
    }

    /** The strategy for keys or values. */
    public SubjectNameStrategy subjectStrategy(boolean isKey) {
        return isKey ? keySubjectStrategy : valueSubjectStrategy;
    }

    private static SubjectNameStrategy strategy(String option, String name) {
        String simple = name.substring(name.lastIndexOf('.') + 1);
        // Confluent's class names are accepted too, so existing client configs work unchanged.
        switch (simple) {
            case "TopicNameStrategy":
                return new SubjectNameStrategy.TopicNameStrategy();
            case "RecordNameStrategy":
                return new SubjectNameStrategy.RecordNameStrategy();
            case "TopicRecordNameStrategy":
                return new SubjectNameStrategy.TopicRecordNameStrategy();
            default:
                try {
                    Class<?> type = Class.forName(name, true, Thread.currentThread().getContextClassLoader());
                    return (SubjectNameStrategy) type.getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | ClassCastException e) {
                    throw new ConfigException(option, name, "not a SubjectNameStrategy with a public no-arg constructor: " + e);
                }
        }
    }
}
