package dev.distill4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A task small models learn in seconds, for training tests: reverse 3 to 6 "digits" (tokens 2..11) after a
 * separator (token 1); the loss is on the reversed half only. Vocabulary of 12 with 0 as padding.
 */
final class ReversalTask {
    private ReversalTask() {}

    static List<SftExample> examples(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<SftExample> examples = new ArrayList<>();
        for (int e = 0; e < count; e++) {
            int n = 3 + random.nextInt(4);
            int[] tokens = new int[2 * n + 1];
            boolean[] mask = new boolean[tokens.length];
            for (int i = 0; i < n; i++) {
                tokens[i] = 2 + random.nextInt(10);
            }
            tokens[n] = 1;
            for (int i = 0; i < n; i++) {
                tokens[n + 1 + i] = tokens[n - 1 - i];
                mask[n + 1 + i] = true;
            }
            examples.add(new SftExample(tokens, mask));
        }
        return examples;
    }
}
