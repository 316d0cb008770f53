package dev.distill4j.eval.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.distill4j.core.ContentKey;
import dev.distill4j.core.EvalResult;
import dev.distill4j.core.Json;
import dev.distill4j.core.Task;
import dev.distill4j.core.Verdict;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.eval.ModelEvaluation;
import dev.distill4j.eval.report.StudyReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps each finished student's result as {@code study-result.json} in its own model folder (written atomically,
 * last, so a folder without it holds a student that did not finish) and its graded answers in the run store's
 * {@code evals} table, where a reader can see what each student got wrong.
 */
public final class FolderLedger implements SampleEfficiencyStudy.Ledger {
    static final String FILE_NAME = "study-result.json";

    private final Path modelsDir;
    private final RunStore store;
    private final List<Task> evalTasks;

    /** @param store where graded answers go; null keeps only the folders */
    public FolderLedger(Path modelsDir, RunStore store, List<Task> evalTasks) {
        this.modelsDir = modelsDir;
        this.store = store;
        this.evalTasks = List.copyOf(evalTasks);
    }

    @Override
    public Optional<StudyReport.StudentRun> find(StudentKey key) {
        Path file = modelsDir.resolve(key.name()).resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            StudyReport.StudentRun run = Json.MAPPER.readValue(file.toFile(), StudyReport.StudentRun.class);
            // A result measured on other evaluation tasks does not answer this study's question.
            return run.accuracy().n() == evalTasks.size() ? Optional.of(run) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void record(StudentKey key, StudyReport.StudentRun run, ModelEvaluation.Result answers) {
        if (store != null) {
            List<EvalResult> rows = new ArrayList<>();
            String model = "study/" + key.name();
            for (int i = 0; i < evalTasks.size(); i++) {
                Verdict verdict = answers.report().verdicts().get(i);
                String taskId = evalTasks.get(i).id();
                rows.add(new EvalResult(ContentKey.of("study-eval", model, taskId, "0"), "study", model, taskId, 0, answers.answers().get(i),
                        verdict.extracted(), verdict.pass(), verdict.score()));
            }
            synchronized (store) {
                store.evals().put(rows);
            }
        }
        Path file = modelsDir.resolve(key.name()).resolve(FILE_NAME);
        try {
            Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
            Files.writeString(temporary, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(run));
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
