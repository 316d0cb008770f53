package dev.distill4j.core.store;

/** A column of a run-store table. */
record Column(String name, SqlType type, boolean nullable) {
    static Column required(String name, SqlType type) {
        return new Column(name, type, false);
    }

    static Column optional(String name, SqlType type) {
        return new Column(name, type, true);
    }

    String ddl() {
        return name + " " + type.sql + (nullable ? "" : " NOT NULL");
    }
}
