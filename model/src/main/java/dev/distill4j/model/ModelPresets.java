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

    /** A small student: about 0.4 million parameters. */
    public static ModelConfig tinyStudent(int vocabSize) {
        return ModelConfig.llama(vocabSize, 128, 352, 2, 2, 1, 1024);
    }
}
