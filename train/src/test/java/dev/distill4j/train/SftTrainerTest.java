package dev.distill4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.distill4j.model.ModelConfig;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.model.decoder.DecoderWeights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SftTrainerTest {
    private static NDManager manager;

    /** Vocabulary: 0 pad, 1 separator, 2..11 "digits". */
    private static final ModelConfig TINY = ModelConfig.llama(12, 32, 64, 2, 4, 2, 64);

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
    }

    @AfterAll
    static void release() {
        manager.close();
    }

    private static List<SftExample> reversal(int count, long seed) {
        return ReversalTask.examples(count, seed);
    }

    private static Decoder freshModel(long seed) {
        return new Decoder(DecoderWeights.initialise(TINY, seed, manager, DataType.FLOAT32));
    }

    private static SftSettings.Builder settings() {
        return SftSettings.builder().batchSize(16).learningRate(3e-3).warmupRatio(0.1).evalEvery(0).checkpointEvery(0).seed(9);
    }

    @Test
    void should_learn_the_task_and_lower_the_held_out_loss() {
        List<SftExample> train = reversal(256, 1);
        List<SftExample> heldOut = reversal(64, 2);
        try (Decoder decoder = freshModel(1)) {
            double before = SftTrainer.evaluate(decoder, heldOut, 32);
            SftTrainer.Result result = new SftTrainer(settings().epochs(12).build()).train(decoder, train, heldOut, TrainingCheckpoints.NONE,
                    new SftTrainer.Listener() {});
            double after = result.evaluations().get(result.evaluations().size() - 1)[1];
            // Uniform guessing over 12 tokens costs ln 12 = 2.48 nats; learning the reversal must cut that far down.
            assertThat(before).isGreaterThan(2.0);
            assertThat(after).isLessThan(before / 2);
            assertThat(result.losses()).hasSize(12 * 16);
        }
    }

    @Test
    void should_make_the_same_loss_curve_for_the_same_seed() {
        List<SftExample> train = reversal(64, 3);
        double[] first;
        double[] second;
        try (Decoder decoder = freshModel(4)) {
            first = new SftTrainer(settings().epochs(2).build()).train(decoder, train, List.of(), TrainingCheckpoints.NONE, new SftTrainer.Listener() {}).losses();
        }
        try (Decoder decoder = freshModel(4)) {
            second = new SftTrainer(settings().epochs(2).build()).train(decoder, train, List.of(), TrainingCheckpoints.NONE, new SftTrainer.Listener() {}).losses();
        }
        assertThat(second).containsExactly(first);
        try (Decoder decoder = freshModel(5)) {
            double[] other = new SftTrainer(settings().epochs(2).build()).train(decoder, train, List.of(), TrainingCheckpoints.NONE, new SftTrainer.Listener() {}).losses();
            assertThat(other).isNotEqualTo(first);
        }
    }

    @Test
    void should_train_two_models_at_once_on_worker_threads_as_each_trains_alone() throws Exception {
        // The study trains students side by side in one JVM: no process-wide gradient lock, and grad mode per thread.
        List<SftExample> train = reversal(32, 9);
        SftSettings settings = settings().epochs(2).build();
        double[] alone;
        try (Decoder decoder = freshModel(11)) {
            alone = new SftTrainer(settings).train(decoder, train, List.of(), TrainingCheckpoints.NONE, new SftTrainer.Listener() {}).losses();
        }
        double[][] together = new double[2][];
        Throwable[] failures = new Throwable[2];
        Thread[] threads = new Thread[2];
        for (int i = 0; i < 2; i++) {
            int index = i;
            threads[i] = new Thread(() -> {
                try (Decoder decoder = freshModel(11)) {
                    together[index] = new SftTrainer(settings).train(decoder, train, List.of(), TrainingCheckpoints.NONE, new SftTrainer.Listener() {})
                            .losses();
                } catch (Throwable t) {
                    failures[index] = t;
                }
            });
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).containsOnlyNulls();
        for (double[] losses : together) {
            assertThat(losses).containsExactly(alone, within(1e-5));
        }
    }

    @Test
    void should_accumulate_gradients_to_the_same_update_as_one_big_batch() {
        List<SftExample> eight = reversal(8, 6);
        Map<String, float[]> big;
        Map<String, float[]> accumulated;
        try (Decoder decoder = freshModel(7)) {
            new SftTrainer(settings().batchSize(8).gradAccum(1).maxSteps(1L).warmupRatio(0).build())
                    .train(decoder, eight, List.of(), TrainingCheckpoints.NONE, new SftTrainer.Listener() {});
            big = decoder.weights().toArrays();
        }
        try (Decoder decoder = freshModel(7)) {
            new SftTrainer(settings().batchSize(4).gradAccum(2).maxSteps(1L).warmupRatio(0).build())
                    .train(decoder, eight, List.of(), TrainingCheckpoints.NONE, new SftTrainer.Listener() {});
            accumulated = decoder.weights().toArrays();
        }
        big.forEach((name, values) -> assertThat(accumulated.get(name)).as(name).containsExactly(values, within(2e-6f)));
    }

    /** Checkpoints kept in memory, copied, as a file-based store would keep them. */
    static final class MemoryCheckpoints implements TrainingCheckpoints {
        Saved latest;

        @Override
        public void save(long step, DecoderWeights weights, AdamW optimizer, double[] losses) {
            Map<String, float[]> state = new HashMap<>();
            optimizer.state().forEach((name, array) -> state.put(name, array.toFloatArray()));
            latest = new Saved(step, weights.toArrays(), state, optimizer.steps(), losses.clone());
        }

        @Override
        public Optional<Saved> latest() {
            return Optional.ofNullable(latest);
        }
    }

    @Test
    void should_resume_from_a_checkpoint_and_continue_the_same_loss_curve() {
        List<SftExample> train = reversal(96, 8);
        SftSettings settings = settings().epochs(3).checkpointEvery(4).build();
        double[] straight;
        try (Decoder decoder = freshModel(10)) {
            straight = new SftTrainer(settings).train(decoder, train, List.of(), TrainingCheckpoints.NONE, new SftTrainer.Listener() {}).losses();
        }
        MemoryCheckpoints checkpoints = new MemoryCheckpoints();
        try (Decoder decoder = freshModel(10)) {
            // The run dies at step 10; its last checkpoint is step 8.
            assertThatThrownBy(() -> new SftTrainer(settings).train(decoder, train, List.of(), checkpoints, new SftTrainer.Listener() {
                @Override
                public void onStep(SftTrainer.StepReport report) {
                    if (report.step() == 10) {
                        throw new IllegalStateException("killed");
                    }
                }
            })).hasMessage("killed");
        }
        assertThat(checkpoints.latest.step()).isEqualTo(8);
        long[] resumedFrom = new long[1];
        try (Decoder decoder = freshModel(99)) { // different init: everything must come from the checkpoint
            SftTrainer.Result resumed = new SftTrainer(settings).train(decoder, train, List.of(), checkpoints, new SftTrainer.Listener() {
                @Override
                public void onResume(long fromStep) {
                    resumedFrom[0] = fromStep;
                }
            });
            assertThat(resumedFrom[0]).isEqualTo(8);
            assertThat(resumed.losses()).containsExactly(straight);
        }
    }
}
