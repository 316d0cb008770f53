package dev.distill4j.core.store;

import dev.distill4j.core.Provenance;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * One table of a {@link RunStore}: idempotent transactional writes keyed by content key, reads, and
 * export / import as JSONL and Parquet.
 */
public final class Table<T> {
    private final RunStore store;
    private final TableSchema<T> schema;
    private final String stagingName;
    private final String stagingSql;

    Table(RunStore store, TableSchema<T> schema) {
        this.store = store;
        this.schema = schema;
        this.stagingName = "staging_" + schema.name();
        this.stagingSql = stagingSql(schema, stagingName);
    }

    public String name() {
        return schema.name();
    }

    public TableSchema<T> schema() {
        return schema;
    }

    /**
     * Stores the records whose keys are not stored yet, all in one transaction, stamped with the store's
     * provenance. A record whose key is already stored is left as it was (the first write wins), so writing
     * the same records again is free and changes nothing.
     *
     * @return how many records were newly stored
     */
    public int put(Collection<? extends T> records) {
        if (records.isEmpty()) {
            return 0;
        }
        return insertRows(stampedRows(records));
    }

    /** Full rows of the records: their columns, then the store's provenance and the time. */
    List<Object[]> stampedRows(Collection<? extends T> records) {
        Provenance provenance = store.provenance();
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        List<Object[]> rows = new ArrayList<>(records.size());
        for (T record : records) {
            Object[] values = schema.values(record);
            Object[] row = new Object[schema.columns().size()];
            System.arraycopy(values, 0, row, 0, values.length);
            int p = values.length;
            row[p] = provenance.run();
            row[p + 1] = provenance.configHash();
            row[p + 2] = provenance.seed();
            row[p + 3] = provenance.codeVersion();
            row[p + 4] = now;
            rows.add(row);
        }
        return rows;
    }

