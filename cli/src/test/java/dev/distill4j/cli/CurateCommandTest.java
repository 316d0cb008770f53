package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Example;
import dev.distill4j.core.Json;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Task;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.curate.export.DatasetFiles;
import dev.distill4j.curate.export.ExportFormat;
import dev.distill4j.curate.export.ExportRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify --run, then curate and export, as a user runs them. */
class CurateCommandTest {
    @TempDir
    Path dir;

    @Test
    void should_curate_a_verified_run_into_examples_with_a_funnel_that_adds_up_and_export_them() throws Exception {
        VerifiedRun verified = verifiedRun();
        Path run = verified.run();
        List<Task> train = verified.train();

        CliRun curated = CliRun.of("curate", "--run", run.toString(), "--json");

        assertThat(curated.exitCode()).as(curated.err()).isZero();
        JsonNode funnel = Json.MAPPER.readTree(curated.out());
        assertThat(funnel.get("in").asInt()).isEqualTo(10);
        assertThat(funnel.get("kept").asInt()).isEqualTo(5);
        assertThat(funnel.get("examples").asInt()).isEqualTo(5);
        assertThat(funnel.get("evaluation_texts").asInt()).isEqualTo(3);
        JsonNode dropped = funnel.get("dropped");
        assertThat(dropped.get("exact_duplicate").asInt()).isEqualTo(1);
        assertThat(dropped.get("below_min_score").asInt()).isEqualTo(1);
        assertThat(dropped.get("contaminated").asInt()).isEqualTo(1);
        assertThat(dropped.get("not_a_training_task").asInt()).isEqualTo(1);
        assertThat(dropped.get("unverified").asInt()).isEqualTo(1);
        int drops = 0;
        for (JsonNode count : dropped) {
            drops += count.asInt();
        }
        assertThat(drops).isEqualTo(5);

        List<Example> examples;
        try (RunStore store = RunStore.open(run, Provenance.adHoc("check", 0))) {
            examples = store.examples().all();
        }
        assertThat(examples).extracting(Example::taskId).containsExactlyInAnyOrder(train.get(0).id(), train.get(1).id(),
                train.get(2).id(), train.get(3).id(), train.get(4).id());
        assertThat(examples).allSatisfy(example -> {
            assertThat(example.source()).isEqualTo("teacher-verified");
            assertThat(example.messages().get(example.messages().size() - 1).role()).isEqualTo("assistant");
        });
        // Again: the same examples, not twice as many.
        assertThat(Json.MAPPER.readTree(CliRun.of("curate", "--run", run.toString(), "--json").out()).get("examples").asInt()).isEqualTo(5);

        Path hf = dir.resolve("train.hf.jsonl");
        Path parquet = dir.resolve("train.parquet");
        Path chat = dir.resolve("train.chat.jsonl");
        for (String[] export : new String[][] {{"hf-jsonl", hf.toString()}, {"parquet", parquet.toString()}, {"chat-jsonl", chat.toString()}}) {
            CliRun exported = CliRun.of("export", "--run", run.toString(), "--format", export[0], "--out", export[1], "--json");
            assertThat(exported.exitCode()).as(exported.err()).isZero();
            assertThat(Json.MAPPER.readTree(exported.out()).get("rows").asInt()).isEqualTo(5);
        }
        List<ExportRow> rows = DatasetFiles.read(hf, ExportFormat.HF_JSONL);
        assertThat(rows).extracting(ExportRow::sampleKey).containsExactlyElementsOf(examples.stream().map(Example::sampleKey).toList());
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.verifier()).isEqualTo("integer");
            assertThat(row.score()).isEqualTo(1.0);
            assertThat(row.run()).isEqualTo("check");
        });
        assertThat(DatasetFiles.read(parquet, ExportFormat.PARQUET)).isEqualTo(rows);
        assertThat(DatasetFiles.read(chat, ExportFormat.CHAT_JSONL)).extracting(ExportRow::messages)
                .containsExactlyElementsOf(examples.stream().map(Example::messages).toList());
    }

    @Test
    void should_take_the_curation_settings_and_run_folder_from_a_config() throws Exception {
        VerifiedRun verified = verifiedRun();
        Path config = dir.resolve("pipeline.yaml");
        Files.writeString(config, """
                run:
                  name: check
                  dir: runs
                tasks:
                  family: arith
                  train: 6
                  eval: 3
                curation:
                  min_score: 0.0
                  dedup: none
                  decontaminate: false
                """);

        CliRun curated = CliRun.of("curate", "--config", config.toString(), "--json");

        assertThat(curated.exitCode()).as(curated.err()).isZero();
        JsonNode funnel = Json.MAPPER.readTree(curated.out());
        // Every judged sample of a train task is kept: the wrong one (min_score 0), the duplicate, the contaminated one.
        assertThat(funnel.get("kept").asInt()).isEqualTo(8);
        assertThat(funnel.get("in").asInt()).isEqualTo(10);
        assertThat(funnel.at("/dropped/unverified").asInt()).isEqualTo(1);
        assertThat(funnel.at("/dropped/not_a_training_task").asInt()).isEqualTo(1);
        try (RunStore store = RunStore.open(verified.run(), Provenance.adHoc("check", 0))) {
            assertThat(store.examples().where("source", "teacher-unverified")).hasSize(1);
        }
    }

    @Test
    void should_ask_for_a_config_or_a_run() {
        CliRun run = CliRun.of("curate");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code);
        assertThat(run.err()).contains("give --config pipeline.yaml, --run DIR, or both");
        CliRun none = CliRun.of("export", "--run", dir.resolve("nothing").toString(), "--format", "csv", "--out", "x");
        assertThat(none.exitCode()).isEqualTo(ExitCode.USAGE.code);
        assertThat(none.err()).contains("expected chat-jsonl, hf-jsonl or parquet, got 'csv'");
        CliRun missing = CliRun.of("curate", "--run", dir.resolve("nothing").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code);
        assertThat(missing.err()).contains("no run.duckdb here");
    }

    private record VerifiedRun(Path run, List<Task> train) {}

    /**
     * A run made by verify --run from 6 train and 3 eval arith tasks: 9 answers (5 to keep under the defaults, a
     * duplicate, a wrong one, a contaminated one, one to an eval task) and a sample the verify stage never saw.
     */
    private VerifiedRun verifiedRun() throws Exception {
        Path trainFile = dir.resolve("train.jsonl");
        Path evalFile = dir.resolve("eval.jsonl");
        assertThat(CliRun.of("tasks", "make", "--family", "arith", "--n", "6", "--seed", "1", "--split", "train", "--out", trainFile.toString())
                .exitCode()).isZero();
        assertThat(CliRun.of("tasks", "make", "--family", "arith", "--n", "3", "--seed", "1", "--split", "eval", "--out", evalFile.toString())
                .exitCode()).isZero();
        List<Task> train = read(trainFile);
        List<Task> eval = read(evalFile);
        Path tasksFile = dir.resolve("tasks.jsonl");
        List<String> taskLines = new ArrayList<>(Files.readAllLines(trainFile));
        taskLines.addAll(Files.readAllLines(evalFile));
        Files.write(tasksFile, taskLines);

        List<String> answers = new ArrayList<>();
        answer(answers, train.get(0), 0, train.get(0).expertSolution());                 // kept
        answer(answers, train.get(0), 1, train.get(0).expertSolution() + "\n");          // exact duplicate once normalised
        answer(answers, train.get(1), 0, train.get(1).expertSolution());                 // kept
        answer(answers, train.get(1), 1, "Answer: 1");                                   // fails its verifier: below min_score
        answer(answers, train.get(2), 0, train.get(2).expertSolution());                 // kept
        // Quotes an evaluation question (5 words, shorter than 13, so indexed whole): contaminated.
        answer(answers, train.get(2), 1, "As in \"" + eval.get(0).question() + "\":\n" + train.get(2).expertSolution());
        answer(answers, train.get(3), 0, train.get(3).expertSolution());                 // kept
        answer(answers, train.get(4), 0, train.get(4).expertSolution());                 // kept
        answer(answers, eval.get(1), 0, eval.get(1).expertSolution());                   // an evaluation task's sample
        Path answersFile = dir.resolve("answers.jsonl");
        Files.write(answersFile, answers);
        Path run = dir.resolve("runs/check");
        CliRun verify = CliRun.of("verify", "--tasks", tasksFile.toString(), "--answers", answersFile.toString(), "--run", run.toString());
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        try (RunStore store = RunStore.open(run, Provenance.adHoc("check", 0))) {
            // A sample the verify stage never saw.
            store.samples().put(new Sample("unjudged-sample", null, train.get(5).id(), 0, "m", "Answer: 3", "stop", 0, 0, null));
        }

        return new VerifiedRun(run, train);
    }

    private static List<Task> read(Path file) throws Exception {
        List<Task> tasks = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            tasks.add(Json.MAPPER.readValue(line, Task.class));
        }
        return tasks;
    }

    private static void answer(List<String> answers, Task task, int index, String text) {
        answers.add(Json.MAPPER.createObjectNode().put("task_id", task.id()).put("sample_index", index).put("answer", text).toString());
    }
}
