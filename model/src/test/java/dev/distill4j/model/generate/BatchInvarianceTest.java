package dev.distill4j.model.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distill4j.model.LocalModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * In batch-invariant mode, a row's logprobs, to the bit, do not depend on how many rows decode beside it or on the
 * lengths of the prompts that join with it: the shipped teacher (real matrix sizes, where MKL picks its kernels by the
 * number of rows).
 */
class BatchInvarianceTest {
    private static final Sampling LOGPROBS = new Sampling(0.0, 1.0, 0, 24, List.of(), 1, true, 5);
    private static final Sampling COMPANY = new Sampling(0.0, 1.0, 0, 60, List.of(), 2, false, 0);
    private static LocalModel teacher;

    @BeforeAll
    static void load() {
        teacher = LocalModel.load(Path.of("..", "models", "teacher-arith").toAbsolutePath().normalize());
        teacher.decoder().batchInvariant(true);
    }

    @AfterAll
    static void release() {
        teacher.close();
    }

    private static ContinuousBatch batch() {
        return new ContinuousBatch(teacher.decoder(), tokens -> "", null, 8, 256);
    }

    private static List<TokenLogprob> decode(ContinuousBatch batch, BatchRow row) {
        while (!row.finished()) {
            batch.step();
        }
        return row.completion().logprobs();
    }

    private static List<TokenLogprob> alone(int[] prompt) {
        try (ContinuousBatch batch = batch()) {
            return decode(batch, batch.join(List.of(RowSpec.generate(prompt, LOGPROBS))).get(0));
        }
    }

    @Test
    void should_give_a_row_the_same_logprobs_whatever_number_of_rows_decode_beside_it() {
        int[] prompt = teacher.tokenizer().encode("What is 12 + 35? Answer:");
        List<TokenLogprob> alone = alone(prompt);
        for (int others : new int[] {1, 2, 3, 6}) {
            try (ContinuousBatch batch = batch()) {
                BatchRow row = batch.join(List.of(RowSpec.generate(prompt, LOGPROBS))).get(0);
                batch.step();
                List<RowSpec> company = new ArrayList<>();
                for (int i = 0; i < others; i++) {
                    company.add(RowSpec.generate(teacher.tokenizer().encode("Hi " + i), COMPANY));
                }
                batch.join(company);
                // One row, then 1 + others: products of 1, 2, 3 rows would round unlike those of 4 or more.
                assertThat(decode(batch, row)).as("beside %d rows", others).isEqualTo(alone);
            }
        }
    }

    @Test
    void should_prefill_a_row_the_same_whatever_prompts_join_with_it() {
        int[] prompt = teacher.tokenizer().encode("What is 12 + 35? Answer:");
        // A longer prompt that joins at the same time, by a multiple of 4 tokens longer (see the note in docs/guard.md:
        // the attention's reductions still round by the offset, modulo 4, of a row's first key in the step).
        String longer = "Compute 7 * 8";
        while ((teacher.tokenizer().encode(longer).length - prompt.length) % 4 != 0 || teacher.tokenizer().encode(longer).length <= prompt.length) {
            longer += " please";
        }
        int[] other = teacher.tokenizer().encode(longer);
        List<TokenLogprob> alone = alone(prompt);
        try (ContinuousBatch batch = batch()) {
            BatchRow row = batch.join(List.of(RowSpec.generate(prompt, LOGPROBS), RowSpec.generate(other, COMPANY))).get(0);
            assertThat(decode(batch, row)).isEqualTo(alone);
        }
    }
}
