package dev.distill4j.train;

import dev.distill4j.model.decoder.DecoderWeights;
import java.util.Map;
import java.util.Optional;

/**
 * Where a training run keeps the state it resumes from: weights, optimizer moments, step, and the losses so
 * far (so a resumed run reports one continuous curve). Writes must be atomic: a kill mid-save leaves the
 * previous checkpoint usable.
 */
public interface TrainingCheckpoints {
    /** A saved state to resume from. */
    record Saved(long step, Map<String, float[]> weights, Map<String, float[]> optimizer, long optimizerSteps, double[] losses) {}

    void save(long step, DecoderWeights weights, AdamW optimizer, double[] losses);

    Optional<Saved> latest();

    /** No checkpoints: a run that cannot resume. */
    TrainingCheckpoints NONE = new TrainingCheckpoints() {
        @Override
        public void save(long step, DecoderWeights weights, AdamW optimizer, double[] losses) {}

        @Override
        public Optional<Saved> latest() {
            return Optional.empty();
        }
    };
}
