package dev.distill4j.model.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.distill4j.model.decoder.Decoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rows that join and leave a running batch decode exactly what they decode alone. */
class ContinuousBatchTest {
    private static NDManager manager;
    private static Decoder decoder;

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

    private static int[] expectedGreedy(int[] prompt, int tokens) {
        return TinyDecoder.greedyWithoutCache(decoder, manager, prompt, tokens).stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * A schedule of joins at different steps, in a cache of 20 columns: the first short prompt makes the write
     * index small, so the 7-token prompt that joins next moves the live rows right; the write index reaches the last
     * column, so the rows are compacted; rows leave from the middle slots while others run.
     */
    @Test
    void should_decode_greedily_what_each_prompt_decodes_alone_whenever_it_joins() {
        Map<Integer, List<int[]>> joinsAtStep = Map.of(
                0, List.of(new int[] {3}),
                1, List.of(new int[] {5, 1, 7, 2, 9, 4, 6}),
                4, List.of(new int[] {8, 8, 2}, new int[] {1, 2, 3, 4}),
                9, List.of(new int[] {11, 13}),
                15, List.of(new int[] {2, 4, 6, 8, 10}));
        Map<int[], Integer> lengths = new HashMap<>();
        int[] budget = {12, 9, 14, 5, 15, 13};
        List<int[]> order = new ArrayList<>();
        for (int step = 0; step < 16; step++) {
            for (int[] prompt : joinsAtStep.getOrDefault(step, List.of())) {
                lengths.put(prompt, budget[order.size()]);
                order.add(prompt);
            }
        }
        Map<int[], BatchRow> rows = new HashMap<>();
        try (ContinuousBatch batch = new ContinuousBatch(decoder, TinyDecoder.LETTERS, null, 4, 20)) {
            int step = 0;
            while (step < 16 || batch.liveRows() > 0) {
                List<int[]> joining = joinsAtStep.getOrDefault(step, List.of());
                List<RowSpec> specs = joining.stream().map(prompt -> RowSpec.generate(prompt, Sampling.greedy(lengths.get(prompt)))).toList();
                List<BatchRow> joined = batch.join(specs);
                for (int i = 0; i < joining.size(); i++) {
                    rows.put(joining.get(i), joined.get(i));
                }
                batch.step();
                step++;
                assertThat(step).as("every row finishes").isLessThan(100);
            }
            assertThat(batch.freeRows()).isEqualTo(4);
            assertThat(batch.cachedTokens()).isZero();
            // The schedule went through both moves of the cache: what is checked below held across them.
            assertThat(batch.cache().shifts()).as("right shifts").isPositive();
            assertThat(batch.cache().compactions()).as("compactions").isPositive();
        }
        for (int[] prompt : order) {
            BatchRow row = rows.get(prompt);
            assertThat(row.tokens()).as("prompt of %d tokens", prompt.length).containsExactly(expectedGreedy(prompt, lengths.get(prompt)));
            assertThat(row.finishReason()).isEqualTo("length");
            assertThat(row.live()).isFalse();
        }
    }

    @Test
    void should_sample_a_seeded_row_the_same_alone_and_in_company() {
        int[] prompt = {4, 9, 1};
        Sampling seeded = new Sampling(1.0, 0.9, 0, 15, List.of(), 77, true, 2);
        Completion alone;
        try (ContinuousBatch batch = new ContinuousBatch(decoder, TinyDecoder.LETTERS, null, 3, 40)) {
            BatchRow row = batch.join(List.of(RowSpec.generate(prompt, seeded))).get(0);
            while (!row.finished()) {
                batch.step();
            }
            alone = row.completion();
        }
        Completion inCompany;
        try (ContinuousBatch batch = new ContinuousBatch(decoder, TinyDecoder.LETTERS, null, 3, 40)) {
            batch.join(List.of(RowSpec.generate(new int[] {7, 7, 7, 7}, new Sampling(1.0, 1.0, 0, 30, List.of(), 5, false, 0))));
            batch.step();
            batch.step();
            BatchRow row = batch.join(List.of(RowSpec.generate(prompt, seeded),
                    RowSpec.generate(new int[] {1}, new Sampling(0.7, 1.0, 3, 20, List.of(), 6, false, 0)))).get(0);
            while (!row.finished()) {
                batch.step();
            }
            inCompany = row.completion();
        }
        assertThat(inCompany.tokens()).containsExactly(alone.tokens());
        for (int i = 0; i < alone.logprobs().size(); i++) {
            assertThat(inCompany.logprobs().get(i).logprob()).isCloseTo(alone.logprobs().get(i).logprob(), within(1e-4));
        }
    }

    @Test
    void should_free_a_slot_at_once_when_a_row_leaves_and_keep_the_others_exact() {
        int[] kept = {2, 3, 5};
        try (ContinuousBatch batch = new ContinuousBatch(decoder, TinyDecoder.LETTERS, null, 2, 30)) {
            List<BatchRow> rows = batch.join(List.of(RowSpec.generate(new int[] {9, 9}, Sampling.greedy(20)), RowSpec.generate(kept, Sampling.greedy(12))));
            batch.step();
            assertThat(batch.freeRows()).isZero();
            batch.leave(rows.get(0), "cancelled");
            assertThat(batch.freeRows()).isEqualTo(1);
            assertThat(rows.get(0).finishReason()).isEqualTo("cancelled");
            while (!rows.get(1).finished()) {
                batch.step();
            }
            assertThat(rows.get(1).tokens()).containsExactly(expectedGreedy(kept, 12));
        }
    }

    @Test
    void should_score_every_prompt_token_as_the_generator_does() {
        int[] prompt = {6, 2, 8, 3, 1};
        List<TokenLogprob> expected = new Generator(decoder, TinyDecoder.LETTERS, null).score(List.of(prompt), 3).get(0);
        try (ContinuousBatch batch = new ContinuousBatch(decoder, TinyDecoder.LETTERS, null, 2, 30)) {
            List<BatchRow> rows = batch.join(List.of(new RowSpec(prompt, null, 3, false), new RowSpec(new int[] {4, 4, 4, 4, 4, 4, 4}, Sampling.greedy(2), 0, false)));
            BatchRow scored = rows.get(0);
            assertThat(scored.finished()).isTrue();
            assertThat(scored.generatedCount()).isZero();
            assertThat(scored.live()).isFalse();
            assertThat(scored.promptLogprobs()).hasSize(prompt.length - 1);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(scored.promptLogprobs().get(i).token()).isEqualTo(prompt[i + 1]);
                assertThat(scored.promptLogprobs().get(i).logprob()).isCloseTo(expected.get(i).logprob(), within(1e-4));
                assertThat(scored.promptLogprobs().get(i).top()).extracting(TokenLogprob.Alternative::token)
                        .containsExactlyElementsOf(expected.get(i).top().stream().map(TokenLogprob.Alternative::token).toList());
            }
            assertThat(rows.get(1).promptLogprobs()).hasSize(6);
        }
    }

    @Test
    void should_refuse_a_row_longer_than_the_cache_or_more_rows_than_free_slots() {
        try (ContinuousBatch batch = new ContinuousBatch(decoder, TinyDecoder.LETTERS, null, 1, 16)) {
            assertThatThrownBy(() -> batch.join(List.of(RowSpec.generate(new int[10], Sampling.greedy(7)))))
                    .hasMessageContaining("exceeds the limit of 16 tokens");
            assertThatThrownBy(() -> batch.join(List.of(RowSpec.generate(new int[] {1}, Sampling.greedy(2)),
                    RowSpec.generate(new int[] {2}, Sampling.greedy(2))))).hasMessageContaining("1 free");
        }
    }
}
