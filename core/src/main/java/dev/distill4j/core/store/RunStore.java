package dev.distill4j.core.store;

import dev.distill4j.core.EvalResult;
import dev.distill4j.core.Example;
import dev.distill4j.core.JudgeReply;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Suggestions;
import dev.distill4j.core.Task;
import dev.distill4j.core.TeacherBatch;
import dev.distill4j.core.TeacherRequest;
import dev.distill4j.core.Unjudged;
import dev.distill4j.core.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Everything a run makes, in one embedded DuckDB file: {@code runs/<name>/run.duckdb}, one table per
 * pipeline stage (see {@link RunTables}). Writes are idempotent by content key and transactional: a
 * process killed at any moment leaves every committed row intact and no partial row, which is what makes
 * every stage resumable.
 *
 * <p>One process at a time may open a store (DuckDB takes a file lock); a second one gets a clear error.
 * A store object is safe to share between threads: writes are serialised on its one connection.
 */
public final class RunStore implements AutoCloseable {
    /**
     * The on-disk format version, recorded in the store; bump it when a table's columns change. A new table does not
     * change it: opening a store creates the tables it lacks (as {@code batches} was added), and an older distill4j
     * simply does not read the new table.
     */
    public static final int FORMAT_VERSION = 1;

    public static final String FILE_NAME = "run.duckdb";

    private final Path file;
    private final Connection connection;
    private final Provenance provenance;
    private final Map<String, Table<?>> tables = new LinkedHashMap<>();

    private RunStore(Path file, Connection connection, Provenance provenance) {
        this.file = file;
        this.connection = connection;
        this.provenance = provenance;
        for (TableSchema<?> schema : RunTables.ALL) {
            tables.put(schema.name(), new Table<>(this, schema));
        }
    }

    /**
     * Opens (creating if needed) the store of a run folder. Rows written through it carry {@code provenance}.
     *
     * @throws StoreException when the file is locked by another process, is not a DuckDB file, or was written
     *                        by a newer format version
     */
    public static RunStore open(Path runDir, Provenance provenance) {
        Path file = runDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new StoreException("cannot create the run folder " + runDir + ": " + e.getMessage(), e);
        }
        Connection connection = connect(file);
        RunStore store = new RunStore(file, connection, provenance);
        try {
            store.migrate();
        } catch (SQLException | RuntimeException e) {
            store.close();
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException(file + ": cannot prepare the run store: " + e.getMessage(), e);
        }
        return store;
    }

    private static Connection connect(Path file) {
        Properties properties = new Properties();
        // Nothing may be downloaded at run time: the extensions the store uses (json, parquet) are built in.
        properties.setProperty("autoinstall_known_extensions", "false");
        try {
            return DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), properties);
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("lock")) {
                throw new StoreException(file + " is open in another process (DuckDB allows one writer per file); "
                        + "wait for that process to finish or stop it", e);
            }
            throw new StoreException(file + ": cannot open the run store: " + message, e);
        }
    }

    private void migrate() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS store_meta (name VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)");
            statement.execute("INSERT OR IGNORE INTO store_meta VALUES ('format_version', '" + FORMAT_VERSION + "')");
            statement.execute("INSERT OR IGNORE INTO store_meta VALUES ('created_by', '" + Provenance.runningVersion().replace("'", "") + "')");
        }
        int version = formatVersion();
        if (version > FORMAT_VERSION) {
            throw new StoreException(file + " was written by a newer distill4j (store format " + version
                    + "; this one reads format " + FORMAT_VERSION + "): upgrade distill4j to open it");
        }
        try (Statement statement = connection.createStatement()) {
            for (TableSchema<?> schema : RunTables.ALL) {
                statement.execute(schema.createSql());
            }
        }
    }

    /** The format version recorded in the file. */
    public int formatVersion() {
        try (PreparedStatement query = connection.prepareStatement("SELECT value FROM store_meta WHERE name = 'format_version'");
                ResultSet rows = query.executeQuery()) {
            return rows.next() ? Integer.parseInt(rows.getString(1)) : 0;
        } catch (SQLException | NumberFormatException e) {
            throw new StoreException(file + ": cannot read the store format version: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public Provenance provenance() {
        return provenance;
    }

    public Table<Task> tasks() {
        return table(RunTables.TASKS);
    }

    public Table<TeacherRequest> requests() {
        return table(RunTables.REQUESTS);
    }

    /** The provider batches the generate stage submitted, one row per step ({@link TeacherBatch}). */
    public Table<TeacherBatch> batches() {
        return table(RunTables.BATCHES);
    }

    public Table<Sample> samples() {
        return table(RunTables.SAMPLES);
    }

    public Table<Verdict> verdicts() {
        return table(RunTables.VERDICTS);
    }

    /** Every answer an LLM judge gave ({@link JudgeReply}), parsed or not. */
    public Table<JudgeReply> judgeReplies() {
        return table(RunTables.JUDGE_REPLIES);
    }

    /** Samples an LLM judge could not judge, with the reason ({@link Unjudged}). */
    public Table<Unjudged> unjudged() {
        return table(RunTables.UNJUDGED);
    }

    public Table<Example> examples() {
        return table(RunTables.EXAMPLES);
    }

    public Table<EvalResult> evals() {
        return table(RunTables.EVALS);
    }

    /** The rounds of the modes that learn from the student's own samples. */
    public Table<dev.distill4j.core.TrainingRound> trainRounds() {
        return table(RunTables.TRAIN_ROUNDS);
    }

    /** A table by name, for commands that take the name from the user. */
    public Table<?> table(String name) {
        Table<?> table = tables.get(name);
        if (table == null) {
            throw new IllegalArgumentException("no table '" + name + "' in the run store" + Suggestions.didYouMean(name, tables.keySet())
                    + "; tables: " + String.join(", ", tables.keySet()));
        }
        return table;
    }

    /** The table names in pipeline order. */
    public java.util.Set<String> tableNames() {
        return tables.keySet();
    }

    @SuppressWarnings("unchecked")
    private <T> Table<T> table(TableSchema<T> schema) {
        return (Table<T>) tables.get(schema.name());
    }

    /**
     * Stores two batches in one transaction, both or neither, each as {@link Table#put(Collection)} would: for records
     * that must not be found apart, such as a teacher's answer (its samples) and what it cost (its request row).
     *
     * @return how many records of the first batch were newly stored
     */
    public <A, B> int putTogether(Table<A> first, Collection<? extends A> firstRecords, Table<B> second,
            Collection<? extends B> secondRecords) {
        List<Object[]> firstRows = first.stampedRows(firstRecords);
        List<Object[]> secondRows = second.stampedRows(secondRecords);
        synchronized (this) {
            try {
                connection.setAutoCommit(false);
                int inserted = firstRows.isEmpty() ? 0 : first.insertInTransaction(connection, firstRows);
                if (!secondRows.isEmpty()) {
                    second.insertInTransaction(connection, secondRows);
                }
                connection.commit();
                return inserted;
            } catch (SQLException | RuntimeException e) {
                Table.rollback(connection);
                throw new StoreException(file + ": writing " + firstRows.size() + " rows to " + first.name() + " with " + secondRows.size()
                        + " rows to " + second.name() + " failed, none stored: " + e.getMessage(), e);
            } finally {
                Table.autoCommit(connection);
            }
        }
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        synchronized (this) {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new StoreException(file + ": cannot close the run store: " + e.getMessage(), e);
            }
        }
    }
}
