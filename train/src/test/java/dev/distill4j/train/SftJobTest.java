package dev.distill4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.VerifierSpec;
import dev.distill4j.model.LocalModel;
import dev.distill4j.model.checkpoint.DType;
import dev.distill4j.model.generate.Completion;
import dev.distill4j.model.generate.Sampling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SftJobTest {
    @TempDir
    Path dir;

    /** Tasks written by hand: "Say X" answered "X!" (expert solutions), enough to exercise the whole job. */
    private static List<Task> tasks(int count, Split split) {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String word = "w" + (split == Split.TRAIN ? i : 1000 + i);
            tasks.add(new Task("say:" + word, "say", split, List.of(ChatMessage.user("Say " + word)), word, word + "!",
                    VerifierSpec.of("exact"), Map.of()));
        }
        return tasks;
    }

    private SftJob.Spec spec(Path out, long seed) {
        SftSettings settings = SftSettings.builder().batchSize(8).maxSteps(6L).learningRate(3e-3).evalEvery(3).checkpointEvery(2).seed(seed).build();
        return new SftJob.Spec(tasks(48, Split.TRAIN), tasks(8, Split.EVAL), null, "tiny", 256, settings, out, Provenance.adHoc("unit", seed), DType.BF16,
                "./distill train --test");
    }

    @Test
    void should_write_a_checkpoint_that_loads_and_answers_through_its_chat_template() throws Exception {
        Path out = dir.resolve("models/say");
        SftJob.Outcome outcome = SftJob.run(spec(out, 1), new SftTrainer.Listener() {});
        assertThat(outcome.result().losses()).hasSize(6);
        assertThat(outcome.examples()).isEqualTo(48);
        assertThat(outcome.result().evaluations()).hasSize(2);
        assertThat(out.resolve("config.json")).exists();
        assertThat(Files.readString(out.resolve("tokenizer_config.json"))).contains("chat_template").contains("<|end|>");
        assertThat(Files.readString(out.resolve("README.md"))).contains("./distill train --test").contains("seed: 1");
        // The resumable state is gone once the model is written.
        assertThat(dir.resolve("models/say.training")).doesNotExist();
        try (LocalModel model = LocalModel.load(out)) {
            assertThat(model.config().eosTokenId()).isEqualTo(model.tokenizer().tokenId("<|end|>").getAsInt());
            List<Completion> completions = model.chat(List.of(List.of(ChatMessage.user("Say w3")), List.of(ChatMessage.user("Say w1000"))),
                    List.of(Sampling.greedy(5), Sampling.greedy(5)));
            assertThat(completions).hasSize(2);
            assertThat(completions.get(0).finishReason()).isIn("stop", "length");
        }
    }

    @Test
    void should_refuse_to_resume_the_state_of_a_different_job() {
        Path out = dir.resolve("models/say");
        SftJob.Spec first = spec(out, 1);
        // A state saved by another job (seed 2) sits where this job keeps its own.
        new DiskCheckpoints(dir.resolve("models/say.training"), "someone-else").save(2,
                dev.distill4j.model.decoder.DecoderWeights.initialise(dev.distill4j.model.ModelConfig.llama(12, 8, 8, 1, 1, 1, 8), 1,
                        ai.djl.ndarray.NDManager.newBaseManager("PyTorch"), ai.djl.ndarray.types.DataType.FLOAT32),
                AdamW.standard(0, ai.djl.ndarray.NDManager.newBaseManager("PyTorch")), new double[] {1, 2});
        assertThatThrownBy(() -> SftJob.run(first, new SftTrainer.Listener() {}))
                .hasMessageContaining("holds the training state of a different job");
    }
}
