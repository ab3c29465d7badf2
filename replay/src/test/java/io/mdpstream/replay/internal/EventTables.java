package io.mdpstream.replay.internal;

import io.mdpstream.sink.DataFormat;
import io.mdpstream.sink.internal.EventRows;
import io.mdpstream.sink.internal.RowWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Writes a minimal stored dataset (dataset.json and an events table) with rows as a test needs them. */
public final class EventTables {

    private EventTables() {
    }

    /** A dataset in {@code dir} whose events table is one Parquet file of {@code events}, in their order. */
    public static Path dataset(Path dir, List<RecordedEvent> events) {
        try {
            Files.createDirectories(dir.resolve("events"));
            Files.writeString(dir.resolve("dataset.json"),
                    "{\"dataset\": \"mdpstream\", \"format_version\": 2, \"file_format\": \"parquet\", \"namespace\": \"recorded\"}");
            try (RowWriter writer = RowWriter.open(DataFormat.PARQUET, dir.resolve("events").resolve("batch.parquet"), EventRows.SCHEMA,
                    RowWriter.Encoding.FAST)) {
                for (RecordedEvent event : events) {
                    GenericRecord row = new GenericData.Record(EventRows.SCHEMA);
                    row.put("episode_id", event.episodeId());
                    row.put("seq", event.seq());
                    row.put("kind", event.kind().label());
                    row.put("timestamp", event.timestamp());
                    row.put("schema_id", event.schemaId());
                    row.put("body", ByteBuffer.wrap(event.body()));
                    writer.write(row);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
