package io.mdpstream.sink;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a dataset's files are. The training set is {@link #steps()}, {@link #episodes()} and
 * {@link #events()}; quarantined episodes (invalid, unvalidated under {@link VerdictPolicy#REQUIRE},
 * or incomplete) are under {@link #quarantine()} with the same three tables. The writer schemas of
 * the stored events are in {@link #schemas()}. Each table is a directory of files named
 * by batch ({@code <first episode id of the batch>.parquet}; the steps of a batch are split by episode
 * into that file and {@code <first episode id>+1.parquet}), which any Parquet reader reads as one
 * table, e.g. DuckDB's {@code read_parquet('<dir>/steps/*.parquet')} or pandas'
 * {@code read_parquet('<dir>/steps')}. {@link #internal()} holds the sink's own state and is
 * ignored by those readers (its name starts with an underscore).
 *
 * @param root the dataset's directory
 */
public record DatasetLayout(Path root) {

    public DatasetLayout {
        Objects.requireNonNull(root, "root");
    }

    /** Steps of the training set, one row per decision. */
    public Path steps() {
        return root.resolve("steps");
    }

    /** Episodes of the training set, one row per episode with its lineage. */
    public Path episodes() {
        return root.resolve("episodes");
    }

    /**
     * Events of the training set as they were published, one row per event in seq order, with the
     * Avro body and its writer schema id (see {@link #schema(int)}): what replay republishes.
     */
    public Path events() {
        return root.resolve("events");
    }

    /** The quarantine: {@code steps/}, {@code episodes/} and {@code events/} of episodes kept out of the training set. */
    public Path quarantine() {
        return root.resolve("quarantine");
    }

    public Path quarantineSteps() {
        return quarantine().resolve("steps");
    }

    public Path quarantineEpisodes() {
        return quarantine().resolve("episodes");
    }

    public Path quarantineEvents() {
        return quarantine().resolve("events");
    }

    /**
     * Writer schemas of the stored events, one {@code <id>.avsc} file per registry schema id: written
     * once, before the first batch that uses it commits, and never changed.
     */
    public Path schemas() {
        return root.resolve("schemas");
    }

    /** The writer schema of registry id {@code id}, as an Avro schema file. */
    public Path schema(int id) {
        return schemas().resolve(id + ".avsc");
    }

    /** Dataset metadata: spaces, counts, per-feature statistics (JSON). */
    public Path metadata() {
        return root.resolve("dataset.json");
    }

    /**
     * The training set's statistics of one scenario in the stream validator's reference-profile
     * format, so a stored dataset can be the drift reference of a live stream.
     */
    public Path profile(String scenario) {
        return root.resolve("profile-" + scenario + ".json");
    }

    /** The sink's own state: commit markers and spilled events. */
    public Path internal() {
        return root.resolve("_sink");
    }

    /** One marker per stored batch: the commit point of its files. */
    public Path commits() {
        return internal().resolve("commits");
    }

    /** Events of open episodes moved out of memory; emptied at every start. */
    public Path spill() {
        return internal().resolve("spill");
    }
}
