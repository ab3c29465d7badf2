package io.mdpstream.bench;

import io.mdpstream.replay.internal.EpisodeSpill;
import io.mdpstream.replay.internal.RecordedEvent;
import io.mdpstream.replay.internal.Recording;
import io.mdpstream.replay.internal.TimeOrder;
import io.mdpstream.sink.DataFormat;
import io.mdpstream.sink.StoredDataset;
import io.mdpstream.sink.internal.EventRows;
import io.mdpstream.sink.internal.RowWriter;
import io.mdpstream.validate.EventKind;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Heap and speed of replay's reading and time ordering (no Kafka), spilled to a file versus held in
 * memory as replay did before (the baseline, kept here as it was), on a synthetic events table of
 * EPISODES episodes of EVENTS events with bodies of about 200 bytes, IN_FLIGHT of them overlapping
 * in simulated time: {@code bench/run ReplayMemory [episodes events in-flight]}. Both read the same
 * table and must give the same events in the same order (a hash over every field says so). Reports
 * the live heap after reading and 55 % through the merge, per event, and events per second.
 * Exits 1 when the orders differ or when the spilled replay's live heap is not under a quarter of
 * the baseline's. Run it with a small heap ({@code BENCH_JAVA_OPTS=-Xmx128m}) to see the baseline
 * fail where the spill does not.
 */
public final class ReplayMemory {

    private ReplayMemory() {
    }

    /** What one way of replaying did. */
    private record Result(String name, long events, long hash, long loadedHeap, long mergingHeap, double loadSeconds,
                          double mergeSeconds) {
    }

    public static void main(String[] args) throws IOException {
        int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        try (TempTree temp = TempTree.create("mdpstream-replay-bench-")) {
            Path work = temp.root();
            long begin = System.nanoTime();
            StoredDataset dataset = StoredDataset.open(write(work.resolve("dataset"), episodes, events, inFlight));
            long tableBytes;
            try (Stream<Path> files = Files.list(dataset.layout().events())) {
                tableBytes = files.mapToLong(f -> f.toFile().length()).sum();
            }
            System.out.printf(Locale.ROOT, "table: %,d episodes x %,d events (%,d in flight), %,.1f MiB of Parquet, written in %.1f s; "
                            + "heap limit %,.0f MiB%n", episodes, events, inFlight, tableBytes / 1048576.0,
                    (System.nanoTime() - begin) / 1e9, Runtime.getRuntime().maxMemory() / 1048576.0);
            dataset.forEachEvent(false, row -> { }); // warms the reader up: its caches are not part of either figure
            Result raw = spilled(dataset, work, 0);
            // The base is the live heap once the spilled replay is over (the reader's caches stay alive), taken after it
            // because a base taken before comes out higher than the heap while it runs.
            long base = liveHeap();
            Result spilled = new Result(raw.name, raw.events, raw.hash, raw.loadedHeap - base, raw.mergingHeap - base, raw.loadSeconds,
                    raw.mergeSeconds);
            print(spilled);
            Result memory;
            try {
                memory = inMemory(dataset, base);
                print(memory);
            } catch (OutOfMemoryError e) {
                System.out.printf(Locale.ROOT, "in memory (before): OutOfMemoryError (%s)%n", e.getMessage());
                System.out.println("PASS: the spilled replay ran where the in-memory one could not");
                return;
            }
            double heapRatio = (double) Math.max(spilled.loadedHeap, spilled.mergingHeap) / Math.max(memory.loadedHeap, memory.mergingHeap);
            double speedRatio = (spilled.events / (spilled.loadSeconds + spilled.mergeSeconds))
                    / (memory.events / (memory.loadSeconds + memory.mergeSeconds));
            System.out.printf(Locale.ROOT, "spilled / in memory: live heap %.3f, events/s (read + merge) %.2f%n", heapRatio, speedRatio);
            boolean same = spilled.hash == memory.hash && spilled.events == memory.events;
            System.out.println(same ? "same events in the same order" : "FAIL: the orders differ");
            if (!same || heapRatio >= 0.25) {
                System.out.println(same ? "FAIL: the spilled replay's live heap is not under a quarter of the in-memory one" : "");
                System.exit(1);
            }
            System.out.println("PASS");
        }
    }

    private static Path write(Path dir, int episodes, int events, int inFlight) throws IOException {
        Files.createDirectories(dir.resolve("events"));
        Files.writeString(dir.resolve("dataset.json"), "{\"dataset\": \"mdpstream\", \"format_version\": 2, \"file_format\": \"parquet\"}");
        SplittableRandom random = new SplittableRandom(1);
        EventKind[] kinds = EventKind.values();
        int perBatch = 1_000; // as the sink writes: whole episodes, a batch file per flush
        for (int first = 0; first < episodes; first += perBatch) {
            Path file = dir.resolve("events").resolve(String.format(Locale.ROOT, "ep-%08d.parquet", first));
            try (RowWriter writer = RowWriter.open(DataFormat.PARQUET, file, EventRows.SCHEMA, RowWriter.Encoding.FAST)) {
                for (int e = first; e < Math.min(episodes, first + perBatch); e++) {
                    long time = 1_700_000_000_000L + (long) (e / inFlight) * events * 1_000L + random.nextInt(1_000);
                    for (int i = 0; i < events; i++) {
                        byte[] body = new byte[150 + random.nextInt(100)];
                        random.nextBytes(body);
                        GenericRecord row = new GenericData.Record(EventRows.SCHEMA);
                        row.put("episode_id", String.format(Locale.ROOT, "run-%08d", e));
                        row.put("seq", (long) i);
                        row.put("kind", kinds[i % kinds.length].label());
                        row.put("timestamp", time);
                        row.put("schema_id", 1 + i % kinds.length);
                        row.put("body", ByteBuffer.wrap(body));
                        writer.write(row);
                        time += random.nextInt(10) == 0 ? 0 : random.nextInt(2_000);
                    }
                }
            }
        }
        return dir;
    }

