package dev.distill4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.distill4j.model.ModelConfig;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.model.decoder.DecoderWeights;
import java.nio.file.Path;
import java.util.List;

/**
 * The training process {@link TrainingCrashTest} kills: a tiny model learning to reverse sequences, saving its
 * state to disk every 3 steps, printing "step N" as each step ends and "losses a,b,c,..." when it finishes.
 */
public final class TrainingChild {
    static final ModelConfig TINY = ModelConfig.llama(12, 32, 64, 2, 4, 2, 64);

    public static void main(String[] args) {
        Path state = Path.of(args[0]);
        long delayMillis = Long.parseLong(args[1]);
        try (NDManager manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
                Decoder decoder = new Decoder(DecoderWeights.initialise(TINY, 21, manager, DataType.FLOAT32))) {
            SftTrainer.Result result = new SftTrainer(settings()).train(decoder, data(), List.of(), new DiskCheckpoints(state, "crash-test"),
                    new SftTrainer.Listener() {
                        @Override
                        public void onStep(SftTrainer.StepReport report) {
                            System.out.println("step " + report.step());
                            System.out.flush();
                            sleep(delayMillis);
                        }
                    });
            StringBuilder line = new StringBuilder("losses ");
            for (double loss : result.losses()) {
                line.append(loss).append(',');
            }
            System.out.println(line);
            System.out.println("resumed-from " + result.resumedFrom());
        }
    }

    static SftSettings settings() {
        return SftSettings.builder().batchSize(8).learningRate(3e-3).warmupRatio(0.1).epochs(3).evalEvery(0).checkpointEvery(3).seed(5).build();
    }

    static List<SftExample> data() {
        return ReversalTask.examples(40, 8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
