package io.mdpstream.sink;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Queries through DuckDB, a Parquet reader that shares no code with the writer (parquet-avro). */
final class DuckDb {

    private DuckDb() {
    }

    /** {@code read_parquet} of every file of a table directory, for use in FROM. */
    static String parquet(Path dir) {
        return "read_parquet('" + dir.toAbsolutePath() + "/*.parquet')";
    }

    /** Rows of a query as maps from column label to value. */
    static List<Map<String, Object>> query(String sql) {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<Map<String, Object>> result = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(rows.getMetaData().getColumnLabel(i), rows.getObject(i));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB: " + e.getMessage() + " in: " + sql, e);
        }
    }

    static long count(String sql) {
        return ((Number) query(sql).get(0).values().iterator().next()).longValue();
    }
}
