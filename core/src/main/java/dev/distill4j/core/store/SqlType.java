package dev.distill4j.core.store;

/** The column types the run store uses, with their DuckDB names. */
enum SqlType {
    VARCHAR("VARCHAR"),
    INTEGER("INTEGER"),
    BIGINT("BIGINT"),
    DOUBLE("DOUBLE"),
    BOOLEAN("BOOLEAN"),
    /** JSON text; exported to JSONL as nested JSON, not as a string. */
    JSON("JSON"),
    /** UTC timestamp, microsecond precision. */
    TIMESTAMP("TIMESTAMP");

    final String sql;

    SqlType(String sql) {
        this.sql = sql;
    }
}
