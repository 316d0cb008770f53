package dev.distill4j.cli;

import dev.distill4j.core.Provenance;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.store.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "store", mixinStandardHelpOptions = true,
        description = "Look into a run store (runs/<name>/run.duckdb), export or import a table as JSONL or Parquet.",
        footer = {"", "Examples:", "  ./distill store info --run runs/demo",
            "  ./distill store export --run runs/demo --table verdicts --out verdicts.parquet",
            "  ./distill store import --run runs/other --table verdicts verdicts.parquet"},
        subcommands = {StoreCommand.Info.class, StoreCommand.Export.class, StoreCommand.Import.class})
final class StoreCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    enum Format { jsonl, parquet }

    /** Opening a store that does not exist would create an empty one: a typo deserves an error instead. */
    static RunStore openExisting(Path runDir) {
        if (!Files.isRegularFile(runDir.resolve(RunStore.FILE_NAME))) {
            throw new IllegalArgumentException("no run store at " + runDir.resolve(RunStore.FILE_NAME) + " (give the run folder, e.g. runs/demo)");
        }
        return RunStore.open(runDir, Provenance.adHoc(runDir.getFileName().toString(), 0));
    }

    static Format formatOf(Path file, Format given) {
        if (given != null) {
            return given;
        }
        String name = file.getFileName().toString();
        if (name.endsWith(".parquet")) {
            return Format.parquet;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json")) {
            return Format.jsonl;
        }
        throw new IllegalArgumentException("cannot tell the format of " + file + " from its name: add --format jsonl or --format parquet");
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Row counts of every table.",
            footer = {"", "Example:", "  ./distill store info --run runs/demo"})
    static final class Info implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--run", required = true, paramLabel = "DIR", description = "The run folder.")
        Path runDir;

        @Override
        public Integer call() {
            try (RunStore store = openExisting(runDir)) {
                spec.commandLine().getOut().printf("%s (format %d)%n", store.file(), store.formatVersion());
                for (String name : store.tableNames()) {
                    spec.commandLine().getOut().printf("  %-9s %10d rows%n", name, store.table(name).count());
                }
            }
            return ExitCode.OK.code;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Write a table to a JSONL or Parquet file (atomically).",
            footer = {"", "Examples:", "  ./distill store export --run runs/demo --table samples --out samples.parquet",
                "  ./distill store export --run runs/demo --table tasks --out tasks.jsonl"})
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--run", required = true, paramLabel = "DIR", description = "The run folder.")
        Path runDir;

        @Option(names = "--table", required = true, description = "tasks, requests, samples, verdicts, examples or evals.")
        String table;

        @Option(names = "--out", required = true, description = "Output file; its extension picks the format unless --format is given.")
        Path out;

        @Option(names = "--format", description = "jsonl or parquet.")
        Format format;

        @Override
        public Integer call() {
            try (RunStore store = openExisting(runDir)) {
                Table<?> source = store.table(table);
                long rows = formatOf(out, format) == Format.parquet ? source.exportParquet(out) : source.exportJsonl(out);
                spec.commandLine().getErr().printf("exported %d rows of %s to %s%n", rows, table, out);
            }
            return ExitCode.OK.code;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Read rows from a JSONL or Parquet file into a table. Every row is checked first;",
                "a bad file stores nothing. Rows whose key is already stored are skipped."},
            footer = {"", "Example:", "  ./distill store import --run runs/demo --table samples samples.parquet"})
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--run", required = true, paramLabel = "DIR", description = "The run folder (created if missing).")
        Path runDir;

        @Option(names = "--table", required = true, description = "tasks, requests, samples, verdicts, examples or evals.")
        String table;

        @Option(names = "--format", description = "jsonl or parquet (default: from the file name).")
        Format format;

        @Parameters(paramLabel = "FILE", description = "The file to read.")
        Path file;

        @Override
        public Integer call() {
            try (RunStore store = RunStore.open(runDir, Provenance.adHoc(runDir.getFileName().toString(), 0))) {
                Table<?> target = store.table(table);
                long rows = formatOf(file, format) == Format.parquet ? target.importParquet(file) : target.importJsonl(file);
                spec.commandLine().getErr().printf("imported %d new rows into %s%n", rows, table);
            }
            return ExitCode.OK.code;
        }
    }
}
