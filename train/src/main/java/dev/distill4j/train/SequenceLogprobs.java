package dev.distill4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.distill4j.model.Scalars;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.train.objective.TokenLogprobs;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's log-probability of every token of given sequences, read in one teacher-forced pass and no gradient: the
 * sampling policy's logprobs (the denominator of the clipped ratio), the frozen reference's (the KL penalty), a local
 * teacher's (on-policy distillation).
 */
public final class SequenceLogprobs {
    private SequenceLogprobs() {}

    /**
     * @param temperature the logits are divided by it first, so that the logprobs are those of the policy that sampled
     *                    at that temperature
     * @return per example, entry t the logprob of token t given the tokens before it; entry 0 (nothing predicts the
     *     first token) is 0
     */
    public static List<float[]> of(Decoder decoder, List<SftExample> examples, int batchSize, double temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0 to score tokens, got " + temperature);
        }
        List<float[]> scores = new ArrayList<>(examples.size());
        DataType dtype = decoder.weights().get("model.embed_tokens.weight").getDataType();
        for (int from = 0; from < examples.size(); from += batchSize) {
            List<SftExample> batch = examples.subList(from, Math.min(examples.size(), from + batchSize));
            try (NDScope scope = new NDScope(); NDManager manager = decoder.weights().manager().newSubManager()) {
                TokenBatch tensors = TokenBatch.of(batch, manager, dtype);
                float[] flat = ofBatch(decoder, tensors, temperature).toType(DataType.FLOAT32, false).toFloatArray();
                int steps = (int) tensors.targets().getShape().get(1);
                for (int r = 0; r < batch.size(); r++) {
                    float[] perToken = new float[batch.get(r).length()];
                    for (int t = 1; t < perToken.length; t++) {
                        perToken[t] = flat[r * steps + t - 1];
                    }
                    scores.add(perToken);
                }
            }
        }
        return scores;
    }

    /**
     * The log-probability of each target of a batch under the policy that samples at {@code temperature}, (batch,
     * len-1), with the gradient when the caller records one: what the policy objectives start from.
     */
    static NDArray ofBatch(Decoder decoder, TokenBatch batch, double temperature) {
        NDArray logits = decoder.forward(batch.inputs(), batch.positions(), null, null);
        return TokenLogprobs.of(temperature == 1 ? logits : Scalars.div(logits, temperature), batch.targets());
    }
}
