package dev.distill4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.distill4j.model.ModelConfig;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.model.decoder.DecoderWeights;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Distillation from top-k logprobs through the shared training loop. */
class DistillationObjectiveTest {
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

    private static double[] train(List<SftExample> examples, Objective objective) {
        try (Decoder decoder = new Decoder(DecoderWeights.initialise(TINY, 4, manager, DataType.FLOAT32))) {
            SftSettings settings = SftSettings.builder().batchSize(8).learningRate(3e-3).epochs(2).evalEvery(0).checkpointEvery(0).seed(5).build();
            return new SftTrainer(settings, objective).train(decoder, examples, List.of(), TrainingCheckpoints.NONE, new SftTrainer.Listener() {})
                    .losses();
        }
    }

    /** The examples with a teacher that gives each loss token's position these alternatives (the first: the token itself). */
    private static List<SftExample> withTeacher(List<SftExample> plain, float ownLogprob, Integer otherToken, float otherLogprob) {
        List<SftExample> taught = new ArrayList<>();
        for (SftExample example : plain) {
            int[][] ids = new int[example.length()][0];
            float[][] logprobs = new float[example.length()][0];
            for (int t = 1; t < example.length(); t++) {
                if (example.lossMask()[t]) {
                    ids[t] = otherToken == null ? new int[] {example.tokens()[t]} : new int[] {example.tokens()[t], otherToken};
                    logprobs[t] = otherToken == null ? new float[] {ownLogprob} : new float[] {ownLogprob, otherLogprob};
                }
            }
            taught.add(new SftExample(example.tokens(), example.lossMask(), TokenSignals.topK(ids, logprobs)));
        }
        return taught;
    }

    @Test
    void should_train_exactly_as_sft_when_the_teacher_is_certain_of_every_token() {
        // A one-hot teacher at the target: its KL is the cross-entropy, so any alpha gives SFT's loss, step for step.
        List<SftExample> plain = ReversalTask.examples(48, 3);
        double[] sft = train(plain, Objective.SFT);
        double[] distilled = train(withTeacher(plain, 0f, null, 0f), new DistillationObjective(0.3));
        assertThat(distilled).containsExactly(sft, within(1e-4));
    }

    @Test
    void should_follow_the_teacher_where_it_spreads_its_mass() {
        // A teacher that gives token 11 a third of its mass at every answer position: the distilled student learns to
        // put mass there, where the SFT student, which sees 11 only as one digit in ten, puts little.
        List<SftExample> plain = ReversalTask.examples(64, 4);
        List<SftExample> taught = withTeacher(plain, (float) Math.log(2.0 / 3), 11, (float) Math.log(1.0 / 3));
        double sft = massOnEleven(plain, Objective.SFT);
        double distilled = massOnEleven(taught, new DistillationObjective(0.0));
        assertThat(distilled).isGreaterThan(sft + 0.1);
        assertThat(distilled).isLessThan(0.6);
    }

    /** Mean student probability of token 11 at answer positions whose target is another token, after training. */
    private static double massOnEleven(List<SftExample> examples, Objective objective) {
        try (Decoder decoder = new Decoder(DecoderWeights.initialise(TINY, 4, manager, DataType.FLOAT32))) {
            SftSettings settings = SftSettings.builder().batchSize(8).learningRate(3e-3).epochs(6).evalEvery(0).checkpointEvery(0).seed(5).build();
            new SftTrainer(settings, objective).train(decoder, examples, List.of(), TrainingCheckpoints.NONE, new SftTrainer.Listener() {});
            double sum = 0;
            int count = 0;
            try (NDManager scope = manager.newSubManager()) {
                TokenBatch batch = TokenBatch.of(examples, scope, DataType.FLOAT32);
                float[] probabilities = decoder.forward(batch.inputs(), batch.positions(), null, null).softmax(-1).toFloatArray();
                long[] targets = batch.targets().toLongArray();
                float[] mask = batch.mask().toFloatArray();
                int vocab = TINY.vocabSize();
                for (int i = 0; i < targets.length; i++) {
                    if (mask[i] > 0 && targets[i] != 11) {
                        sum += probabilities[i * vocab + 11];
                        count++;
                    }
                }
            }
            return sum / count;
        }
    }

    @Test
    void should_have_no_kl_to_a_local_teacher_identical_to_the_student_and_pull_towards_a_different_one() {
        List<SftExample> examples = ReversalTask.examples(16, 3);
        try (Decoder student = new Decoder(DecoderWeights.initialise(TINY, 4, manager, DataType.FLOAT32));
                Decoder same = new Decoder(DecoderWeights.initialise(TINY, 4, manager, DataType.FLOAT32));
                Decoder other = new Decoder(DecoderWeights.initialise(TINY, 9, manager, DataType.FLOAT32));
                NDManager scope = manager.newSubManager()) {
            TokenBatch batch = TokenBatch.of(examples, scope, DataType.FLOAT32);
            // alpha 0: the loss is the KL alone, which is 0 between identical distributions.
            double toItself = new LocalTeacherDistillation(same, "same", 0).summedLoss(student, batch, examples, scope).getFloat();
            double toOther = new LocalTeacherDistillation(other, "other", 0).summedLoss(student, batch, examples, scope).getFloat();
            assertThat(toItself).isCloseTo(0.0, within(1e-4));
            assertThat(toOther).isGreaterThan(1e-3);
        }
        // Training on the KL to a different teacher lowers it.
        try (Decoder other = new Decoder(DecoderWeights.initialise(TINY, 9, manager, DataType.FLOAT32))) {
            double[] losses = train(examples, new LocalTeacherDistillation(other, "other", 0));
            assertThat(losses[losses.length - 1]).isLessThan(losses[0] * 0.8);
        }
    }
}
