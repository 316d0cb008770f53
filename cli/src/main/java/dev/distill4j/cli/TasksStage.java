package dev.distill4j.cli;

import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.config.TasksConfig;
import dev.distill4j.core.io.TaskFile;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.tasks.TaskFamilies;
import dev.distill4j.core.tasks.TaskFamily;
import dev.distill4j.core.tasks.TaskRequest;
import dev.distill4j.core.verify.Verifiers;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The tasks stage: a family's train and eval tasks, or the tasks of a file, put into the run store (free to repeat). */
final class TasksStage {
    private TasksStage() {}

    static List<Task> run(TasksConfig config, RunStore store, TaskFamilies families, Verifiers verifiers, PrintWriter out) {
        List<Task> tasks = tasks(config, families, verifiers);
        int added = store.tasks().put(tasks);
        out.printf("  tasks     %d tasks (%d new) in %s%n", tasks.size(), added, store.file());
        return tasks;
    }

    private static List<Task> tasks(TasksConfig config, TaskFamilies families, Verifiers verifiers) {
        if (!config.fromFamily()) {
            return TaskFile.read(config.file(), verifiers);
        }
        TaskFamily family = families.get(config.family());
        List<Task> tasks = new ArrayList<>(family.generate(new TaskRequest(config.train(), config.seed(), Split.TRAIN, config.options())));
        tasks.addAll(family.generate(new TaskRequest(config.eval(), config.seed(), Split.EVAL, config.options())));
        return tasks;
    }
}
