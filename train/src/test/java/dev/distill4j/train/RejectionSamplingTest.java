package dev.distill4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.tasks.TaskFamilies;
import dev.distill4j.core.tasks.TaskRequest;
import dev.distill4j.core.verify.Verifiers;
import dev.distill4j.model.LocalModel;
import dev.distill4j.model.ModelConfig;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.model.decoder.DecoderWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rejection-sampling fine-tuning: sample, keep what the verifier accepts, fine-tune on it, R rounds. */
class RejectionSamplingTest {
    static final Path TEACHER = Path.of("..", "models", "teacher-arith").toAbsolutePath().normalize();

    static List<Task> prompts(int n) {
        return TaskFamilies.discover().get("arith").generate(new TaskRequest(n, 5, Split.TRAIN, Map.of("digits", "2", "ops", "add")));
    }

    @Test
    void should_keep_the_verified_answers_of_a_capable_model_and_train_on_them() {
        try (LocalModel model = LocalModel.load(TEACHER)) {
            List<RejectionSampling.Round> seen = new ArrayList<>();
            RejectionSampling.Settings settings = new RejectionSampling.Settings(2, 2, 1.0, 120,
                    SftSettings.builder().batchSize(4).learningRate(1e-5).maxSteps(1L).seed(3).build());
            List<RejectionSampling.Round> rounds = RejectionSampling.run(model.decoder(), model.tokenizer(), model.template(), prompts(6),
                    Verifiers.discover(), settings, 7, seen::add);
            assertThat(rounds).hasSize(2).isEqualTo(seen);
            for (RejectionSampling.Round round : rounds) {
                assertThat(round.sampled()).isEqualTo(12);
                // The teacher is right on 2-digit addition nearly always, even sampled at temperature 1.
                assertThat(round.passRate()).isGreaterThan(0.8);
                assertThat(round.kept()).isBetween(1, round.passed());
                assertThat(round.noSignal()).isFalse();
                assertThat(round.training().losses()).hasSize(1);
            }
        }
    }

    @Test
    void should_report_a_round_without_signal_instead_of_training_on_nothing() throws Exception {
        // A fresh, untrained model with the teacher's tokenizer answers nothing right.
        try (LocalModel teacher = LocalModel.load(TEACHER);
                NDManager manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch")) {
            ModelConfig config = teacher.config();
            ModelConfig small = ModelConfig.llama(config.vocabSize(), 32, 64, 1, 2, 1, config.maxPositionEmbeddings());
            try (Decoder fresh = new Decoder(DecoderWeights.initialise(small, 1, manager, DataType.FLOAT32))) {
                RejectionSampling.Settings settings = new RejectionSampling.Settings(1, 2, 1.0, 24,
                        SftSettings.builder().batchSize(4).maxSteps(1L).build());
                List<RejectionSampling.Round> rounds = RejectionSampling.run(fresh, teacher.tokenizer(), teacher.template(), prompts(4),
                        Verifiers.discover(), settings, 1, r -> {});
                assertThat(rounds).singleElement().satisfies(round -> {
                    assertThat(round.passed()).isZero();
                    assertThat(round.noSignal()).isTrue();
                    assertThat(round.training()).isNull();
                });
            }
        }
    }
}
