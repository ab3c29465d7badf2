package io.mdpstream.sink;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a dataset's files are. The training set is {@link #steps()} and {@link #episodes()};
 * quarantined episodes (invalid, unvalidated under {@link VerdictPolicy#REQUIRE}, or incomplete) are
 * under {@link #quarantine()} with the same two tables. Each table is a directory of files named
 * by batch ({@code <first episode id of the batch>.parquet}), which any Parquet reader reads as one
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

    /** The quarantine: {@code steps/} and {@code episodes/} of episodes kept out of the training set. */
    public Path quarantine() {
        return root.resolve("quarantine");
    }

    public Path quarantineSteps() {
        return quarantine().resolve("steps");
    }

    public Path quarantineEpisodes() {
        return quarantine().resolve("episodes");
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
