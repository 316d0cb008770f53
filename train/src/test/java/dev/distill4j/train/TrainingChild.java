package dev.distill4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.distill4j.model.ModelConfig;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.model.decoder.DecoderWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

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
        SplittableRandom random = new SplittableRandom(8);
        List<SftExample> examples = new ArrayList<>();
        for (int e = 0; e < 40; e++) {
            int n = 3 + random.nextInt(4);
            int[] tokens = new int[2 * n + 1];
            boolean[] mask = new boolean[tokens.length];
            for (int i = 0; i < n; i++) {
                tokens[i] = 2 + random.nextInt(10);
            }
            tokens[n] = 1;
            for (int i = 0; i < n; i++) {
                tokens[n + 1 + i] = tokens[n - 1 - i];
                mask[n + 1 + i] = true;
            }
            examples.add(new SftExample(tokens, mask));
        }
        return examples;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
