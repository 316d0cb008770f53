package dev.distill4j.model.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.pytorch.jni.JniUtils;
import dev.distill4j.model.LocalModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * In batch-invariant mode, a row's logprobs, to the bit, do not depend on how many rows decode beside it, on the
 * prompts that join with it, or on the histories of the rows it decodes with: the shipped teacher (real matrix sizes,
 * where MKL picks its kernels by the number of rows), on one intra-op thread and on two (where PyTorch and MKL split
 * the larger tensors between threads).
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
        return new ContinuousBatch(teacher.decoder(), tokens -> "", null, 64, 256);
    }

    /** Runs a check with PyTorch's intra-op threads set to {@code threads}, as a server runs with its own setting. */
    private static void withThreads(int threads, Runnable check) {
        int before = JniUtils.getNumThreads();
        JniUtils.setNumThreads(threads);
        try {
            check.run();
        } finally {
            JniUtils.setNumThreads(before);
        }
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

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2})
    void should_give_a_row_the_same_logprobs_whatever_number_of_rows_decode_beside_it(int threads) {
        withThreads(threads, BatchInvarianceTest::checkRowsBeside);
    }

    private static void checkRowsBeside() {
        int[] prompt = teacher.tokenizer().encode("What is 12 + 35? Answer:");
        List<TokenLogprob> alone = alone(prompt);
        // 1 to 11 rows and 60 beside it: MKL multiplies 1-3 rows by other kernels than 4, two threads split 5-7 and
        // 9-11 rows into blocks of fewer than 4, and at 61 rows the MLP's tensors are large enough for two threads to
        // split them. The row joins first (slot 0) or last (the last slot, in the last block of a split product).
        for (int others : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 60}) {
            for (boolean joinsFirst : new boolean[] {true, false}) {
                try (ContinuousBatch batch = batch()) {
                    BatchRow row = joinsFirst ? batch.join(List.of(RowSpec.generate(prompt, LOGPROBS))).get(0) : null;
                    List<RowSpec> company = new ArrayList<>();
                    for (int i = 0; i < others; i++) {
                        company.add(RowSpec.generate(teacher.tokenizer().encode("Hi " + i), COMPANY));
                    }
                    batch.join(company);
                    batch.step();
                    if (!joinsFirst) {
                        row = batch.join(List.of(RowSpec.generate(prompt, LOGPROBS))).get(0);
                    }
                    assertThat(decode(batch, row)).as("beside %d rows, joining %s", others, joinsFirst ? "first" : "last").isEqualTo(alone);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2})
    void should_prefill_a_row_the_same_whatever_prompts_join_with_it(int threads) {
        withThreads(threads, BatchInvarianceTest::checkPromptsJoining);
    }

    private static void checkPromptsJoining() {
        int[] prompt = teacher.tokenizer().encode("What is 12 + 35? Answer:");
        List<TokenLogprob> alone = alone(prompt);
        assertThat(teacher.tokenizer().encode("What is 98 + 70? Answer:")).as("a prompt of the same length, prefilled in one pass").hasSameSizeAs(prompt);
        for (String other : new String[] {"What is 98 + 70? Answer:", "Compute 7 * 8", "Compute 7 * 8 please, then say why", "Hi"}) {
            try (ContinuousBatch batch = batch()) {
                BatchRow row = batch.join(List.of(RowSpec.generate(prompt, LOGPROBS),
                        RowSpec.generate(teacher.tokenizer().encode(other), COMPANY))).get(0);
                assertThat(decode(batch, row)).as("joined with \"%s\"", other).isEqualTo(alone);
            }
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2})
    void should_give_a_row_the_same_logprobs_whatever_the_histories_of_the_rows_beside_it(int threads) {
        withThreads(threads, BatchInvarianceTest::checkHistoriesBeside);
    }

    private static void checkHistoriesBeside() {
        int[] prompt = teacher.tokenizer().encode("What is 12 + 35? Answer:");
        int[] older = teacher.tokenizer().encode("Compute 7 * 8, then say why");
        int[] longer = teacher.tokenizer().encode("Compute 70 * 81 and 3 + 4, then say why, step by step, please");
        List<TokenLogprob> alone = alone(prompt);
        // The row joins 1 to 8 steps after an older row, so its first key sits at every offset modulo 4 (and 8) from
        // the older row's; later a longer prompt joins and moves the live rows right. The rows' windows have different
        // widths, and the row's starts before the cache's first column (a young batch): zeros stand in.
        for (int delay = 1; delay <= 8; delay++) {
            try (ContinuousBatch batch = batch()) {
                batch.join(List.of(RowSpec.generate(older, COMPANY)));
                for (int step = 0; step < delay; step++) {
                    batch.step();
                }
                BatchRow row = batch.join(List.of(RowSpec.generate(prompt, LOGPROBS))).get(0);
                batch.step();
                batch.step();
                batch.join(List.of(RowSpec.generate(longer, COMPANY)));
                assertThat(decode(batch, row)).as("joined %d steps after another row", delay).isEqualTo(alone);
            }
        }
        // In a cache of 64 columns the write index reaches the end while the row decodes: the rows move left.
        try (ContinuousBatch batch = new ContinuousBatch(teacher.decoder(), tokens -> "", null, 4, 64)) {
            batch.join(List.of(RowSpec.generate(older, new Sampling(0.0, 1.0, 0, 30, List.of(), 2, false, 0))));
            for (int step = 0; step < 20; step++) {
                batch.step();
            }
            BatchRow row = batch.join(List.of(RowSpec.generate(prompt, LOGPROBS))).get(0);
            assertThat(decode(batch, row)).as("across a compaction").isEqualTo(alone);
            assertThat(batch.cache().compactions()).isPositive();
        }
    }
}
