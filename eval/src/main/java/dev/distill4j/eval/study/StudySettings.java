package dev.distill4j.eval.study;

import java.util.List;

/**
 * What the study trains: every source at every nested subset size, once per seed and student size, each student a
 * fresh model trained for the same number of optimizer steps, so that only the data (and, across presets, the
 * model's size) differs between them.
 *
 * @param steps     optimizer steps per student, whatever its subset size: a small subset is seen for more epochs.
 *                  A fixed budget keeps the comparison about data, not compute
 * @param workers   students trained at once, each on its own share of the cores
 * @param maxTokens the longest answer a student may write in evaluation
 */
public record StudySettings(List<DataSource> sources, List<Integer> sizes, List<Long> seeds, List<String> presets, int steps, int batchSize,
        double learningRate, double warmupRatio, int workers, int maxTokens) {
    public StudySettings {
        if (sources == null || sources.isEmpty()) {
            throw new IllegalArgumentException("field 'sources': expected one or more data sources");
        }
        if (sizes == null || sizes.isEmpty() || sizes.stream().anyMatch(n -> n == null || n < 1)) {
            throw new IllegalArgumentException("field 'sizes': expected one or more subset sizes >= 1, got " + sizes);
        }
        if (seeds == null || seeds.isEmpty()) {
            throw new IllegalArgumentException("field 'seeds': expected one or more seeds");
        }
        sources = List.copyOf(sources);
        sizes = sizes.stream().distinct().sorted().toList();
        seeds = List.copyOf(seeds);
        if (presets == null || presets.isEmpty()) {
            throw new IllegalArgumentException("field 'presets': expected one or more student sizes");
        }
        presets = List.copyOf(presets);
        positive("steps", steps);
        positive("batch_size", batchSize);
        positive("workers", workers);
        positive("max_tokens", maxTokens);
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("field 'learning_rate': expected a number > 0, got " + learningRate);
        }
    }

    private static void positive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("field '" + field + "': expected a number >= 1, got " + value);
        }
    }

    /** Students this study trains at most (a source short of examples for a size skips it). */
    public int students() {
        return sources.size() * sizes.size() * seeds.size() * presets.size();
    }
}
