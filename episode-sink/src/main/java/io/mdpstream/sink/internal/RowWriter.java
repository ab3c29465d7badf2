package io.mdpstream.sink.internal;

import io.mdpstream.sink.DataFormat;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/** Writes rows of one schema to one file; {@link #close} leaves it complete and forced to disk. Not thread-safe. */
public interface RowWriter extends Closeable {

    void write(GenericRecord row) throws IOException;

    /** Rows written so far. */
    long rows();

    /** How a table is encoded in Parquet: what its values are like, and whether size or CPU time matters more. */
    enum Encoding {
        /**
         * The training tables (steps, episodes): indices, flags and counts repeat, so dictionaries pay, and
         * Zstandard for the smallest files, since these are the tables that are kept, copied and read.
         */
        COMPACT,
        /**
         * The events table: opaque Avro bodies, all distinct, read back only by replay. No dictionary, and Snappy:
         * writing the table took 0.8-0.9 µs per event with it against 1.1-1.6 µs with Zstandard, for files about
         * 1.5 times larger, and the sink has to keep up with a simulator at full speed.
         */
        FAST
    }

    /** Opens a writer of the format on a new file; {@code encoding} matters to Parquet only. */
    static RowWriter open(DataFormat format, Path file, Schema schema, Encoding encoding) throws IOException {
        return switch (format) {
            case PARQUET -> new ParquetRowWriter(file, schema, encoding);
            case JSONL -> new JsonlRowWriter(file);
        };
    }
}
