package dev.distill4j.eval.study;

/**
 * One student of the study: a source, a subset size, a seed and a model size. Its name is its folder and its model
 * name in the run store.
 */
public record StudentKey(DataSource source, int examples, long seed, String preset) {
    public String name() {
        return source.wireName() + "-n" + examples + "-s" + seed + "-" + preset;
    }
}
