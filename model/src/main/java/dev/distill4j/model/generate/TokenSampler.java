package dev.distill4j.model.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Picks the next token from one row of logits, and reports its log-probability under the model. Plain
 * Java on the row: the vocabularies here are small, and doing it per row lets every request have its own
 * seeded random source, so a seed gives the same completion whatever else shares the batch.
 */
final class TokenSampler {
    private TokenSampler() {}

    /** Log-softmax of a row, in double precision. */
    static double[] logSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float value : logits) {
            max = Math.max(max, value);
        }
        double sum = 0;
        for (float value : logits) {
            sum += Math.exp(value - max);
        }
        double logZ = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = logits[i] - logZ;
        }
        return out;
    }

    /** The token to emit: argmax at temperature 0, else a draw from the tempered, top-k and top-p filtered distribution. */
    static int pick(float[] logits, Sampling sampling, SplittableRandom random) {
        if (sampling.temperature() == 0) {
            return argMax(logits);
        }
        int vocab = logits.length;
        Integer[] order = new Integer[vocab];
        for (int i = 0; i < vocab; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]) != 0 ? Float.compare(logits[b], logits[a]) : Integer.compare(a, b));
        int keep = sampling.topK() > 0 ? Math.min(sampling.topK(), vocab) : vocab;
        double max = logits[order[0]] / sampling.temperature();
        double[] weights = new double[keep];
        double total = 0;
        for (int i = 0; i < keep; i++) {
            weights[i] = Math.exp(logits[order[i]] / sampling.temperature() - max);
            total += weights[i];
        }
        // Nucleus: the smallest prefix (by probability) whose mass reaches top_p (Holtzman et al. 2020).
        if (sampling.topP() < 1) {
            double mass = 0;
            int cut = keep;
            for (int i = 0; i < keep; i++) {
                mass += weights[i] / total;
                if (mass >= sampling.topP()) {
                    cut = i + 1;
                    break;
                }
            }
            keep = cut;
            total = 0;
            for (int i = 0; i < keep; i++) {
                total += weights[i];
            }
        }
        double draw = random.nextDouble() * total;
        for (int i = 0; i < keep; i++) {
            draw -= weights[i];
            if (draw < 0) {
                return order[i];
            }
        }
        return order[keep - 1];
    }

    static int argMax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The chosen token's log-probability and the {@code top} most likely alternatives. */
    static TokenLogprob logprob(double[] logProbabilities, int token, int top) {
        List<TokenLogprob.Alternative> alternatives = new ArrayList<>();
        if (top > 0) {
            Integer[] order = new Integer[logProbabilities.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(logProbabilities[b], logProbabilities[a]) != 0
                    ? Double.compare(logProbabilities[b], logProbabilities[a]) : Integer.compare(a, b));
            for (int i = 0; i < Math.min(top, order.length); i++) {
                alternatives.add(new TokenLogprob.Alternative(order[i], logProbabilities[order[i]]));
            }
        }
        return new TokenLogprob(token, logProbabilities[token], alternatives);
    }
}
