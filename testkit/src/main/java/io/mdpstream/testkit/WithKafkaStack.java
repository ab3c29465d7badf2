package io.mdpstream.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class a {@link KafkaStack} parameter (in constructors, lifecycle
 * methods and tests). The stack is chosen once per JVM, in this order:
 * <ol>
 *   <li>external endpoints when {@code MDPSTREAM_BOOTSTRAP_SERVERS} and
 *       {@code MDPSTREAM_SCHEMA_REGISTRY_URL} are set;</li>
 *   <li>Testcontainers ({@code apache/kafka} and {@code confluentinc/cp-schema-registry}) when a
 *       Docker engine answers;</li>
 *   <li>otherwise the embedded broker and registry.</li>
 * </ol>
 * {@code MDPSTREAM_TEST_STACK=embedded|testcontainers|external} forces a choice.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KafkaStackExtension.class)
public @interface WithKafkaStack {
}
