package io.mdpstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mdpstream.events.Reward;
import io.mdpstream.serde.AvroSerializer;
import io.mdpstream.testing.SampleEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The serde interoperates with Confluent's clients in other languages: confluent-kafka-python's
 * AvroConsumer reads what mdpstream wrote, and mdpstream reads what its AvroProducer wrote.
 */
@WithKafkaStack
class PythonInteropIT {

    /** Debian's interpreter: a pyenv python3 earlier on PATH lacks the Debian packages. */
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("src/test/python/avro_interop.py");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void requirePythonClient() throws Exception {
        assumeThat(Files.isExecutable(PYTHON)).as("needs %s (Debian python3)", PYTHON).isTrue();
        Result probe = run(List.of(PYTHON.toString(), "-c", "import confluent_kafka.avro, avro"), Map.of(), null);
        assumeThat(probe.exitCode).as("needs Debian packages python3-confluent-kafka and python3-avro: %s", probe.stderr)
                .isZero();
    }

    @Test
    void pythonAvroConsumerShouldReadWhatTheSerdeWrote(KafkaStack stack) throws Exception {
        String topic = stack.uniqueName("py-read");
        // The legacy AvroConsumer decodes keys as Avro too, so here the keys go through the serde as well.
        List<Object> written = List.of(SampleEvents.started(), SampleEvents.state(), SampleEvents.reward());
        for (int i = 0; i < written.size(); i++) {
            try (KafkaProducer<Object, Object> producer = avroKeyedProducer(stack)) {
                producer.send(new ProducerRecord<>(topic + "-" + i, "run-7-ep-000042", written.get(i))).get(30, TimeUnit.SECONDS);
            }
        }

        JsonNode started = readWithPython(stack, "consume", topic + "-0");
        JsonNode state = readWithPython(stack, "consume", topic + "-1").get("value");
        JsonNode reward = readWithPython(stack, "consume", topic + "-2").get("value");

        assertThat(started.get("key").asText()).isEqualTo("run-7-ep-000042");
        assertStarted(started.get("value"));
        assertThat(state.at("/observation/queue_length").asInt()).isEqualTo(12);
        assertThat(state.at("/observation/oldest_wait_s").asDouble()).isEqualTo(95.5);
        assertThat(state.at("/observation/priorities").toString()).isEqualTo("[1,3,2]");
        assertThat(state.at("/action_mask").toString()).isEqualTo("[true,false,true]");
        assertThat(reward.at("/value").asDouble()).isEqualTo(-2.5);
        assertThat(reward.at("/components/sla_penalty").asDouble()).isEqualTo(-3.5);
        assertThat(reward.at("/credited_step").asInt()).isZero();
    }

    @Test
    void pythonShouldReadValuesOfStringKeyedTopicsAsMdpstreamPublishesThem(KafkaStack stack) throws Exception {
        String topic = stack.uniqueName("py-values");
        try (KafkaProducer<String, Object> producer = EventStreamIT.producer(stack)) {
            producer.send(new ProducerRecord<>(topic, "run-7-ep-000042", SampleEvents.started())).get(30, TimeUnit.SECONDS);
        }

        JsonNode record = readWithPython(stack, "consume-values", topic);

        assertThat(record.get("key").asText()).isEqualTo("run-7-ep-000042");
        assertStarted(record.get("value"));
    }

    private static void assertStarted(JsonNode started) {
        assertThat(started.at("/envelope/episode_id").asText()).isEqualTo("run-7-ep-000042");
        assertThat(started.at("/envelope/seq").asLong()).isZero();
        assertThat(started.at("/envelope/sim_time").asText()).startsWith("2026-01-05 08:00:00");
        assertThat(started.at("/body/seed").asLong()).isEqualTo(-8_123_456_789L);
        assertThat(started.at("/body/policy/id").asText()).isEqualTo("softmax(heuristic)");
        assertThat(started.at("/body/randomized/arrival_rate").asDouble()).isEqualTo(1.37);
    }

    private static KafkaProducer<Object, Object> avroKeyedProducer(KafkaStack stack) {
        Map<String, Object> props = new java.util.HashMap<>(stack.clientProperties());
        props.put(org.apache.kafka.clients.producer.ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
        props.put(org.apache.kafka.clients.producer.ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
        return new KafkaProducer<>(props);
    }

    @Test
    void serdeShouldReadWhatPythonAvroProducerWrote(KafkaStack stack) throws Exception {
        String topic = stack.uniqueName("py-write");
        Map<String, String> env = endpoints(stack);

        Result produced = run(List.of(PYTHON.toString(), SCRIPT.toString(), "produce", topic), env,
                Reward.getClassSchema().toString());
        assertThat(produced.exitCode).as(produced.stderr).isZero();

        List<ConsumerRecord<String, Object>> records;
        try (KafkaConsumer<String, Object> consumer = EventStreamIT.consumer(stack)) {
            records = EventStreamIT.readAll(consumer, Set.of(topic), 1);
        }
        assertThat(records).hasSize(1);
        Reward reward = (Reward) records.get(0).value();
        assertThat(reward.getEnvelope().getEpisodeId()).isEqualTo("py-run-ep-000001");
        assertThat(reward.getEnvelope().getSeq()).isEqualTo(17);
        assertThat(reward.getEnvelope().getSimTime()).isEqualTo(Instant.parse("2026-01-05T09:30:00Z"));
        assertThat(reward.getValue()).isEqualTo(12.75);
        assertThat(reward.getComponents()).containsEntry("revenue", 15.0).containsEntry("late_penalty", -2.25);
        assertThat(reward.getCreditedStep()).isEqualTo(4);
    }

    private static JsonNode readWithPython(KafkaStack stack, String mode, String topic) throws Exception {
        Result result = run(List.of(PYTHON.toString(), SCRIPT.toString(), mode, topic, "1"), endpoints(stack), null);
        assertThat(result.exitCode).as("python consumer failed: %s", result.stderr).isZero();
        return JSON.readTree(result.stdout.strip());
    }

    private static Map<String, String> endpoints(KafkaStack stack) {
        return Map.of("MDPSTREAM_BOOTSTRAP_SERVERS", stack.bootstrapServers(),
                "MDPSTREAM_SCHEMA_REGISTRY_URL", stack.schemaRegistryUrl());
    }

    private static Result run(List<String> command, Map<String, String> env, String stdin) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        // Read stderr on the side so a chatty process cannot block on a full pipe.
        var stderr = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("python did not finish within 120 s: " + command);
        }
        return new Result(process.exitValue(), stdout, stderr.join());
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }
}
