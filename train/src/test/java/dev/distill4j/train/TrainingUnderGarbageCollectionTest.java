package dev.distill4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.distill4j.model.ModelConfig;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.model.decoder.DecoderWeights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every training mode gives the same losses, step for step, while another thread keeps the garbage collector freeing
 * Java direct memory and handing it out again with other bytes in it. A backward pass that read memory a collection
 * had freed (DJL's numbers made tensors over Java buffers; see Scalars) trained to other losses whenever a
 * collection fell between a forward and its backward pass: now and then in a test suite, and in the guard
 * simulator's students.
 */
class TrainingUnderGarbageCollectionTest {
    private static final ModelConfig TINY = ModelConfig.llama(12, 32, 64, 2, 4, 2, 64);
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
    }

    @AfterAll
    static void release() {
        manager.close();
    }

    @Test
    void should_train_every_mode_to_the_same_losses_while_the_collector_frees_and_reuses_java_memory() {
        List<SftExample> plain = ReversalTask.examples(48, 3);
        check("sft", plain, decoder -> Objective.SFT);
        check("top-k distillation", withSignals(plain, (example, t) -> null, TrainingUnderGarbageCollectionTest::topK),
                decoder -> new DistillationObjective(0.3));
        check("local teacher", plain, decoder -> new LocalTeacherDistillation(decoder, "other", 0.5));
        check("on-policy distillation", withSignals(plain, (example, t) -> -0.1f * (t % 5), null), decoder -> new OnPolicyDistillationObjective(1.0));
        check("grpo", withSignals(plain, null, null), decoder -> new GrpoObjective(0.2, 0.28, 0.04, 0.9));
    }

    /** Trains the mode twice, the second time under churn, and compares the loss curves exactly. */
    private static void check(String mode, List<SftExample> examples, Function<Decoder, Objective> objective) {
        double[] calm = train(examples, objective);
        double[] churned;
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong collections = new AtomicLong();
        Thread churn = Thread.ofPlatform().daemon().name("memory-churn").start(() -> {
            while (running.get()) {
                System.gc();
                collections.incrementAndGet();
                List<ByteBuffer> refills = new ArrayList<>();
                for (int i = 0; i < 2000; i++) {
                    ByteBuffer block = ByteBuffer.allocateDirect(4 + i % 64).order(ByteOrder.nativeOrder());
                    while (block.remaining() >= Float.BYTES) {
                        block.putFloat(777f);
                    }
                    refills.add(block);
                }
            }
        });
        try {
            churned = train(examples, objective);
        } finally {
            running.set(false);
        }
        try {
            churn.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(collections.get()).as("collections during the %s training", mode).isGreaterThan(10);
        assertThat(churned).as(mode).containsExactly(calm);
    }

    private static double[] train(List<SftExample> examples, Function<Decoder, Objective> objective) {
        try (Decoder student = new Decoder(DecoderWeights.initialise(TINY, 4, manager, DataType.FLOAT32));
                Decoder other = new Decoder(DecoderWeights.initialise(TINY, 9, manager, DataType.FLOAT32))) {
            SftSettings settings = SftSettings.builder().batchSize(8).learningRate(3e-3).epochs(2).evalEvery(0).checkpointEvery(0).seed(5).build();
            return new SftTrainer(settings, objective.apply(other)).train(student, examples, List.of(), TrainingCheckpoints.NONE,
                    new SftTrainer.Listener() {}).losses();
        }
    }

    private interface PerToken {
        Float at(SftExample example, int t);
    }

    private static TokenSignals topK(SftExample example) {
        // At each loss position: the token itself at 2/3 and token 11 at 1/3.
        int[][] ids = new int[example.length()][0];
        float[][] logprobs = new float[example.length()][0];
        for (int t = 1; t < example.length(); t++) {
            if (example.lossMask()[t]) {
                ids[t] = new int[] {example.tokens()[t], 11};
                logprobs[t] = new float[] {(float) Math.log(2.0 / 3), (float) Math.log(1.0 / 3)};
            }
        }
        return TokenSignals.topK(ids, logprobs);
    }

    /**
     * The examples with signals: top-k from {@code topK} when given; else teacher scores from {@code teacher} when
     * given; else GRPO's (advantage +1 and -1 by turns, sampling and reference logprobs near the untrained model's).
     */
    private static List<SftExample> withSignals(List<SftExample> plain, PerToken teacher, Function<SftExample, TokenSignals> topK) {
        List<SftExample> signalled = new ArrayList<>();
        for (int i = 0; i < plain.size(); i++) {
            SftExample example = plain.get(i);
            TokenSignals signals;
            if (topK != null) {
                signals = topK.apply(example);
            } else {
                float[] scores = new float[example.length()];
                float[] old = new float[example.length()];
                float[] reference = new float[example.length()];
                for (int t = 0; t < example.length(); t++) {
                    scores[t] = teacher == null ? 0f : teacher.at(example, t);
                    old[t] = -2.5f;
                    reference[t] = -2.4f;
                }
                signals = teacher != null ? TokenSignals.teacherScores(scores) : TokenSignals.policy(i % 2 == 0 ? 1f : -1f, old, reference);
            }
            signalled.add(new SftExample(example.tokens(), example.lossMask(), signals));
        }
        return signalled;
    }
}
