package dev.distill4j.cli;

import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.io.TaskFile;
import dev.distill4j.core.tasks.TaskFamilies;
import dev.distill4j.core.tasks.TaskRequest;
import dev.distill4j.core.verify.Verifiers;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that say where tasks come from, shared by the commands that need tasks: a family or a file. */
final class TaskSource {
    @Option(names = "--family", description = "Task family to generate tasks from (arith, extract, ...).")
    String family;

    @Option(names = {"-o", "--option"}, paramLabel = "KEY=VALUE", description = "A family option, e.g. digits=2-4; repeatable.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--tasks", paramLabel = "FILE", description = "A task file (JSONL) instead of a family.")
    Path file;

    /** Tasks of a split: generated from the family, or the tasks of the file (all of them, whatever their split). */
    List<Task> tasks(int n, long seed, Split split) {
        if ((family == null) == (file == null)) {
            throw new IllegalArgumentException("give exactly one of --family (a built-in task family) or --tasks (a task file)");
        }
        if (file != null) {
            return TaskFile.read(file, Verifiers.discover());
        }
        return TaskFamilies.discover().get(family).generate(new TaskRequest(n, seed, split, Map.copyOf(options)));
    }

    String describe() {
        if (file != null) {
            return file.toString();
        }
        StringBuilder text = new StringBuilder("--family ").append(family);
        options.forEach((k, v) -> text.append(" --option ").append(k).append('=').append(v));
        return text.toString();
    }
}
