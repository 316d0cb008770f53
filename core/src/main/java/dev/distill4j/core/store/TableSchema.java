package dev.distill4j.core.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A run-store table: its columns (the content key first), and how a record becomes a row and back.
 * The provenance columns are appended to every table by the store, not listed here.
 */
public final class TableSchema<T> {
    /** Provenance on every row: which run, configuration, seed and code version wrote it, and when. */
    static final List<Column> PROVENANCE = List.of(
            Column.required("run", SqlType.VARCHAR),
            Column.required("config_hash", SqlType.VARCHAR),
            Column.required("seed", SqlType.BIGINT),
            Column.required("code_version", SqlType.VARCHAR),
            Column.required("created_at", SqlType.TIMESTAMP));

    private final String name;
    private final List<Column> recordColumns;
    private final List<Column> allColumns;
    private final Function<T, String> key;
    private final Function<T, Object[]> toValues;
    private final Function<Row, T> fromRow;

    TableSchema(String name, List<Column> recordColumns, Function<T, String> key, Function<T, Object[]> toValues,
            Function<Row, T> fromRow) {
        if (!recordColumns.get(0).name().equals("key")) {
            throw new IllegalArgumentException("table " + name + ": the first column must be the content key");
        }
        this.name = name;
        this.recordColumns = List.copyOf(recordColumns);
        List<Column> all = new ArrayList<>(recordColumns);
        all.addAll(PROVENANCE);
        this.allColumns = Collections.unmodifiableList(all);
        this.key = key;
        this.toValues = toValues;
        this.fromRow = fromRow;
    }

    public String name() {
        return name;
    }

    /** Every column in table order: the record's columns, then provenance. */
    public List<Column> columns() {
        return allColumns;
    }

    /** The column names in table order. */
    public List<String> columnNames() {
        return allColumns.stream().map(Column::name).toList();
    }

    List<Column> recordColumns() {
        return recordColumns;
    }

    String keyOf(T record) {
        return key.apply(record);
    }

    /** The record's values in the order of {@link #recordColumns()}. */
    Object[] values(T record) {
        Object[] values = toValues.apply(record);
        if (values.length != recordColumns.size()) {
            throw new IllegalStateException("table " + name + ": " + values.length + " values for " + recordColumns.size() + " columns");
        }
        return values;
    }

    T read(Row row) {
        return fromRow.apply(row);
    }

    String createSql() {
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(name).append(" (");
        for (Column column : allColumns) {
            sql.append(column.ddl()).append(", ");
        }
        return sql.append("PRIMARY KEY (key))").toString();
    }
}
