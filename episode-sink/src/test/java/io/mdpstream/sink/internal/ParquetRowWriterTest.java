package io.mdpstream.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How each kind of table is encoded: what is traded for size and what for the sink's CPU time. */
class ParquetRowWriterTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteTheEventsTableWithSnappyAndNoDictionaryAndReadItBackAsWritten() throws IOException {
        Path file = dir.resolve("events.parquet");
        List<GenericRecord> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add(new GenericRecordBuilder(EventRows.SCHEMA).set("episode_id", "run.ep-" + i / 50).set("seq", (long) i % 50)
                    .set("kind", i % 4 == 0 ? "states" : "rewards").set("timestamp", 1_772_431_200_000L + i).set("schema_id", 3)
                    .set("body", ByteBuffer.wrap(("body " + i).getBytes(StandardCharsets.UTF_8))).build());
        }

        write(file, rows, EventRows.ENCODING);

        Map<String, ColumnChunkMetaData> columns = columns(file);
        assertThat(columns.values()).allSatisfy(column -> {
            assertThat(column.getCodec()).isEqualTo(CompressionCodecName.SNAPPY);
            assertThat(column.getEncodings()).doesNotContain(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
        });
        assertThat(read(file)).isEqualTo(rows);
    }

    @Test
    void shouldWriteTrainingTablesWithZstandardAndDictionariesForRepeatingValuesButNotForFloatingPoint() throws IOException {
        Path file = dir.resolve("episodes.parquet");
        List<GenericRecord> rows = new ArrayList<>();
        Schema schema = SchemaBuilder.record("Row").fields()
                .requiredLong("episode_index").requiredDouble("reward").endRecord();
        for (int i = 0; i < 500; i++) {
            rows.add(new GenericRecordBuilder(schema).set("episode_index", (long) i / 100)
                    .set("reward", i * 0.37).build());
        }

        write(file, rows, RowWriter.Encoding.COMPACT);

        Map<String, ColumnChunkMetaData> columns = columns(file);
        assertThat(columns.values()).allSatisfy(column -> assertThat(column.getCodec()).isEqualTo(CompressionCodecName.ZSTD));
        assertThat(columns.get("episode_index").getEncodings()).containsAnyOf(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
        assertThat(columns.get("reward").getEncodings()).doesNotContain(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
        assertThat(read(file)).isEqualTo(rows);
    }

    private static void write(Path file, List<GenericRecord> rows, RowWriter.Encoding encoding) throws IOException {
        try (RowWriter writer = new ParquetRowWriter(file, rows.get(0).getSchema(), encoding)) {
            for (GenericRecord row : rows) {
                writer.write(row);
            }
        }
    }

    private static Map<String, ColumnChunkMetaData> columns(Path file) throws IOException {
        Map<String, ColumnChunkMetaData> columns = new HashMap<>();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            reader.getFooter().getBlocks().forEach(block -> block.getColumns()
                    .forEach(column -> columns.put(column.getPath().toDotString(), column)));
        }
        return columns;
    }

    private static List<GenericRecord> read(Path file) throws IOException {
        List<GenericRecord> rows = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
                .withDataModel(GenericData.get()).build()) {
            for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                rows.add(row);
            }
        }
        return rows;
    }
}
