package dev.distill4j.train;

import dev.distill4j.core.AtomicFiles;
import dev.distill4j.core.Json;
import dev.distill4j.model.decoder.DecoderWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a training that goes in rounds saves after each round to resume from: the weights and the optimizer
 * ({@link DiskCheckpoints}, the round as its step) and the log of the rounds done. The log is written first: a kill
 * between the two leaves it one round ahead of the weights, and that round is replayed.
 *
 * @param <R> the record a round is logged as (serialised with Jackson)
 */
final class RoundState<R> {
    private final TrainingCheckpoints checkpoints;
    private final Path log;
    private final Class<R> type;

    /**
     * @param folder      where the state lives, or null for a run that cannot resume
     * @param fingerprint identifies the job: a state saved by another job is refused
     */
    RoundState(Path folder, String fingerprint, Class<R> type) {
        this.checkpoints = folder == null ? TrainingCheckpoints.NONE : new DiskCheckpoints(folder.resolve("state"), fingerprint);
        this.log = folder == null ? null : folder.resolve("rounds.jsonl");
        this.type = type;
    }

    /** Restores the last saved round's weights and optimizer and returns the rounds done; empty on a fresh start. */
    List<R> resume(DecoderWeights weights, AdamW optimizer) {
        var saved = checkpoints.latest();
        if (saved.isEmpty()) {
            return new ArrayList<>();
        }
        SftTrainer.restore(weights, optimizer, saved.get());
        List<R> rounds = readLog();
        if (rounds.size() < saved.get().step()) {
            throw new IllegalStateException("the rounds log " + log + " has " + rounds.size() + " rounds but the saved state is at round "
                    + saved.get().step() + "; remove " + log.getParent() + " to start afresh");
        }
        return new ArrayList<>(rounds.subList(0, (int) saved.get().step()));
    }

    /** Saves the state after {@code rounds.size()} rounds. */
    void save(List<R> rounds, DecoderWeights weights, AdamW optimizer) {
        if (log != null) {
            AtomicFiles.writeText(log, out -> {
                for (R round : rounds) {
                    out.write(Json.MAPPER.writeValueAsString(round));
                    out.write('\n');
                }
            });
        }
        checkpoints.save(rounds.size(), weights, optimizer, new double[0]);
    }

    private List<R> readLog() {
        if (!Files.isRegularFile(log)) {
            throw new IllegalStateException("the saved training state has no rounds log " + log + "; remove " + log.getParent() + " to start afresh");
        }
        List<R> rounds = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    rounds.add(Json.MAPPER.readValue(lines.get(i), type));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rounds log " + log + ": " + e.getMessage(), e);
        }
        return rounds;
    }
}
