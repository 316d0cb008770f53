package dev.distill4j.model.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.distill4j.model.decoder.Decoder;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GeneratorTest {
    private static NDManager manager;
    private static Decoder decoder;

    private static final Function<int[], String> LETTERS = TinyDecoder.LETTERS;

    @BeforeAll
    static void model() {
        manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
        decoder = TinyDecoder.create(manager);
    }

    @AfterAll
    static void release() {
        decoder.close();
        manager.close();
    }

    private static Generator generator(Integer eos) {
        return new Generator(decoder, LETTERS, eos);
    }

    private static List<Integer> greedyWithoutCache(int[] prompt, int steps) {
        return TinyDecoder.greedyWithoutCache(decoder, manager, prompt, steps);
    }

    @Test
    void should_generate_in_a_batch_exactly_what_each_prompt_generates_alone() {
        List<int[]> prompts = List.of(new int[] {3}, new int[] {5, 1, 7, 2, 9, 4}, new int[] {8, 8, 2}, new int[] {1, 2, 3, 4});
        List<Sampling> greedy = List.of(Sampling.greedy(10), Sampling.greedy(4), Sampling.greedy(12), Sampling.greedy(7));
        List<Completion> batched = generator(null).generate(prompts, greedy);
        for (int r = 0; r < prompts.size(); r++) {
            List<Integer> expected = greedyWithoutCache(prompts.get(r), greedy.get(r).maxTokens());
            assertThat(batched.get(r).tokens()).as("row %d", r).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
            assertThat(batched.get(r).finishReason()).isEqualTo("length");
            assertThat(batched.get(r).text()).isEqualTo(LETTERS.apply(batched.get(r).tokens()));
        }
    }

    @Test
    void should_sample_the_same_completion_for_the_same_seed_and_another_for_another_seed() {
        Sampling warm = new Sampling(1.0, 0.95, 0, 30, List.of(), 123, false, 0);
        List<int[]> prompts = List.of(new int[] {1, 2}, new int[] {1, 2});
        List<Completion> first = generator(null).generate(prompts, List.of(warm, warm.withSeed(124)));
        List<Completion> again = generator(null).generate(prompts, List.of(warm, warm.withSeed(124)));
        assertThat(again.get(0).tokens()).containsExactly(first.get(0).tokens());
        assertThat(again.get(1).tokens()).containsExactly(first.get(1).tokens());
        assertThat(first.get(0).tokens()).isNotEqualTo(first.get(1).tokens());
    }

    @Test
    void should_stop_at_a_stop_string_or_the_end_token_and_leave_them_out() {
        int[] prompt = {4, 6};
        List<Integer> greedy = greedyWithoutCache(prompt, 12);
        String full = LETTERS.apply(greedy.stream().mapToInt(Integer::intValue).toArray());
        // Stop at the text of tokens 3..4 of the greedy continuation: the completion is the first 3 letters.
        String stop = full.substring(3, 5);
        int expectedLength = full.indexOf(stop);
        Completion stopped = generator(null).generate(List.of(prompt), List.of(new Sampling(0, 1, 0, 12, List.of(stop), 0, false, 0))).get(0);
        assertThat(stopped.finishReason()).isEqualTo("stop");
        assertThat(stopped.text()).isEqualTo(full.substring(0, expectedLength));

        // Make the 4th greedy token the end-of-sequence token: three tokens come out, and it is not among them.
        int eos = greedy.get(3);
        int firstEos = greedy.indexOf(eos);
        Completion ended = generator(eos).generate(List.of(prompt), List.of(Sampling.greedy(12))).get(0);
        assertThat(ended.finishReason()).isEqualTo("stop");
        assertThat(ended.tokens()).hasSize(firstEos);
    }

    @Test
    void should_report_logprobs_of_the_model_distribution_that_scoring_reproduces() {
        int[] prompt = {2, 9, 4};
        Completion completion = generator(null).generate(List.of(prompt), List.of(new Sampling(0.8, 1, 0, 8, List.of(), 5, true, 3))).get(0);
        assertThat(completion.logprobs()).hasSize(8);
        int[] sequence = new int[prompt.length + completion.tokens().length];
        System.arraycopy(prompt, 0, sequence, 0, prompt.length);
        System.arraycopy(completion.tokens(), 0, sequence, prompt.length, completion.tokens().length);
        List<TokenLogprob> scored = generator(null).score(List.of(sequence), 3).get(0);
        assertThat(scored).hasSize(sequence.length - 1);
        for (int i = 0; i < completion.tokens().length; i++) {
            TokenLogprob generated = completion.logprobs().get(i);
            TokenLogprob rescored = scored.get(prompt.length - 1 + i);
            assertThat(generated.token()).isEqualTo(completion.tokens()[i]).isEqualTo(rescored.token());
            assertThat(generated.logprob()).isCloseTo(rescored.logprob(), within(1e-4));
            assertThat(generated.top()).hasSize(3);
            assertThat(generated.top().get(0).logprob()).isGreaterThanOrEqualTo(generated.top().get(1).logprob());
            assertThat(generated.logprob()).isLessThanOrEqualTo(generated.top().get(0).logprob() + 1e-12);
        }
        // The scored logprob of a token equals log-softmax of an independent full forward pass.
        try (NDScope scope = new NDScope()) {
            long[] tokens = new long[sequence.length - 1];
            for (int t = 0; t < tokens.length; t++) {
                tokens[t] = sequence[t];
            }
            NDArray logits = decoder.forward(manager.create(tokens, new Shape(1, tokens.length)),
                    manager.arange(0, tokens.length).toType(DataType.INT64, false).reshape(1, tokens.length), null, null);
            float[] last = logits.get(0, tokens.length - 1).toFloatArray();
            double max = Double.NEGATIVE_INFINITY;
            for (float v : last) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (float v : last) {
                sum += Math.exp(v - max);
            }
            double expected = last[sequence[sequence.length - 1]] - max - Math.log(sum);
            assertThat(scored.get(scored.size() - 1).logprob()).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void should_refuse_a_prompt_that_does_not_fit_the_context() {
        assertThatThrownBy(() -> generator(null).generate(List.of(new int[60]), List.of(Sampling.greedy(10))))
                .hasMessageContaining("exceeds the model's context of 64 tokens");
    }

    @Test
    void should_sample_tokens_with_the_softmax_frequencies_and_cut_at_top_k_and_top_p() {
        float[] logits = {2.0f, 1.0f, 0.0f, -1.0f};
        double[] p = new double[4];
        double z = 0;
        for (int i = 0; i < 4; i++) {
            z += Math.exp(logits[i]);
        }
        for (int i = 0; i < 4; i++) {
            p[i] = Math.exp(logits[i]) / z; // 0.6439, 0.2369, 0.0871, 0.0321
        }
        SplittableRandom random = new SplittableRandom(1);
        int draws = 40_000;
        int[] counts = new int[4];
        Sampling plain = new Sampling(1.0, 1.0, 0, 1, List.of(), 0, false, 0);
        for (int i = 0; i < draws; i++) {
            counts[TokenSampler.pick(logits, plain, random)]++;
        }
        for (int i = 0; i < 4; i++) {
            // Four standard deviations of a binomial proportion.
            double tolerance = 4 * Math.sqrt(p[i] * (1 - p[i]) / draws);
            assertThat((double) counts[i] / draws).as("token %d", i).isCloseTo(p[i], within(tolerance));
        }
        // top_k = 2 keeps tokens 0 and 1 only; top_p = 0.85 keeps 0 and 1 (0.644 < 0.85 <= 0.881).
        Sampling topK = new Sampling(1.0, 1.0, 2, 1, List.of(), 0, false, 0);
        Sampling topP = new Sampling(1.0, 0.85, 0, 1, List.of(), 0, false, 0);
        for (int i = 0; i < 5_000; i++) {
            assertThat(TokenSampler.pick(logits, topK, random)).isIn(0, 1);
            assertThat(TokenSampler.pick(logits, topP, random)).isIn(0, 1);
        }
        assertThat(TokenSampler.pick(logits, Sampling.greedy(1), random)).isZero();
    }
}