    /**
     * Replaces the table's whole content with {@code records}, in one transaction: for a stage that recomputes its
     * table from upstream ones (curation, whose examples change when its settings do), so rows of an earlier setting
     * do not linger. A process killed midway leaves the old content whole.
     *
     * @return how many records the table holds now
     */
    public int replaceAll(Collection<? extends T> records) {
        List<Object[]> rows = stampedRows(records);
        synchronized (store) {
            Connection connection = store.connection();
            try {
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("DELETE FROM " + name());
                }
                int inserted = rows.isEmpty() ? 0 : insertInTransaction(connection, rows);
                connection.commit();
                return inserted;
            } catch (SQLException | RuntimeException e) {
                rollback(connection);
                throw new StoreException(store.file() + ": replacing table " + name() + " with " + rows.size() + " rows failed, the old rows"
                        + " stay: " + e.getMessage(), e);
            } finally {
                autoCommit(connection);
            }
        }
    }

    /** {@link #put(Collection)} for one record; true when it was newly stored. */
    public boolean put(T record) {
        return put(List.of(record)) == 1;
    }

    /**
     * Inserts full rows (every column, provenance included) in one transaction; returns how many were new.
     *
     * <p>Rows go through DuckDB's appender into a staging table and then into the table with one
     * {@code INSERT OR IGNORE ... SELECT}: a prepared INSERT per row runs at a few hundred rows per second,
     * the appender at hundreds of thousands. Within one call the first row of a key wins, as across calls.
     */
    int insertRows(List<Object[]> rows) {
        synchronized (store) {
            Connection connection = store.connection();
            try {
                connection.setAutoCommit(false);
                int inserted = insertInTransaction(connection, rows);
                connection.commit();
                return inserted;
            } catch (SQLException | RuntimeException e) {
                rollback(connection);
                throw new StoreException(store.file() + ": writing " + rows.size() + " rows to table " + name() + " failed, none stored: "
                        + e.getMessage(), e);
            } finally {
                autoCommit(connection);
            }
        }
    }

    /** The insert itself, inside a transaction the caller opened and commits; the caller holds the store's lock. */
    int insertInTransaction(Connection connection, List<Object[]> rows) throws SQLException {
        Map<String, Object[]> firstPerKey = new LinkedHashMap<>();
        for (Object[] row : rows) {
            firstPerKey.putIfAbsent((String) row[0], row);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(stagingSql);
            statement.execute("DELETE FROM " + stagingName);
        }
        try (DuckDBAppender appender = connection.unwrap(DuckDBConnection.class).createAppender("temp", "main", stagingName)) {
            for (Object[] row : firstPerKey.values()) {
                appender.beginRow();
                for (int i = 0; i < row.length; i++) {
                    append(appender, schema.columns().get(i), row[i]);
                }
                appender.endRow();
            }
        }
        try (Statement statement = connection.createStatement()) {
            int inserted = statement.executeUpdate("INSERT OR IGNORE INTO " + name() + " SELECT * FROM " + stagingName);
            statement.execute("DELETE FROM " + stagingName);
            return inserted;
        }
    }

    private static void append(DuckDBAppender appender, Column column, Object value) throws SQLException {
        if (value == null) {
            if (!column.nullable()) {
                throw new IllegalArgumentException("column " + column.name() + " may not be null");
            }
            appender.appendNull();
            return;
        }
        switch (column.type()) {
            case VARCHAR, JSON -> appender.append(value.toString());
            case INTEGER -> appender.append(((Number) value).intValue());
            case BIGINT -> appender.append(((Number) value).longValue());
            case DOUBLE -> appender.append(((Number) value).doubleValue());
            case BOOLEAN -> appender.append(((Boolean) value).booleanValue());
            case TIMESTAMP -> appender.append((LocalDateTime) value);
        }
    }

    /** The staging table: the same columns, JSON as plain text (checked when cast on insert), no constraints. */
    private static String stagingSql(TableSchema<?> schema, String stagingName) {
        StringBuilder sql = new StringBuilder("CREATE TEMP TABLE IF NOT EXISTS ").append(stagingName).append(" (");
        for (Column column : schema.columns()) {
            sql.append(column.name()).append(' ').append(column.type() == SqlType.JSON ? "VARCHAR" : column.type().sql).append(", ");
        }
        sql.setLength(sql.length() - 2);
        return sql.append(")").toString();
    }

    /** Whether a record with this key is stored. */
    public boolean contains(String key) {
        return !presentKeys(List.of(key)).isEmpty();
    }

    /** The subset of {@code keys} already stored: what a resuming stage must not produce again. */
    public Set<String> presentKeys(Collection<String> keys) {
        Set<String> present = new HashSet<>();
        if (keys.isEmpty()) {
            return present;
        }
        synchronized (store) {
            try (PreparedStatement query = store.connection().prepareStatement(
                    "SELECT key FROM " + name() + " WHERE key IN (SELECT unnest(?::VARCHAR[]))")) {
                query.setArray(1, store.connection().createArrayOf("VARCHAR", keys.toArray()));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        present.add(rows.getString(1));
                    }
                }
            } catch (SQLException e) {
                throw failure("reading keys", e);
            }
        }
        return present;
    }

    public Optional<T> get(String key) {
        List<T> found = select("key = ?", key);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Every record, ordered by key. */
    public List<T> all() {
        return select("TRUE");
    }

    /** Records matching a column's value, ordered by key (e.g. {@code where("task_id", id)}). */
    public List<T> where(String column, Object value) {
        if (!schema.columnNames().contains(column)) {
            throw new IllegalArgumentException("table " + name() + " has no column '" + column + "'"
                    + dev.distill4j.core.Suggestions.didYouMean(column, schema.columnNames()));
        }
        return select(column + " = ?", value);
    }

    /** Calls {@code action} with every record in key order, without holding them all in memory. */
    public void forEach(Consumer<? super T> action) {
        forEachRow("TRUE", List.of(), row -> action.accept(schema.read(row)));
    }

    /**
     * Calls {@code action} with pages of at most {@code pageSize} records in key order. Unlike {@link #forEach}, no
     * query is open while {@code action} runs, so it may write to the store (a stage that reads one table and writes
     * another), and memory holds one page, not the table.
     */
    public void forEachPage(int pageSize, Consumer<List<T>> action) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("a page holds at least one record, got " + pageSize);
        }
        String after = null;
        while (true) {
            // Keyset pagination: each page starts after the last key of the one before, so a page costs the same
            // however deep into the table it is (OFFSET would rescan what came before).
            List<T> page = new ArrayList<>(Math.min(pageSize, 4096));
            List<String> lastKey = new ArrayList<>(1);
            String condition = after == null ? "TRUE" : "key > ?";
            List<Object> parameters = after == null ? List.of() : List.of(after);
            forEachRow(condition, parameters, pageSize, row -> {
                page.add(schema.read(row));
                lastKey.clear();
                lastKey.add(row.text("key"));
            });
            if (page.isEmpty()) {
                return;
            }
            action.accept(page);
            if (page.size() < pageSize) {
                return;
            }
            after = lastKey.get(0);
        }
    }

    /** The stored records among {@code keys}, by key; keys not stored are absent from the map. */
    public Map<String, T> withKeys(Collection<String> keys) {
        Map<String, T> found = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        synchronized (store) {
            try (PreparedStatement query = store.connection().prepareStatement("SELECT " + String.join(", ", schema.columnNames())
                    + " FROM " + name() + " WHERE key IN (SELECT unnest(?::VARCHAR[])) ORDER BY key")) {
                query.setArray(1, store.connection().createArrayOf("VARCHAR", keys.toArray()));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        Map<String, Object> values = readRow(rows);
                        found.put((String) values.get("key"), schema.read(new Row(name(), values)));
                    }
                }
            } catch (SQLException e) {
                throw failure("reading records by key", e);
            }
        }
        return found;
    }

    private List<T> select(String condition, Object... parameters) {
        List<T> records = new ArrayList<>();
        forEachRow(condition, List.of(parameters), row -> records.add(schema.read(row)));
        return records;
    }

    /** Streams rows matching a SQL condition over this table's columns, in key order. */
    void forEachRow(String condition, List<Object> parameters, Consumer<Row> action) {
        forEachRow(condition, parameters, 0, action);
    }

    /** The same, at most {@code limit} rows (0: all). */
    private void forEachRow(String condition, List<Object> parameters, int limit, Consumer<Row> action) {
        synchronized (store) {
            try (PreparedStatement query = store.connection().prepareStatement("SELECT " + String.join(", ", schema.columnNames())
                    + " FROM " + name() + " WHERE " + condition + " ORDER BY key" + (limit > 0 ? " LIMIT " + limit : ""))) {
                for (int i = 0; i < parameters.size(); i++) {
                    query.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        action.accept(new Row(name(), readRow(rows)));
                    }
                }
            } catch (SQLException e) {
                throw failure("reading", e);
            }
        }
    }

    private Map<String, Object> readRow(ResultSet rows) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        List<Column> columns = schema.columns();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            Object value = column.type() == SqlType.TIMESTAMP ? rows.getObject(i + 1, LocalDateTime.class) : rows.getObject(i + 1);
            if (value != null && column.type() == SqlType.JSON) {
                value = value.toString();
            }
            values.put(column.name(), value);
        }
        return values;
    }

    public long count() {
        synchronized (store) {
            try {
                return count(store.connection());
            } catch (SQLException e) {
                throw failure("counting", e);
            }
        }
    }

    private long count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + name())) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Writes the table as JSON Lines, one object per row in key order; atomically (temporary file, then rename). */
    public long exportJsonl(Path file) {
        return new TableTransfer<>(this).exportJsonl(file);
    }

    /** Writes the table as a Parquet file (DuckDB's writer), atomically. */
    public long exportParquet(Path file) {
        return new TableTransfer<>(this).exportParquet(file);
    }

    /**
     * Reads rows from JSON Lines into the table, in one transaction: every line is checked first and a bad
     * one (named by file, line and field) stores nothing. Rows whose key is already stored are skipped.
     *
     * @return how many rows were newly stored
     */
    public long importJsonl(Path file) {
        return new TableTransfer<>(this).importJsonl(file);
    }

    /** Reads rows from a Parquet file, with the same checks and guarantees as {@link #importJsonl(Path)}. */
    public long importParquet(Path file) {
        return new TableTransfer<>(this).importParquet(file);
    }

    RunStore store() {
        return store;
    }

    private StoreException failure(String what, SQLException e) {
        return new StoreException(store.file() + ": " + what + " table " + name() + " failed: " + e.getMessage(), e);
    }

    static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The write already failed; the original error is the one worth reporting.
        }
    }

    static void autoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // A broken connection surfaces on the next statement with its own error.
        }
    }
}
