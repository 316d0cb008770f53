package dev.distill4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.io.TaskFile;
import dev.distill4j.core.tasks.TaskFamilies;
import dev.distill4j.core.tasks.TaskFamily;
import dev.distill4j.core.tasks.TaskRequest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "Make tasks from a built-in family (expert solutions included), or list the families.",
        footer = {"", "Examples:", "  ./distill tasks families",
            "  ./distill tasks make --family arith --n 1000 --seed 1 --split train --out tasks.jsonl"},
        subcommands = {TasksCommand.Make.class, TasksCommand.Families.class})
final class TasksCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "make", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Generate tasks of a family with expert worked solutions, deterministically by seed.",
                "Train and eval splits never share a task, whatever the seeds."},
            footer = {"", "Examples:",
                "  ./distill tasks make --family arith --n 1000 --seed 1 --split train --out tasks.jsonl",
                "  ./distill tasks make --family arith --n 200 --split eval --option digits=4-5 --option ops=mul --out eval.jsonl",
                "  ./distill tasks make --family extract --n 500 --out extract.jsonl",
                "Options of each family: ./distill tasks families"})
    static final class Make implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--family", required = true, description = "Task family: arith, extract, ... (see 'tasks families').")
        String family;

        @Option(names = "--n", required = true, description = "How many tasks.")
        int n;

        @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--split", defaultValue = "train", description = "train or eval (default: ${DEFAULT-VALUE}).")
        String split;

        @Option(names = {"-o", "--option"}, paramLabel = "KEY=VALUE", description = "A family option, e.g. digits=2-5; repeatable.")
        Map<String, String> options = new LinkedHashMap<>();

        @Option(names = "--out", required = true, description = "Output JSONL file (written atomically).")
        Path out;

        @Option(names = "--json", description = "Print a JSON summary on stdout.")
        boolean json;

        @Override
        public Integer call() {
            TaskFamily taskFamily = TaskFamilies.discover().get(family);
            List<Task> tasks = taskFamily.generate(new TaskRequest(n, seed, Split.parse(split), Map.copyOf(options)));
            TaskFile.write(out, tasks);
            if (json) {
                ObjectNode summary = Json.MAPPER.createObjectNode().put("family", family).put("n", tasks.size())
                        .put("seed", seed).put("split", Split.parse(split).wireName()).put("out", out.toString());
                spec.commandLine().getOut().println(summary);
            } else {
                spec.commandLine().getErr().printf("wrote %d %s tasks (split %s, seed %d) to %s%n", tasks.size(), family,
                        Split.parse(split).wireName(), seed, out);
            }
            return ExitCode.OK.code;
        }
    }

    @Command(name = "families", mixinStandardHelpOptions = true,
            description = "List the task families on the class path and their options.",
            footer = {"", "Example:", "  ./distill tasks families"})
    static final class Families implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            var out = spec.commandLine().getOut();
            for (TaskFamily family : TaskFamilies.discover().all().values()) {
                out.printf("%s  %s%n", family.name(), family.description());
                family.options().forEach((name, meaning) -> out.printf("    %-12s %s%n", name, meaning));
            }
            return ExitCode.OK.code;
        }
    }
}
