package dev.distill4j.core.tasks;

import dev.distill4j.core.Task;
import java.util.List;
import java.util.Set;

/**
 * A task family: a generator of tasks with expert worked solutions, a prompt template and a verifier.
 * Found through {@link java.util.ServiceLoader}; list implementations in
 * {@code META-INF/services/dev.distill4j.core.tasks.TaskFamily}.
 *
 * <p>Contract: {@link #generate} is a pure function of its request (same request, same tasks, in the same
 * order); the tasks are distinct; and no task of the train split ever equals a task of the eval split,
 * whatever the seeds, because the split of a problem is decided by a hash of its content.
 */
public interface TaskFamily {
    /** The name used on the command line and in configs: {@code arith}, {@code extract}. */
    String name();

    /** One line for {@code --help}. */
    String description();

    /** The option names {@link TaskRequest#options()} may use, with their meaning, for help and errors. */
    java.util.Map<String, String> options();

    /**
     * Generates {@code request.n()} distinct tasks.
     *
     * @throws IllegalArgumentException for an unknown or invalid option, or when the split of the
     *                                  configured problem space has fewer than n distinct tasks
     */
    List<Task> generate(TaskRequest request);

    /** Names of the option keys, for "did you mean" checks. */
    default Set<String> optionNames() {
        return options().keySet();
    }
}
