package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Json;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Task;
import dev.distill4j.core.store.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
    @TempDir
    Path dir;

    @Test
    void should_show_help_with_an_example_for_every_command() {
        List<String> missing = new ArrayList<>();
        visit(new CommandLine(new DistillCommand()), missing);
        assertThat(missing).isEmpty();
    }

    private static void visit(CommandLine command, List<String> missing) {
        String name = command.getCommandSpec().qualifiedName(" ");
        String[] path = name.split(" ");
        String[] args = new String[path.length];
        System.arraycopy(path, 1, args, 0, path.length - 1);
        args[path.length - 1] = "--help";
        CliRun run = CliRun.of(args);
        if (run.exitCode() != 0 || !run.out().startsWith("Usage: " + name) || !run.out().contains("./distill")) {
            missing.add(name + " (exit " + run.exitCode() + ")");
        }
        // picocli formats descriptions with String.format: a bare '%' makes it print the raw text and a warning.
        List<String> texts = new ArrayList<>(List.of(command.getCommandSpec().usageMessage().description()));
        command.getCommandSpec().options().forEach(option -> texts.addAll(List.of(option.description())));
        for (String text : texts) {
            try {
                String.format(text);
            } catch (java.util.IllegalFormatException e) {
                missing.add(name + " (description not a format string: '" + text + "')");
            }
        }
        command.getSubcommands().values().forEach(sub -> visit(sub, missing));
    }

    @Test
    void should_make_the_same_tasks_file_byte_for_byte_for_the_same_seed() throws Exception {
        Path first = dir.resolve("a.jsonl");
        Path second = dir.resolve("b.jsonl");
        assertThat(CliRun.of("tasks", "make", "--family", "arith", "--n", "40", "--seed", "3", "--out", first.toString()).exitCode()).isZero();
        CliRun run = CliRun.of("tasks", "make", "--family", "arith", "--n", "40", "--seed", "3", "--out", second.toString());
        assertThat(run.err()).contains("wrote 40 arith tasks (split train, seed 3)");
        assertThat(Files.readAllLines(first)).hasSize(40);
        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
        Path other = dir.resolve("c.jsonl");
        CliRun.of("tasks", "make", "--family", "arith", "--n", "40", "--seed", "4", "--out", other.toString());
        assertThat(Files.readAllBytes(other)).isNotEqualTo(Files.readAllBytes(first));
    }

    @Test
    void should_never_put_a_task_in_both_splits() throws Exception {
        for (String family : List.of("arith", "extract")) {
            Path train = dir.resolve(family + "-train.jsonl");
            Path eval = dir.resolve(family + "-eval.jsonl");
            assertThat(CliRun.of("tasks", "make", "--family", family, "--n", "1500", "--seed", "1", "--split", "train", "--out", train.toString()).exitCode()).isZero();
            assertThat(CliRun.of("tasks", "make", "--family", family, "--n", "500", "--seed", "2", "--split", "eval", "--out", eval.toString()).exitCode()).isZero();
            Set<String> trainQuestions = new HashSet<>();
            for (String line : Files.readAllLines(train)) {
                trainQuestions.add(Json.MAPPER.readTree(line).at("/messages/0/content").asText());
            }
            for (String line : Files.readAllLines(eval)) {
                JsonNode task = Json.MAPPER.readTree(line);
                assertThat(task.get("split").asText()).isEqualTo("eval");
                assertThat(trainQuestions).doesNotContain(task.at("/messages/0/content").asText());
            }
        }
    }

    @Test
    void should_pass_expert_answers_and_fail_wrong_ones_with_the_right_rates() throws Exception {
        Path tasksFile = dir.resolve("tasks.jsonl");
        CliRun.of("tasks", "make", "--family", "arith", "--n", "20", "--out", tasksFile.toString());
        Path extractFile = dir.resolve("extract.jsonl");
        CliRun.of("tasks", "make", "--family", "extract", "--n", "10", "--out", extractFile.toString());
        Files.write(tasksFile, Files.readAllLines(extractFile), java.nio.file.StandardOpenOption.APPEND);

        // 20 arith tasks: the first 15 answered by the expert, the last 5 with the reference plus one.
        // 10 extract tasks: all answered by the expert. Expected: arith 15/20, extract 10/10, all 25/30.
        List<String> answers = new ArrayList<>();
        List<String> lines = Files.readAllLines(tasksFile);
        for (int i = 0; i < lines.size(); i++) {
            Task task = Json.MAPPER.readValue(lines.get(i), Task.class);
            String answer = i >= 15 && i < 20
                    ? "Answer: " + new java.math.BigInteger(task.reference()).add(java.math.BigInteger.ONE)
                    : task.expertSolution();
            answers.add(Json.MAPPER.createObjectNode().put("task_id", task.id()).put("answer", answer).toString());
        }
        Path answersFile = dir.resolve("answers.jsonl");
        Files.write(answersFile, answers);

        CliRun run = CliRun.of("verify", "--tasks", tasksFile.toString(), "--answers", answersFile.toString(), "--json",
                "--run", dir.resolve("runs/check").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode summary = Json.MAPPER.readTree(run.out());
        assertThat(summary.get("answers").asInt()).isEqualTo(30);
        assertThat(summary.get("passed").asInt()).isEqualTo(25);
        assertThat(summary.at("/families/arith/passed").asInt()).isEqualTo(15);
        assertThat(summary.at("/families/arith/pass_rate").asDouble()).isEqualTo(0.75);
        assertThat(summary.at("/families/extract/pass_rate").asDouble()).isEqualTo(1.0);
        assertThat(Files.readAllLines(dir.resolve("answers.verdicts.jsonl"))).hasSize(30);
        try (RunStore store = RunStore.open(dir.resolve("runs/check"), Provenance.adHoc("check", 0))) {
            assertThat(store.verdicts().count()).isEqualTo(30);
            assertThat(store.tasks().count()).isEqualTo(30);
        }

        CliRun strict = CliRun.of("verify", "--tasks", tasksFile.toString(), "--answers", answersFile.toString(), "--min-pass-rate", "0.9");
        assertThat(strict.exitCode()).isEqualTo(ExitCode.CHECK_FAILED.code);
        assertThat(strict.out()).contains("all").contains("83.3%");
    }

    @Test
    void should_exit_with_bad_input_and_a_clear_message_for_mistakes() throws Exception {
        CliRun unknownFamily = CliRun.of("tasks", "make", "--family", "arihm", "--n", "5", "--out", dir.resolve("x.jsonl").toString());
        assertThat(unknownFamily.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code);
        assertThat(unknownFamily.err()).contains("unknown task family 'arihm' (did you mean 'arith'?)");
        assertThat(unknownFamily.err()).doesNotContain("Exception");

        CliRun missing = CliRun.of("verify", "--tasks", dir.resolve("none.jsonl").toString(), "--answers", dir.resolve("a.jsonl").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code);
        assertThat(missing.err()).contains("no such file: " + dir.resolve("none.jsonl"));

        CliRun usage = CliRun.of("tasks", "make", "--famly", "arith");
        assertThat(usage.exitCode()).isEqualTo(ExitCode.USAGE.code);
        assertThat(usage.err()).contains("--famly").contains("--help");
    }

    @Test
    void should_run_a_pipeline_config_and_do_nothing_twice() throws Exception {
        Path config = dir.resolve("pipeline.yaml");
        Files.writeString(config, """
                run:
                  name: unit
                  dir: runs
                tasks:
                  family: arith
                  train: 30
                  eval: 10
                """);
        CliRun first = CliRun.of("run", config.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("40 tasks (40 new)").contains("next: ./distill study --config");
        CliRun again = CliRun.of("run", config.toString());
        assertThat(again.out()).contains("40 tasks (0 new)");
        try (RunStore store = RunStore.open(dir.resolve("runs/unit"), Provenance.adHoc("x", 0))) {
            assertThat(store.tasks().where("split", "eval")).hasSize(10);
        }

        Files.writeString(config, """
                run:
                  name: unit
                tasks:
                  family: arith
                  tarin: 30
                """);
        CliRun typo = CliRun.of("run", config.toString());
        assertThat(typo.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code);
        assertThat(typo.err()).contains(config + ":5:").contains("tasks.tarin").contains("did you mean 'train'");
    }

    @Test
    void should_export_and_import_a_table_from_the_command_line() throws Exception {
        Path config = dir.resolve("p.yaml");
        Files.writeString(config, "run: {name: r1, dir: runs}\ntasks: {family: extract, train: 12, eval: 3}\n");
        assertThat(CliRun.of("run", config.toString()).exitCode()).isZero();
        Path parquet = dir.resolve("tasks.parquet");
        CliRun export = CliRun.of("store", "export", "--run", dir.resolve("runs/r1").toString(), "--table", "tasks", "--out", parquet.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.err()).contains("exported 15 rows of tasks");
        CliRun imported = CliRun.of("store", "import", "--run", dir.resolve("runs/r2").toString(), "--table", "tasks", parquet.toString());
        assertThat(imported.err()).contains("imported 15 new rows into tasks");
        CliRun info = CliRun.of("store", "info", "--run", dir.resolve("runs/r2").toString());
        assertThat(info.out()).containsPattern("tasks\\s+15 rows");
        CliRun noStore = CliRun.of("store", "info", "--run", dir.resolve("runs/nope").toString());
        assertThat(noStore.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code);
    }
}
