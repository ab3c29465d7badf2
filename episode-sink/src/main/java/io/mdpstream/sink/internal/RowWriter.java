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

    /**
     * Opens a writer of the format on a new file.
     *
     * @param repeats whether the table's values repeat enough for Parquet's dictionary encoding to pay
     */
    static RowWriter open(DataFormat format, Path file, Schema schema, boolean repeats) throws IOException {
        return switch (format) {
            case PARQUET -> new ParquetRowWriter(file, schema, repeats);
            case JSONL -> new JsonlRowWriter(file);
        };
    }
}