    private static Result spilled(StoredDataset dataset, Path work, long base) throws IOException {
        long begin = System.nanoTime();
        try (EpisodeSpill spill = Recording.spill(dataset, false, id -> true, Files.createDirectories(work.resolve("spill")))) {
            TimeOrder order = spill.order();
            double load = (System.nanoTime() - begin) / 1e9;
            long loaded = liveHeap() - base;
            return merge("spilled (after)", order, spill.events(), load, loaded, base);
        }
    }

    private static Result inMemory(StoredDataset dataset, long base) {
        long begin = System.nanoTime();
        List<List<RecordedEvent>> episodes = load(dataset);
        Iterator<RecordedEvent> order = timeOrder(episodes);
        double load = (System.nanoTime() - begin) / 1e9;
        long loaded = liveHeap() - base;
        long total = episodes.stream().mapToLong(List::size).sum();
        return merge("in memory (before)", order, total, load, loaded, base);
    }

    private static Result merge(String name, Iterator<RecordedEvent> order, long total, double load, long loaded, long base) {
        long begin = System.nanoTime();
        long hash = 1;
        long n = 0;
        long merging = 0;
        long paused = 0;
        while (order.hasNext()) {
            RecordedEvent event = order.next();
            hash = 31 * hash + event.episodeId().hashCode();
            hash = 31 * hash + Long.hashCode(event.seq()) * 7 + Long.hashCode(event.timestamp()) + event.kind().ordinal();
            hash = 31 * hash + event.schemaId() + java.util.Arrays.hashCode(event.body());
            if (++n == total * 11 / 20) { // not at the half: with these tables that falls between two waves of episodes
                long pause = System.nanoTime();
                merging = liveHeap() - base;
                paused = System.nanoTime() - pause;
            }
        }
        return new Result(name, n, hash, loaded, merging, load, (System.nanoTime() - begin - paused) / 1e9);
    }

    private static void print(Result r) {
        System.out.printf(Locale.ROOT, "%-19s %,d events: live heap after reading %,.1f MiB (%,.1f bytes/event), 55 %% through the "
                        + "merge %,.1f MiB (%,.1f bytes/event); read %.2f s, merge %.2f s, %,.0f events/s overall (merge alone %,.0f)%n",
                r.name, r.events, r.loadedHeap / 1048576.0, (double) r.loadedHeap / r.events, r.mergingHeap / 1048576.0,
                (double) r.mergingHeap / r.events, r.loadSeconds, r.mergeSeconds, r.events / (r.loadSeconds + r.mergeSeconds),
                r.events / r.mergeSeconds);
    }

    // The baseline: replay's Recording.load and TimeOrder as they were before the spill (commit 91eb911).

    private static List<List<RecordedEvent>> load(StoredDataset dataset) {
        Map<String, List<RecordedEvent>> episodes = new LinkedHashMap<>();
        dataset.forEachEvent(false, row -> {
            String id = row.get("episode_id").toString();
            ByteBuffer buffer = ((ByteBuffer) row.get("body")).duplicate();
            byte[] body = new byte[buffer.remaining()];
            buffer.get(body);
            EventKind kind = EventKind.valueOf(row.get("kind").toString().toUpperCase(Locale.ROOT));
            episodes.computeIfAbsent(id, e -> new ArrayList<>()).add(new RecordedEvent(id, kind, (Long) row.get("seq"),
                    (Long) row.get("timestamp"), (Integer) row.get("schema_id"), body));
        });
        return new ArrayList<>(episodes.values());
    }

    private static Iterator<RecordedEvent> timeOrder(List<List<RecordedEvent>> episodes) {
        record Cursor(int rank, List<RecordedEvent> events, int[] next) {
            RecordedEvent head() {
                return events.get(next[0]);
            }
        }
        PriorityQueue<Cursor> heads = new PriorityQueue<>(
                Comparator.comparingLong((Cursor c) -> c.head().timestamp()).thenComparingInt(Cursor::rank));
        for (int i = 0; i < episodes.size(); i++) {
            if (!episodes.get(i).isEmpty()) {
                heads.add(new Cursor(i, episodes.get(i), new int[1]));
            }
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public RecordedEvent next() {
                Cursor cursor = heads.poll();
                RecordedEvent event = cursor.head();
                cursor.next()[0]++;
                if (cursor.next()[0] < cursor.events().size()) {
                    heads.add(cursor);
                }
                return event;
            }
        };
    }

    private static long liveHeap() {
        for (int i = 0; i < 2; i++) {
            long collections = collections();
            System.gc();
            if (collections() == collections) {
                throw new IllegalStateException("System.gc() collected nothing (-XX:+DisableExplicitGC?): the live heap cannot be measured");
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long collections() {
        long total = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, collector.getCollectionCount());
        }
        return total;
    }
}
