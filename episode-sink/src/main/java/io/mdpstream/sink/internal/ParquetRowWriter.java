package io.mdpstream.sink.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Parquet through parquet-avro onto a local file, no Hadoop file system: records become nested
 * groups, so {@code observation.queue_length} is a column of its own; lists use the standard
 * three-level layout that pyarrow, DuckDB and Spark all read. Compressed with Zstandard or Snappy (see
 * {@link RowWriter.Encoding}).
 */
final class ParquetRowWriter implements RowWriter {

    /** Row groups are buffered in memory until full; this keeps a writer's buffer small. */
    static final int ROW_GROUP_BYTES = 16 * 1024 * 1024;

    private final Path file;
    private final ParquetWriter<GenericRecord> writer;
    private long rows;

    /**
     * @param encoding {@link RowWriter.Encoding#COMPACT} tries dictionary encoding on columns other than floating-point
     *                 ones; a column whose values seldom repeat only pays for it (each value is hashed and looked up
     *                 before the encoder gives up), so {@link RowWriter.Encoding#FAST} tries none
     */
    ParquetRowWriter(Path file, Schema schema, RowWriter.Encoding encoding) throws IOException {
        this.file = file;
        Files.deleteIfExists(file); // a leftover of a crash; LocalOutputFile refuses to overwrite
        boolean compact = encoding == RowWriter.Encoding.COMPACT;
        Configuration conf = new Configuration(false);
        conf.setBoolean(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, false);
        AvroParquetWriter.Builder<GenericRecord> builder = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withSchema(schema)
                .withDataModel(GenericData.get())
                .withConf(conf)
                .withCompressionCodec(compact ? CompressionCodecName.ZSTD : CompressionCodecName.SNAPPY)
                .withRowGroupSize((long) ROW_GROUP_BYTES)
                .withDictionaryEncoding(compact);
        if (compact) {
            // Floating-point columns (rewards, waits, prices) seldom repeat a value: hashing each one into a dictionary
            // that is then given up cost about 15% of the steps' encoding, and zstd packs the plain values as small.
            for (ColumnDescriptor column : new AvroSchemaConverter(conf).convert(schema).getColumns()) {
                PrimitiveTypeName type = column.getPrimitiveType().getPrimitiveTypeName();
                if (type == PrimitiveTypeName.DOUBLE || type == PrimitiveTypeName.FLOAT) {
                    builder.withDictionaryEncoding(ColumnPath.get(column.getPath()).toDotString(), false);
                }
            }
        }
        this.writer = builder.build();
    }

    @Override
    public void write(GenericRecord row) throws IOException {
        writer.write(row);
        rows++;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        writer.close();
        Durable.force(file);
    }
}
