package dev.distill4j.model;

/**
 * Named model sizes for the embedded teachers and students (character vocabularies, contexts long enough for
 * the arith scratchpads and extract documents). Heads are 64 wide: on 2 CPU cores the (batch, heads, seq, seq)
 * attention tensors cost memory bandwidth per head, and 8 heads of 32 ran at half the tokens/s of 4 of 64.
 */
public final class ModelPresets {
    private ModelPresets() {}

    /** The embedded teachers: about 3 million parameters. */
    public static ModelConfig teacher(int vocabSize) {
        return ModelConfig.llama(vocabSize, 256, 704, 4, 4, 2, 1024);
    }

    /**
     * The students of the sample-efficiency study: about 0.1 million parameters, two heads of 32. Measured on
     * 2-digit addition (600 steps of 32 worked solutions, one thread): 57 s to 77%, where {@link #tinyStudent}
     * took 105 s to 100% and four heads of 16 reached 42%: small enough that a study of a dozen students fits
     * in minutes.
     */
    public static ModelConfig microStudent(int vocabSize) {
        return ModelConfig.llama(vocabSize, 64, 192, 2, 2, 1, 1024);
    }

    /** A student between tiny and the teachers: about 1.3 million parameters (three layers, three heads of 64). */
    public static ModelConfig smallStudent(int vocabSize) {
        return ModelConfig.llama(vocabSize, 192, 528, 3, 3, 1, 1024);
    }

    /** A small student: about 0.4 million parameters. */
    public static ModelConfig tinyStudent(int vocabSize) {
        return ModelConfig.llama(vocabSize, 128, 352, 2, 2, 1, 1024);
    }
}
