package dev.distill4j.core.store;

import dev.distill4j.core.Provenance;
import dev.distill4j.core.Sample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The writer process that {@link StoreCrashTest} kills: it writes batches of samples with content derived
 * from their key, announcing "begin N" before and "committed N" after each batch's transaction.
 */
public final class StoreWriterChild {
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int firstBatch = Integer.parseInt(args[1]);
        int batchSize = Integer.parseInt(args[2]);
        try (RunStore store = RunStore.open(dir, Provenance.adHoc("crash", 1))) {
            for (int batch = firstBatch; ; batch++) {
                List<Sample> samples = new ArrayList<>(batchSize);
                for (int i = 0; i < batchSize; i++) {
                    samples.add(sample(batch, i));
                }
                System.out.println("begin " + batch);
                System.out.flush();
                store.samples().put(samples);
                System.out.println("committed " + batch);
                System.out.flush();
            }
        }
    }

    static Sample sample(int batch, int index) {
        String key = "b" + batch + "-" + index;
        return new Sample(key, "req-" + batch, "task-" + index, 0, "teacher", expectedCompletion(key), "stop", 10, 20, null);
    }

    /** The completion a row must hold: a function of its key, so a torn row would show. */
    static String expectedCompletion(String key) {
        return ("completion for " + key + " ").repeat(8);
    }
}
