package io.mdpstream.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mdpstream.sink.internal.Durable;
import io.mdpstream.sink.internal.EpisodeRows;
import io.mdpstream.sink.internal.EventRows;
import io.mdpstream.sink.internal.JsonRows;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * A dataset that {@link EpisodeSink} stored, opened for reading (by replay, regression, or your own
 * tools). Opening checks that the directory is one: its {@code dataset.json} says
 * {@code "dataset": "mdpstream"} with a format version this code reads. Tables are read file by file
 * in name order (batch names sort by their smallest episode id); files the sink has not finished
 * writing (hidden temporary names) are skipped. Not thread-safe; cheap to open again.
 */
public final class StoredDataset {

    /** The {@code format_version} of {@code dataset.json} this code reads and writes. */
    public static final int FORMAT_VERSION = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DatasetLayout layout;
    private final JsonNode metadata;
    private final DataFormat format;

    private StoredDataset(DatasetLayout layout, JsonNode metadata, DataFormat format) {
        this.layout = layout;
        this.metadata = metadata;
        this.format = format;
    }

    /**
     * Opens the dataset in {@code dir}.
     *
     * @throws SinkException naming the directory and what is wrong when it is not an mdpstream dataset
     *                       (no or unreadable {@code dataset.json}, another kind of file, a format
     *                       version this code does not read)
     */
    public static StoredDataset open(Path dir) {
        Objects.requireNonNull(dir, "dir");
        DatasetLayout layout = new DatasetLayout(dir);
        String notOne = dir.toAbsolutePath() + " is not an mdpstream dataset (a directory written by mdpstream sink or demo): ";
        if (!Files.isDirectory(dir)) {
            throw new SinkException(notOne + "no such directory");
        }
        JsonNode metadata;
        try {
            metadata = JSON.readTree(layout.metadata().toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new SinkException(notOne + "it has no dataset.json");
        } catch (IOException e) {
            throw new SinkException(notOne + "its dataset.json does not parse: " + e.getMessage(), e);
        }
        if (metadata == null || !"mdpstream".equals(metadata.path("dataset").asText())) {
            throw new SinkException(notOne + "its dataset.json lacks \"dataset\": \"mdpstream\"");
        }
        int version = metadata.path("format_version").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new SinkException(dir.toAbsolutePath() + " holds an mdpstream dataset of format version " + version
                    + "; this mdpstream reads version " + FORMAT_VERSION + (version == 1
                    ? " (version 1 has no events table; store the episodes again with this mdpstream's sink)" : ""));
        }
        String extension = metadata.path("file_format").asText();
        DataFormat format = Stream.of(DataFormat.values()).filter(f -> f.extension().equals(extension)).findFirst()
                .orElseThrow(() -> new SinkException(notOne + "unknown file_format '" + extension + "' in its dataset.json"));
        return new StoredDataset(layout, metadata, format);
    }

    public DatasetLayout layout() {
        return layout;
    }

    /** {@code dataset.json}: namespace, counts, spaces, statistics. */
    public JsonNode metadata() {
        return metadata;
    }

    /** The namespace whose topics the dataset was read from. */
    public String namespace() {
        return metadata.path("namespace").asText();
    }

    public DataFormat format() {
        return format;
    }

    /** The episodes table (training set, then quarantine when asked), one row per episode; see {@code EpisodeRows}. */
    public List<GenericRecord> episodes(boolean withQuarantine) {
        List<GenericRecord> rows = new ArrayList<>();
        forEachRow(layout.episodes(), EpisodeRows.SCHEMA, rows::add);
        if (withQuarantine) {
            forEachRow(layout.quarantineEpisodes(), EpisodeRows.SCHEMA, rows::add);
        }
        return rows;
    }

    /**
     * The events table (training set, then quarantine when asked), one row per published event, each
     * episode's in seq order; see {@code EventRows}. Streams: a row is handed on as it is read.
     */
    public void forEachEvent(boolean withQuarantine, Consumer<GenericRecord> action) {
        forEachRow(layout.events(), EventRows.SCHEMA, action);
        if (withQuarantine) {
            forEachRow(layout.quarantineEvents(), EventRows.SCHEMA, action);
        }
    }

    /**
     * The writer schema of the stored events written with registry id {@code id}.
     *
     * @throws SinkException naming the file when it is missing or does not parse
     */
    public Schema writerSchema(int id) {
        Path file = layout.schema(id);
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException | org.apache.avro.SchemaParseException e) {
            throw new SinkException("the dataset in " + layout.root().toAbsolutePath() + " lacks a readable writer schema " + id
                    + " (" + file + "): " + e.getMessage(), e);
        }
    }

    /**
     * Reads every row of a table directory, file by file in name order.
     *
     * @param jsonSchema the rows' schema, used to type JSON Lines rows (Parquet files carry their own)
     * @throws SinkException naming the file when one cannot be read
     */
    public void forEachRow(Path table, Schema jsonSchema, Consumer<GenericRecord> action) {
        for (Path file : files(table)) {
            try {
                if (format == DataFormat.PARQUET) {
                    readParquet(file, action);
                } else {
                    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            if (!line.isBlank()) {
                                action.accept(JsonRows.record(JSON.readTree(line), jsonSchema));
                            }
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof SinkException sink) {
                    throw sink;
                }
                throw new SinkException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** The finished files of a table, in name order; none when the table does not exist. */
    public List<Path> files(Path table) {
        if (!Files.isDirectory(table)) {
            return List.of();
        }
        String suffix = "." + format.extension();
        try (Stream<Path> files = Files.list(table)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix) && !Durable.isTemporary(f)).sorted().toList();
        } catch (IOException e) {
            throw new SinkException("cannot list " + table + ": " + e.getMessage(), e);
        }
    }

    private static void readParquet(Path file, Consumer<GenericRecord> action) throws IOException {
        Configuration conf = new Configuration(false);
        conf.setBoolean(AvroReadSupport.READ_INT96_AS_FIXED, true);
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
                .withDataModel(GenericData.get())
                .withConf(conf)
                .build()) {
            GenericRecord row;
            while ((row = reader.read()) != null) {
                action.accept(row);
            }
        }
    }
}
