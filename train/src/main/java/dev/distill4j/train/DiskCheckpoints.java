package dev.distill4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.Json;
import dev.distill4j.model.checkpoint.DType;
import dev.distill4j.model.checkpoint.SafetensorsFile;
import dev.distill4j.model.checkpoint.SafetensorsWriter;
import dev.distill4j.model.checkpoint.Tensor;
import dev.distill4j.model.decoder.DecoderWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Training state on disk, one folder per saved step: {@code step-000120/} with the weights and the optimizer
 * moments as float32 safetensors (so a resumed run is bit-for-bit the run that was interrupted) and
 * {@code state.json} (step, optimizer steps, losses so far, the job's fingerprint). A step is written into a
 * {@code .partial} folder and renamed when complete, so a kill mid-save leaves the previous step usable.
 * The newest two steps are kept.
 */
public final class DiskCheckpoints implements TrainingCheckpoints {
    private static final String PREFIX = "step-";
    private final Path folder;
    private final String fingerprint;

    /**
     * @param fingerprint identifies the job (data, model, settings): a state saved by another job is refused
     *                    rather than silently resumed
     */
    public DiskCheckpoints(Path folder, String fingerprint) {
        this.folder = folder;
        this.fingerprint = fingerprint;
    }

    public Path folder() {
        return folder;
    }

    @Override
    public void save(long step, DecoderWeights weights, AdamW optimizer, double[] losses) {
        Path target = folder.resolve(String.format("%s%06d", PREFIX, step));
        Path partial = folder.resolve(String.format(".%s%06d.partial", PREFIX, step));
        try {
            Files.createDirectories(folder);
            deleteTree(partial);
            Files.createDirectories(partial);
            List<Tensor> weightTensors = new ArrayList<>();
            weights.toArrays().forEach((name, values) -> weightTensors.add(new Tensor(name, weights.get(name).getShape().getShape(), values)));
            SafetensorsWriter.write(partial.resolve("weights.safetensors"), weightTensors, Map.of(), DType.F32);
            List<Tensor> optimizerTensors = new ArrayList<>();
            optimizer.state().forEach((name, array) -> optimizerTensors.add(new Tensor(name, array.getShape().getShape(), array.toFloatArray())));
            SafetensorsWriter.write(partial.resolve("optimizer.safetensors"), optimizerTensors, Map.of(), DType.F32);
            ObjectNode state = Json.MAPPER.createObjectNode().put("step", step).put("optimizer_steps", optimizer.steps())
                    .put("fingerprint", fingerprint);
            var array = state.putArray("losses");
            for (double loss : losses) {
                array.add(loss);
            }
            Files.writeString(partial.resolve("state.json"), Json.MAPPER.writeValueAsString(state));
            deleteTree(target);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            pruneAllBut(2);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the training state to " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Saved> latest() {
        List<Path> steps = completeSteps();
        if (steps.isEmpty()) {
            return Optional.empty();
        }
        Path newest = steps.get(steps.size() - 1);
        try {
            JsonNode state = Json.MAPPER.readTree(Files.readString(newest.resolve("state.json")));
            if (!fingerprint.equals(state.path("fingerprint").asText())) {
                throw new IllegalStateException(folder + " holds the training state of a different job (other data, model or settings);"
                        + " remove that folder to start afresh, or run the job it belongs to");
            }
            double[] losses = new double[state.get("losses").size()];
            for (int i = 0; i < losses.length; i++) {
                losses[i] = state.get("losses").get(i).asDouble();
            }
            return Optional.of(new Saved(state.get("step").asLong(), read(newest.resolve("weights.safetensors")),
                    read(newest.resolve("optimizer.safetensors")), state.get("optimizer_steps").asLong(), losses));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the training state in " + newest + ": " + e.getMessage(), e);
        }
    }

    /** Removes the whole training state (after the final model is written). */
    public void clear() {
        try {
            deleteTree(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + folder + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, float[]> read(Path file) {
        Map<String, float[]> values = new LinkedHashMap<>();
        try (SafetensorsFile safetensors = SafetensorsFile.open(file)) {
            safetensors.readAll().forEach((name, tensor) -> values.put(name, tensor.data()));
        }
        return values;
    }

    private List<Path> completeSteps() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isRegularFile(p.resolve("state.json")))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private void pruneAllBut(int keep) throws IOException {
        List<Path> steps = completeSteps();
        for (int i = 0; i < steps.size() - keep; i++) {
            deleteTree(steps.get(i));
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
