package io.mdpstream.sink.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mdpstream.contract.EventTopics;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.sink.DataFormat;
import io.mdpstream.sink.DatasetLayout;
import io.mdpstream.sink.SinkException;
import io.mdpstream.sink.StoredDataset;
import io.mdpstream.validate.EventKind;
import io.mdpstream.validate.stats.ReferenceProfile;
import io.mdpstream.validate.stats.WindowStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dataset on disk, and the exactly-once protocol that writes it.
 *
 * <p><b>A batch</b> is the episodes closed since the last write, named after the smallest episode id
 * among them (each episode is stored once, so no two batches share a name). Its files (steps and
 * episodes and events of the training set and of the quarantine, and the training set's statistics) are written
 * under hidden temporary names, forced to disk and renamed into place; then its <em>commit
 * marker</em> ({@code _sink/commits/<batch>.json}, listing the files, the episodes and their last
 * offsets) is written the same way. The marker is the commit point: the consumer's offsets are
 * committed only after it. The writer schema of every schema id the batch's events use is in
 * {@code schemas/<id>.avsc} before the marker is written; those files are immutable, so they need no
 * marker of their own (a schema written by a batch that was cut short is harmless).
 *
 * <p><b>Recovery</b> at {@link #open}: files that no marker lists are the leftovers of a batch that
 * was cut short, and are deleted with any temporary file and spilled events; the markers tell
 * which episodes are stored. A restarted sink reads again from the committed offsets and skips every
 * stored episode it meets, so each lands once however the sink stopped.
 *
 * <p>Not thread-safe.
 */
public final class DatasetStore {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetStore.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,149}");
    private static final String MARKER_SUFFIX = ".json";

    private final DatasetLayout layout;
    private final DataFormat format;
    private final EventTopics topics;
    private final Function<String, Scenario> scenarios;
    private final Map<String, String> batchOfEpisode = new HashMap<>();
    private final Map<String, Batch> batches = new LinkedHashMap<>();
    private final Set<String> knownMarkers = new HashSet<>();
    /** Schema ids whose file is known to hold the registry's schema. */
    private final Set<Integer> storedSchemas = new HashSet<>();
    private final DatasetStats stats = new DatasetStats();

    /** What a marker says of a batch, as far as the running sink needs it. */
    private record Batch(List<String> episodes, Map<TopicPartition, Long> lastOffsets) {
    }

    /** What a commit wrote. */
    public record Committed(String batch, int training, int quarantined, long steps) {
    }

    private DatasetStore(DatasetLayout layout, DataFormat format, EventTopics topics, Function<String, Scenario> scenarios) {
        this.layout = layout;
        this.format = format;
        this.topics = topics;
        this.scenarios = scenarios;
    }

    /**
     * Opens a dataset directory, creating it when missing, checks that it is writable, and recovers
     * it from an earlier run that stopped at any point.
     *
     * @throws SinkException when the directory cannot be created or written, or holds a dataset of
     *                       another namespace or format
     */
    public static DatasetStore open(DatasetLayout layout, DataFormat format, EventTopics topics,
                                    Function<String, Scenario> scenarios) {
        DatasetStore store = new DatasetStore(layout, format, topics, scenarios);
        store.checkWritable();
        store.checkSameDataset();
        try {
            store.recover();
        } catch (IOException | UncheckedIOException e) {
            throw new SinkException("cannot recover the dataset in " + layout.root() + ": " + e.getMessage(), e);
        }
        return store;
    }

    private void checkWritable() {
        Path root = layout.root();
        try {
            for (Path dir : List.of(layout.steps(), layout.episodes(), layout.events(), layout.quarantineSteps(),
                    layout.quarantineEpisodes(), layout.quarantineEvents(), layout.schemas(), layout.commits(), layout.spill())) {
                Files.createDirectories(dir);
            }
            Path probe = layout.internal().resolve(".probe" + ProcessHandle.current().pid());
            Files.write(probe, new byte[] {1});
            Durable.force(probe);
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new SinkException("output directory " + root.toAbsolutePath() + " is not writable: " + describe(e)
                    + "; choose another with --out (output.dir)", e);
        }
    }

    private void checkSameDataset() {
        Path metadata = layout.metadata();
        if (!Files.exists(metadata)) {
            return;
        }
        try {
            JsonNode root = JSON.readTree(metadata.toFile());
            String namespace = root.path("namespace").asText("");
            String fileFormat = root.path("file_format").asText("");
            int version = root.path("format_version").asInt(-1);
            if (version != StoredDataset.FORMAT_VERSION) {
                throw new SinkException("output directory " + layout.root().toAbsolutePath() + " holds a dataset of format version "
                        + version + "; this sink writes version " + StoredDataset.FORMAT_VERSION
                        + " (which adds the events table): choose another --out (output.dir)");
            }
            if (!namespace.equals(topics.namespace()) || !fileFormat.equals(format.extension())) {
                throw new SinkException("output directory " + layout.root().toAbsolutePath() + " holds a " + fileFormat
                        + " dataset of namespace '" + namespace + "'; this sink writes " + format.extension()
                        + " for namespace '" + topics.namespace() + "': choose another --out (output.dir)");
            }
        } catch (IOException e) {
            throw new SinkException("cannot read " + metadata + ": " + e.getMessage(), e);
        }
    }

    private void recover() throws IOException {
        try (Stream<Path> spilled = Files.list(layout.spill())) {
            for (Path file : (Iterable<Path>) spilled::iterator) {
                Files.deleteIfExists(file); // events of episodes open when the last run stopped: read again from Kafka
            }
        }
        // ReferenceProfile.write replaces a profile through a temporary file of its own beside it.
        clear(layout.root(), p -> p.getFileName().toString().startsWith("profile-") && p.getFileName().toString().endsWith(".tmp"));
        refresh();
        Set<Path> listed = new HashSet<>();
        for (String name : knownMarkers) {
            JsonNode marker = JSON.readTree(marker(name).toFile());
            marker.path("files").forEach(f -> listed.add(layout.root().resolve(f.asText()).normalize()));
        }
        clear(layout.schemas(), Durable::isTemporary);
        for (Path dir : List.of(layout.steps(), layout.episodes(), layout.events(), layout.quarantineSteps(),
                layout.quarantineEpisodes(), layout.quarantineEvents(), layout.commits())) {
            clear(dir, file -> Durable.isTemporary(file) || !listed.contains(file.normalize())
                    && !(dir.equals(layout.commits()) && file.getFileName().toString().endsWith(MARKER_SUFFIX)
                    && !file.getFileName().toString().contains(".profile-")));
        }
        writeMetadata();
    }

    private static void clear(Path dir, java.util.function.Predicate<Path> leftover) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file) && leftover.test(file)) {
                    LOG.info("Deleting {}: left over by a write that did not complete", file);
                    Files.delete(file);
                }
            }
        }
    }

    /** Reads the markers written since the last look, by this sink or another sharing the directory. */
    public void refresh() {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(layout.commits())) {
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(MARKER_SUFFIX) && !n.startsWith(".") && !n.contains(".profile-"))
                    .map(n -> n.substring(0, n.length() - MARKER_SUFFIX.length()))
                    .filter(n -> !knownMarkers.contains(n))
                    .sorted(Comparator.naturalOrder())
                    .forEach(names::add);
        } catch (IOException e) {
            throw new SinkException("cannot list " + layout.commits() + ": " + e.getMessage(), e);
        }
        for (String name : names) {
            try {
                load(name, JSON.readTree(marker(name).toFile()));
            } catch (IOException e) {
                throw new SinkException("cannot read commit marker " + marker(name) + ": " + e.getMessage(), e);
            }
        }
    }

    private void load(String name, JsonNode marker) {
        List<String> ids = new ArrayList<>();
        for (JsonNode episode : marker.path("episodes")) {
            String id = episode.path("id").asText();
            ids.add(id);
            batchOfEpisode.put(id, name);
            stats.addEpisode(episode.path("scenario").asText(), episode.path("version").asText(),
                    "train".equals(episode.path("area").asText()), episode.path("verdict").asText(),
                    episode.path("steps").asLong(), episode.path("return").asDouble(),
                    episode.path("outcome").isNull() ? null : episode.path("outcome").asText(null));
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        marker.path("offsets").properties().forEach(topic -> topic.getValue().properties().forEach(partition ->
                offsets.put(new TopicPartition(topic.getKey(), Integer.parseInt(partition.getKey())), partition.getValue().asLong())));
        marker.path("profiles").properties().forEach(entry -> {
            Map<String, Long> actions = new TreeMap<>();
            marker.path("actions").path(entry.getKey()).properties().forEach(a -> actions.put(a.getKey(), a.getValue().asLong()));
            stats.addProfile(entry.getKey(), ReferenceProfile.read(layout.root().resolve(entry.getValue().asText())), actions);
        });
        stats.addBatch();
        batches.put(name, new Batch(ids, offsets));
        knownMarkers.add(name);
    }

    /** Whether an episode is stored (as far as events of it may still be read). */
    public boolean isStored(String episodeId) {
        return batchOfEpisode.containsKey(episodeId);
    }

    /**
     * Forgets stored episodes whose events all lie before the committed offsets: no restart reads
     * them again, so they need not be recognised. Keeps memory bounded on a long run.
     *
     * @param committed committed offset of a partition, or -1 when unknown here
     */
    public void prune(ToLongFunction<TopicPartition> committed) {
        for (Iterator<Batch> it = batches.values().iterator(); it.hasNext(); ) {
            Batch batch = it.next();
            boolean behind = !batch.lastOffsets().isEmpty() && batch.lastOffsets().entrySet().stream()
                    .allMatch(e -> committed.applyAsLong(e.getKey()) > e.getValue());
            if (behind) {
                batch.episodes().forEach(batchOfEpisode::remove);
                it.remove();
            }
        }
    }

    /**
     * A batch whose rows are being encoded into its files (on threads of their own); {@link #finish}
     * makes it durable and commits it. Not thread-safe.
     */
    public final class Writing {
        private final String name;
        private final BatchFiles files;
        private final Map<String, WindowStats> training = new TreeMap<>();
        private final ArrayNode episodeEntries = JSON.createArrayNode();
        private final Map<TopicPartition, Long> lastOffsets = new HashMap<>();
        private int train;
        private long steps;

        private Writing(String name) {
            this.name = name;
            this.files = new BatchFiles(name);
        }

        /** Whether its rows are all encoded, so that {@link #finish} would not wait for them. */
        public boolean encoded() {
            return files.encoded();
        }
    }

    /**
     * Starts a batch: assembles the closed episodes' rows and hands them to the batch's encoders; the
     * batch is stored once {@link #finish}ed, and not at all if the sink stops before.
     *
     * @param closed episodes to store (none dropped), each with its start
     * @return null when there was nothing to write
     */
    public Writing write(List<Disposition> closed, EpisodeAssembler assembler) throws IOException {
        if (closed.isEmpty()) {
            return null;
        }
        List<Disposition> episodes = new ArrayList<>(closed);
        episodes.sort(Comparator.comparing(d -> d.episode().id()));
        Writing batch = new Writing(safeName(episodes.get(0).episode().id()));
        Set<Integer> schemaIds = new TreeSet<>();
        try {
            for (Disposition disposition : episodes) {
                boolean toTraining = disposition.area() == Disposition.Area.TRAIN;
                OpenEpisode episode = disposition.episode();
                WindowStats windowStats = toTraining ? batch.training.computeIfAbsent(episode.scenario(), s -> new WindowStats()) : null;
                EpisodeAssembler.Assembled assembled = assembler.assemble(disposition, batch.name, batch.files.steps(toTraining),
                        batch.files.events(toTraining)::write, windowStats);
                batch.files.episodes(toTraining).write(assembled.episode());
                schemaIds.addAll(assembled.schemaIds());
                batch.train += toTraining ? 1 : 0;
                batch.steps += assembled.steps();
                ObjectNode entry = batch.episodeEntries.addObject();
                entry.put("id", episode.id());
                entry.put("scenario", assembled.scenario());
                entry.put("version", assembled.scenarioVersion());
                entry.put("area", toTraining ? "train" : "quarantine");
                entry.put("verdict", disposition.verdict());
                entry.put("steps", assembled.steps());
                entry.put("return", assembled.episodeReturn());
                entry.put("outcome", assembled.outcome());
                for (EventKind kind : EventKind.values()) {
                    long last = episode.lastOffset(kind);
                    if (last >= 0) {
                        batch.lastOffsets.merge(new TopicPartition(kind.topic(topics), episode.partition()), last, Math::max);
                    }
                }
            }
            batch.files.flush();
            for (int id : schemaIds) {
                storeSchema(id, assembler);
            }
        } catch (IOException | RuntimeException e) {
            batch.files.abandon();
            throw e;
        }
        return batch;
    }

    /** Gives a batch up: its files go (a batch not finished is not stored). */
    public void abandon(Writing batch) {
        batch.files.abandon();
    }

    /**
     * Waits for a batch's rows to be encoded, makes its files durable and commits it with its marker.
     * Batches are finished in the order they were written.
     */
    public Committed finish(Writing batch) throws IOException {
        String name = batch.name;
        BatchFiles files = batch.files;
        try {
            files.publish();
        } catch (IOException | RuntimeException e) {
            files.abandon();
            throw e;
        }
        ObjectNode marker = JSON.createObjectNode();
        marker.put("format_version", 1);
        marker.put("batch", name);
        ArrayNode listed = marker.putArray("files");
        files.published.forEach(f -> listed.add(layout.root().relativize(f).toString()));
        ObjectNode profiles = marker.putObject("profiles");
        ObjectNode actions = marker.putObject("actions");
        for (Map.Entry<String, WindowStats> entry : batch.training.entrySet()) {
            if (entry.getValue().totalEvents() == 0) {
                continue;
            }
            Path profile = layout.commits().resolve(name + ".profile-" + entry.getKey() + ".json");
            ReferenceProfile.of(entry.getKey(), entry.getValue()).write(profile);
            Durable.force(profile);
            listed.add(layout.root().relativize(profile).toString());
            profiles.put(entry.getKey(), layout.root().relativize(profile).toString());
            ObjectNode counts = actions.putObject(entry.getKey());
            entry.getValue().actionFrequencies().forEach(counts::put);
        }
        Durable.forceDirectory(layout.commits());
        marker.set("episodes", batch.episodeEntries);
        ObjectNode offsets = marker.putObject("offsets");
        batch.lastOffsets.forEach((tp, offset) -> {
            JsonNode topic = offsets.get(tp.topic());
            (topic instanceof ObjectNode node ? node : offsets.putObject(tp.topic())).put(Integer.toString(tp.partition()), offset);
        });
        Durable.write(marker(name), JSON.writeValueAsBytes(marker)); // the commit point
        load(name, marker);
        writeMetadata();
        return new Committed(name, batch.train, batch.episodeEntries.size() - batch.train, batch.steps);
    }

    /**
     * Makes sure {@code schemas/<id>.avsc} holds the registry's writer schema of {@code id}.
     *
     * @throws SinkException when the file holds another schema: the dataset was written against another registry
     */
    private void storeSchema(int id, EpisodeAssembler assembler) throws IOException {
        if (storedSchemas.contains(id)) {
            return;
        }
        Schema writer = assembler.writerSchema(id);
        Path file = layout.schema(id);
        if (Files.exists(file)) {
            Schema stored = new Schema.Parser().parse(file.toFile());
            if (!stored.equals(writer)) {
                throw new SinkException(file + " holds another schema than id " + id + " of this schema registry: the dataset in "
                        + layout.root().toAbsolutePath() + " was written against another registry; choose another --out (output.dir)");
            }
        } else {
            Durable.write(file, writer.toString(true).getBytes(StandardCharsets.UTF_8));
        }
        storedSchemas.add(id);
    }

    /**
     * Files, each encoded on a thread of its own, that a batch's steps are split into by episode. On
     * one thread the steps needed about as much CPU per event as the publisher's thread (1.8 µs for
     * support), so on shared cores a sink could not keep up with a publisher at full speed.
     */
    static final int STEP_PARTS = 2;

    /** The files of one batch being written: one per area, table, step schema and part. */
    private final class BatchFiles {
        private final String name;
        /**
         * Encode the rows while the sink's thread assembles the next ones: the steps on {@link #STEP_PARTS}
         * threads, the events and episodes on another (the steps take about two thirds of the encoding).
         */
        private final WriterThread[] stepsEncoders = new WriterThread[STEP_PARTS];
        private final WriterThread tablesEncoder;
        private final List<WriterThread> encoders = new ArrayList<>();
        /** Step rows handed to each part so far: an episode goes to the part with the fewest. */
        private final long[] partRows = new long[STEP_PARTS];
        /** Writers handed to the encoder, by file key: what rows are written to. */
        private final Map<Object, RowWriter> writers = new LinkedHashMap<>();
        /** The files' own writers, by the same key: closed here once the encoder is drained. */
        private final Map<Object, RowWriter> files = new LinkedHashMap<>();
        private final Map<Object, Path> targets = new LinkedHashMap<>();
        /** Per area (training or quarantine), its step schemas numbered in the order they came: the files' stems. */
        private final Map<Boolean, Map<Schema, Integer>> schemasPerArea = new HashMap<>();
        final List<Path> published = new ArrayList<>();

        BatchFiles(String name) {
            this.name = name;
            for (int part = 0; part < STEP_PARTS; part++) {
                stepsEncoders[part] = new WriterThread("mdpstream-sink-steps-writer-" + part);
                encoders.add(stepsEncoders[part]);
            }
            this.tablesEncoder = new WriterThread("mdpstream-sink-events-writer");
            encoders.add(tablesEncoder);
        }

        /**
         * Where an episode's step rows go: the file of their schema in the part with the fewest rows so far
         * (an episode's steps stay together in one file), looked up again only when the schema changes.
         */
        EpisodeAssembler.StepOutput steps(boolean training) {
            int part = 0;
            for (int p = 1; p < STEP_PARTS; p++) {
                if (partRows[p] < partRows[part]) {
                    part = p;
                }
            }
            int chosen = part;
            return new EpisodeAssembler.StepOutput() {
                private Schema schema;
                private RowWriter writer;

                @Override
                public void write(StepRows rows, GenericRecord row) throws IOException {
                    if (rows.schema() != schema) {
                        writer = steps(training, rows.schema(), chosen);
                        schema = rows.schema();
                    }
                    writer.write(row);
                    partRows[chosen]++;
                }
            };
        }

        private RowWriter steps(boolean training, Schema schema, int part) throws IOException {
            List<Object> key = List.of("steps", training, schema, part);
            RowWriter writer = writers.get(key);
            if (writer == null) {
                // Episodes written with another observation or action schema get files of their own.
                Map<Schema, Integer> area = schemasPerArea.computeIfAbsent(training, t -> new HashMap<>());
                int n = area.computeIfAbsent(schema, s -> area.size() + 1);
                String stem = (n == 1 ? name : name + "~" + (n - 1)) + (part == 0 ? "" : "+" + part);
                writer = open(key, (training ? layout.steps() : layout.quarantineSteps()).resolve(stem + "." + format.extension()),
                        schema, RowWriter.Encoding.COMPACT, stepsEncoders[part]);
            }
            return writer;
        }

        RowWriter events(boolean training) throws IOException {
            return table(training ? layout.events() : layout.quarantineEvents(), EventRows.SCHEMA, EventRows.ENCODING);
        }

        RowWriter episodes(boolean training) throws IOException {
            return table(training ? layout.episodes() : layout.quarantineEpisodes(), EpisodeRows.SCHEMA, RowWriter.Encoding.COMPACT);
        }

        /** The batch's one file in a table whose schema does not depend on the scenario. */
        private RowWriter table(Path dir, Schema schema, RowWriter.Encoding encoding) throws IOException {
            RowWriter writer = writers.get(dir);
            return writer != null ? writer : open(dir, dir.resolve(name + "." + format.extension()), schema, encoding, tablesEncoder);
        }

        private RowWriter open(Object key, Path target, Schema schema, RowWriter.Encoding encoding, WriterThread encoder)
                throws IOException {
            RowWriter file = RowWriter.open(format, Durable.temporary(target), schema, encoding);
            files.put(key, file);
            targets.put(key, target);
            RowWriter writer = encoder.writer(file);
            writers.put(key, writer);
            return writer;
        }

        /** Hands what was written to the encoders without waiting for them. */
        void flush() throws IOException {
            for (WriterThread encoder : encoders) {
                encoder.flush();
            }
        }

        boolean encoded() {
            return encoders.stream().allMatch(WriterThread::idle);
        }

        /** Waits for every row to be encoded, closes (and so forces) every file, then renames each into place. */
        void publish() throws IOException {
            for (WriterThread encoder : encoders) {
                encoder.drain();
            }
            for (RowWriter file : files.values()) {
                file.close();
            }
            for (WriterThread encoder : encoders) {
                encoder.close();
            }
            for (Map.Entry<Object, Path> entry : targets.entrySet()) {
                Durable.publish(Durable.temporary(entry.getValue()), entry.getValue());
                published.add(entry.getValue());
            }
        }

        /** After a failure: the temporary files go; renamed ones stay unlisted and are deleted at the next start. */
        void abandon() {
            for (WriterThread encoder : encoders) {
                try {
                    encoder.close(); // before the files are closed: it may be writing to them
                } catch (IOException | RuntimeException ignored) {
                    // The write failed already; that error is reported.
                }
            }
            for (Map.Entry<Object, RowWriter> entry : files.entrySet()) {
                try {
                    entry.getValue().close();
                } catch (IOException | RuntimeException ignored) {
                    // The write failed already; that error is reported.
                }
                try {
                    Files.deleteIfExists(Durable.temporary(targets.get(entry.getKey())));
                } catch (IOException ignored) {
                    // Deleted at the next start.
                }
            }
        }
    }

    /** Rewrites dataset.json and the profiles from what the markers say; derived, so a crash in between loses nothing. */
    private void writeMetadata() {
        try {
            for (Map.Entry<String, DatasetStats.ScenarioStats> entry : stats.scenarios().entrySet()) {
                if (entry.getValue().profile() != null) {
                    entry.getValue().profile().write(layout.profile(entry.getKey()));
                }
            }
            Durable.write(layout.metadata(), JSON.writeValueAsBytes(stats.toJson(topics.namespace(), format.extension(), scenarios)));
        } catch (IOException e) {
            throw new SinkException("cannot write " + layout.metadata() + ": " + e.getMessage(), e);
        }
    }

    public DatasetStats stats() {
        return stats;
    }

    public DatasetLayout layout() {
        return layout;
    }

    /** Episodes this sink recognises as stored. */
    public int storedKnown() {
        return batchOfEpisode.size();
    }

    private Path marker(String name) {
        return layout.commits().resolve(name + MARKER_SUFFIX);
    }

    /** A file name for an episode id: the id itself when it is a safe name, else a digest of it. */
    public static String safeName(String episodeId) {
        if (SAFE.matcher(episodeId).matches()) {
            return episodeId;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(episodeId.getBytes(StandardCharsets.UTF_8));
            return "id-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(Exception e) {
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied on " + e.getMessage()
                : e instanceof java.nio.file.FileSystemException fs ? fs.getReason() + " (" + fs.getFile() + ")" : e.toString();
    }
}
