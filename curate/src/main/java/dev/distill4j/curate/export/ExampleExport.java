package dev.distill4j.curate.export;

import dev.distill4j.core.Example;
import dev.distill4j.core.Verdict;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.curate.DecidingVerdicts;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exports a run's {@code examples} table as a training dataset, joined with the provenance the table does not carry
 * itself: the teacher model from {@code samples}, the verifier from the sample's deciding verdict (its lowest score), and the run's name.
 */
public final class ExampleExport {
    private ExampleExport() {}

    /** Writes every example of the run, in key order; returns how many. */
    public static long run(RunStore store, ExportFormat format, Path file) {
        List<Example> examples = store.examples().all();
        Set<String> sampleKeys = new HashSet<>();
        for (Example example : examples) {
            if (example.sampleKey() != null) {
                sampleKeys.add(example.sampleKey());
            }
        }
        Map<String, String> models = new HashMap<>();
        store.samples().forEach(sample -> {
            if (sampleKeys.contains(sample.key()) && sample.model() != null) {
                models.put(sample.key(), sample.model());
            }
        });
        Map<String, Verdict> verdicts = DecidingVerdicts.of(store, sampleKeys::contains);
        String run = store.provenance().run();
        List<ExportRow> rows = examples.stream().map(example -> {
            Verdict verdict = example.sampleKey() == null ? null : verdicts.get(example.sampleKey());
            return new ExportRow(example.messages(), example.taskId(), example.source(), example.sampleKey(),
                    example.sampleKey() == null ? null : models.get(example.sampleKey()), verdict == null ? null : verdict.verifier(),
                    example.score(), run);
        }).toList();
        return DatasetFiles.write(file, format, rows);
    }
}
