package io.mdpstream.bench;

import io.mdpstream.contract.EventModel;
import io.mdpstream.registry.CachingSchemaRegistryClient;
import io.mdpstream.registry.InMemorySchemaRegistry;
import io.mdpstream.serde.AvroSerializer;
import io.mdpstream.testing.SampleEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Cost of serializing a scenario state event through the Confluent-wire-format serializer with a
 * warm registry cache, against plain Avro binary encoding of the same record with the same writer
 * and a reused encoder and buffer. Target: at most 1.5x.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class SerdeBench {

    private GenericRecord state;
    private AvroSerializer<Object> serializer;
    private DatumWriter<Object> writer;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private BinaryEncoder encoder;

    @Setup
    public void setUp() {
        state = SampleEvents.state();
        serializer = new AvroSerializer<>(new CachingSchemaRegistryClient(new InMemorySchemaRegistry(), 1000));
        serializer.serialize("toy-queue.states", state); // registers: the cache is warm from here on
        writer = new SpecificDatumWriter<>(state.getSchema(), EventModel.get());
    }

    @Benchmark
    public byte[] plainAvro() throws IOException {
        out.reset();
        encoder = EncoderFactory.get().binaryEncoder(out, encoder);
        writer.write(state, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Benchmark
    public byte[] serializer() {
        return serializer.serialize("toy-queue.states", state);
    }

    public static void main(String[] args) throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(SerdeBench.class.getName())
                .build()).run();
        double plain = score(results, "plainAvro");
        double serde = score(results, "serializer");
        System.out.printf("%nstate event: plain Avro %.1f ns, serializer %.1f ns, ratio %.2fx (target <= 1.50x)%n",
                plain, serde, serde / plain);
    }

    static double score(Collection<RunResult> results, String method) {
        return results.stream().filter(r -> r.getParams().getBenchmark().endsWith("." + method)).findFirst()
                .orElseThrow().getPrimaryResult().getScore();
    }
}
