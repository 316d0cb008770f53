package dev.distill4j.cli;

import dev.distill4j.core.Provenance;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.io.Answer;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.tasks.TaskFamilies;
import dev.distill4j.core.tasks.TaskFamily;
import dev.distill4j.core.tasks.TaskRequest;
import dev.distill4j.core.verify.AnswerGrading;
import dev.distill4j.core.verify.Verifiers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The embedded default, end to end. Today it plays the part of the story that exists: task families with
 * expert solutions, verifiers, and the run store. The teacher behind a local server, distillation, the
 * students and the report join it as their issues land (see the README's roadmap).
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The whole story on this machine, end to end, with the shipped parts.",
            "Now: task families with expert solutions, verified and stored in a run.",
            "The teacher server, distillation into students and the report arrive with later releases."},
        footer = {"", "Examples:", "  ./distill demo", "  ./distill demo --quick --out /tmp/demo"})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "The same story, smaller.")
    boolean quick;

    @Option(names = "--out", defaultValue = "runs/demo", paramLabel = "DIR", description = "Run folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        int perFamily = quick ? 50 : 500;
        TaskFamilies families = TaskFamilies.discover();
        Verifiers verifiers = Verifiers.discover();
        List<Task> tasks = new ArrayList<>();
        for (TaskFamily family : families.all().values()) {
            tasks.addAll(family.generate(TaskRequest.of(perFamily, seed, Split.EVAL)));
        }
        stdout.printf("distill4j demo: %d evaluation tasks from %s (seed %d)%n%n", tasks.size(), String.join(", ", families.all().keySet()), seed);

        AnswerGrading.Report expert = AnswerGrading.grade(tasks, expertAnswers(tasks), verifiers, "expert answers");
        AnswerGrading.Report shuffled = AnswerGrading.grade(tasks, shuffledAnswers(tasks), verifiers, "shuffled answers");
        try (RunStore store = RunStore.open(out, Provenance.adHoc(out.getFileName().toString(), seed))) {
            store.tasks().put(tasks);
            store.samples().put(expert.samples());
            store.verdicts().put(expert.verdicts());
            store.samples().put(shuffled.samples());
            store.verdicts().put(shuffled.verdicts());
        }

        stdout.printf("%-26s %-10s %8s %10s%n", "answers", "family", "answers", "pass rate");
        printRows(stdout, "expert worked solutions", expert);
        printRows(stdout, "control: shuffled answers", shuffled);
        stdout.printf("%nThe verifiers accept the experts' worked solutions and reject answers to other tasks.%n");
        stdout.printf("Everything is in %s (./distill store info --run %s).%n", out.resolve(RunStore.FILE_NAME), out);
        stdout.printf("%nStill to come in this demo: the shipped teacher served on loopback, distillation through HTTP,%n"
                + "students trained at several data sizes, and the report. They arrive with later releases.%n");
        return ExitCode.OK.code;
    }

    private static void printRows(PrintWriter stdout, String label, AnswerGrading.Report report) {
        report.byFamily().forEach((family, rate) -> stdout.printf("%-26s %-10s %8d %9.1f%%%n", label, family, rate.answers(), 100 * rate.rate()));
    }

    private static List<Answer> expertAnswers(List<Task> tasks) {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            answers.add(new Answer(tasks.get(i).id(), 0, tasks.get(i).expertSolution(), "expert", i + 1));
        }
        return answers;
    }

    /** Each task gets the expert solution of the next task of its family: a control that must fail. */
    private static List<Answer> shuffledAnswers(List<Task> tasks) {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            Task next = tasks.get(i + 1 < tasks.size() && tasks.get(i + 1).family().equals(task.family()) ? i + 1 : firstOf(tasks, task.family()));
            answers.add(new Answer(task.id(), 1, next.expertSolution(), "shuffled", i + 1));
        }
        return answers;
    }

    private static int firstOf(List<Task> tasks, String family) {
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).family().equals(family)) {
                return i;
            }
        }
        throw new IllegalStateException("no task of family " + family);
    }
}
