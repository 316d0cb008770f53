package dev.distill4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Task;
import dev.distill4j.core.config.ConfigCheck;
import dev.distill4j.core.config.PipelineConfig;
import dev.distill4j.core.config.PipelineConfigLoader;
import dev.distill4j.core.config.Rubric;
import dev.distill4j.core.config.RubricLoader;
import dev.distill4j.core.io.InputException;
import dev.distill4j.core.tasks.TaskFamilies;
import dev.distill4j.core.io.Answer;
import dev.distill4j.core.io.AnswerFile;
import dev.distill4j.core.io.JsonLines;
import dev.distill4j.core.io.TaskFile;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.verify.AnswerGrading;
import dev.distill4j.core.verify.RunVerification;
import dev.distill4j.core.verify.Verifiers;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Judge answers with each task's verifier: print the pass rate overall and per family",
            "and write one verdict per answer. With only --run: judge the samples a run stored (the pipeline's",
            "verify stage), store the verdicts, and print pass rates per family and teacher and pass@k.",
            "With --judge-config: then score the run's samples with the config's LLM judge against its rubric",
            "(judge: section), and print judged / unjudged / pass rate / agreement with the tasks' verifiers."},
        footer = {"", "Answers file: JSON Lines of {\"task_id\": ..., \"answer\": \"...\"} (optional sample_index, model).",
            "", "Examples:",
            "  ./distill verify --tasks tasks.jsonl --answers answers.jsonl",
            "  ./distill verify --tasks tasks.jsonl --answers answers.jsonl --json --out verdicts.jsonl",
            "  ./distill verify --tasks tasks.jsonl --answers answers.jsonl --run runs/check   (also store them)",
            "  ./distill verify --run runs/demo --per-task pass-at-k.jsonl   (the samples generate stored)",
            "  ./distill verify --run runs/demo --judge-config pipeline.yaml --json   (and the LLM judge)",
            "  ./distill verify --judge-config pipeline.yaml --rubric strict.yaml --pairwise teacher-a,teacher-b",
            "The judge's API key comes from its endpoint's api_key_env or api_key_file, never the config; samples it",
            "could not judge (garbage, refusals, time-outs) are listed by reason and tried again by the next run (exit 5).",
            "Rubric format: docs/rubric.example.yaml"})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--tasks", description = "Task file (JSONL), as written by 'tasks make' or by hand.")
    Path tasksFile;

    @Option(names = "--answers", description = "Answers file (JSONL).")
    Path answersFile;

    @Option(names = "--out", description = "Verdicts file (JSONL); default: next to the answers, <name>.verdicts.jsonl.")
    Path out;

    @Option(names = "--run", paramLabel = "DIR", description = {"With --tasks and --answers: also store tasks, answers and verdicts in",
        "DIR/run.duckdb. Alone: verify the samples stored in DIR/run.duckdb."})
    Path runDir;

    @Option(names = "--per-task", paramLabel = "FILE", description = "With --run alone: write each task's samples, passes and pass@k (JSONL).")
    Path perTaskFile;

    @Option(names = "--judge-config", paramLabel = "pipeline.yaml", description = {"Also score the samples with the LLM judge of this",
        "pipeline config's judge: section (its run folder unless --run is given)."})
    Path judgeConfigFile;

    @Option(names = "--rubric", paramLabel = "FILE", description = "With --judge-config: this rubric instead of judge.rubric.")
    Path rubricFile;

    @Option(names = "--pairwise", paramLabel = "MODEL_A,MODEL_B", split = ",", description = {"With --judge-config: compare the two",
        "models' samples of each task pair by pair, in both orders (a winner only when both orders agree)."})
    List<String> pairwise;

    @Option(names = {"-q", "--quiet"}, description = "No progress line.")
    boolean quiet;

    @Option(names = "--min-pass-rate", description = "Exit with status 4 when the overall pass rate is below this.")
    Double minPassRate;

    @Option(names = "--json", description = "Print one JSON object with the figures on stdout.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        if (judgeConfigFile != null) {
            if (tasksFile != null || answersFile != null) {
                throw new ParameterException(spec.commandLine(), "--judge-config judges the samples a run stored: give --run DIR (or"
                        + " nothing, for the config's run), not --tasks and --answers");
            }
            return verifyAndJudgeRun();
        }
        if (rubricFile != null || pairwise != null) {
            throw new ParameterException(spec.commandLine(), "--rubric and --pairwise go with --judge-config");
        }
        if (tasksFile == null && answersFile == null && runDir != null) {
            return verifyRun();
        }
        if (tasksFile == null || answersFile == null) {
            throw new ParameterException(spec.commandLine(), "give --tasks and --answers (files to judge), or only --run DIR"
                    + " (the samples a run stored)");
        }
        if (perTaskFile != null) {
            throw new ParameterException(spec.commandLine(), "--per-task goes with --run alone (pass@k needs the run's samples)");
        }
        Verifiers verifiers = Verifiers.discover();
        List<Task> tasks = TaskFile.read(tasksFile, verifiers);
        List<Answer> answers = AnswerFile.read(answersFile);
        AnswerGrading.Report report = AnswerGrading.grade(tasks, answers, verifiers, answersFile.toString());
        Path verdictsFile = out != null ? out : defaultVerdictsFile(answersFile);
        JsonLines.write(verdictsFile, report.verdicts());
        if (runDir != null) {
            try (RunStore store = RunStore.open(runDir, Provenance.adHoc(runDir.getFileName().toString(), 0))) {
                store.tasks().put(tasks);
                store.samples().put(report.samples());
                store.verdicts().put(report.verdicts());
            }
        }
        print(report, verdictsFile);
        boolean belowMinimum = minPassRate != null && report.overall().rate() < minPassRate;
        return belowMinimum ? ExitCode.CHECK_FAILED.code : ExitCode.OK.code;
    }

    private int verifyRun() {
        requireRun(runDir);
        RunVerification.Report report;
        try (RunStore store = RunStore.open(runDir, Provenance.adHoc(runDir.getFileName().toString(), 0))) {
            report = VerifyStep.run(store, Verifiers.discover(), new ProgressLine(spec.commandLine().getErr(), quiet || json));
        }
        if (perTaskFile != null) {
            VerifyStep.writePerTask(report, perTaskFile);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            stdout.println(VerifyStep.json(report));
        } else {
            VerifyStep.print(report, stdout);
        }
        boolean belowMinimum = minPassRate != null && report.overall().rate() < minPassRate;
        return belowMinimum ? ExitCode.CHECK_FAILED.code : ExitCode.OK.code;
    }

    private void requireRun(Path run) {
        if (!Files.isRegularFile(run.resolve(RunStore.FILE_NAME))) {
            throw new ParameterException(spec.commandLine(), "no run at " + run + " (" + run.resolve(RunStore.FILE_NAME)
                    + " does not exist); run 'generate' or 'run' first, or give --tasks and --answers");
        }
    }

    /** The verify stage, then the config's LLM judge over the same samples (and two models compared, if asked). */
    private int verifyAndJudgeRun() throws InterruptedException {
        if (pairwise != null && (pairwise.size() != 2 || pairwise.get(0).equals(pairwise.get(1)))) {
            throw new ParameterException(spec.commandLine(), "--pairwise: expected two different model names separated by a comma,"
                    + " got " + String.join(",", pairwise));
        }
        Verifiers verifiers = Verifiers.discover();
        PipelineConfig config = ConfigCheck.check(PipelineConfigLoader.load(judgeConfigFile), TaskFamilies.discover(), verifiers);
        if (!config.hasJudge()) {
            throw new InputException(judgeConfigFile + ": no 'judge' section: --judge-config needs a judge's rubric and endpoints"
                    + " (see docs/pipeline.example.yaml)");
        }
        Rubric rubric = RubricLoader.load(rubricFile != null ? rubricFile : config.judge().rubric());
        Path run = runDir != null ? runDir : config.run().folder();
        requireRun(run);
        boolean silent = quiet || json;
        RunVerification.Report report;
        JudgeStep.Result judged;
        try (RunStore store = RunStore.open(run, new Provenance(config.run().name(), config.hash(), config.run().seed(), null))) {
            report = VerifyStep.run(store, verifiers, new ProgressLine(spec.commandLine().getErr(), silent));
            judged = JudgeStep.run(config.judge(), rubric, store, config.run().seed(), pairwise == null ? null : pairwise.toArray(String[]::new),
                    new ProgressLine(spec.commandLine().getErr(), silent));
        }
        if (perTaskFile != null) {
            VerifyStep.writePerTask(report, perTaskFile);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            ObjectNode summary = VerifyStep.json(report);
            summary.set("judge", JudgeStep.json(judged));
            stdout.println(summary);
        } else {
            VerifyStep.print(report, stdout);
            JudgeStep.print(judged, stdout);
        }
        if (minPassRate != null && report.overall().rate() < minPassRate) {
            return ExitCode.CHECK_FAILED.code;
        }
        // Unjudged samples have no verdict: the next run asks about them again.
        return judged.report().unjudgedTotal() > 0 ? ExitCode.INCOMPLETE.code : ExitCode.OK.code;
    }

    private void print(AnswerGrading.Report report, Path verdictsFile) {
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            ObjectNode summary = Json.MAPPER.createObjectNode();
            summary.put("answers", report.overall().answers()).put("passed", report.overall().passed())
                    .put("pass_rate", report.overall().rate()).put("unanswered_tasks", report.unansweredTasks());
            ObjectNode families = summary.putObject("families");
            report.byFamily().forEach((family, rate) -> families.putObject(family).put("answers", rate.answers())
                    .put("passed", rate.passed()).put("pass_rate", rate.rate()));
            summary.put("verdicts", verdictsFile.toString());
            stdout.println(summary);
            return;
        }
        stdout.printf("%-12s %8s %8s %9s%n", "family", "answers", "passed", "pass rate");
        report.byFamily().forEach((family, rate) -> stdout.printf("%-12s %8d %8d %8.1f%%%n", family, rate.answers(), rate.passed(), 100 * rate.rate()));
        stdout.printf("%-12s %8d %8d %8.1f%%%n", "all", report.overall().answers(), report.overall().passed(), 100 * report.overall().rate());
        if (report.unansweredTasks() > 0) {
            stdout.printf("%d task(s) had no answer%n", report.unansweredTasks());
        }
        spec.commandLine().getErr().println("verdicts written to " + verdictsFile);
    }

    static Path defaultVerdictsFile(Path answers) {
        String name = answers.getFileName().toString();
        String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        return answers.resolveSibling(stem + ".verdicts.jsonl");
    }
}
