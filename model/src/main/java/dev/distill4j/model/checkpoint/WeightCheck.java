package dev.distill4j.model.checkpoint;

import dev.distill4j.model.ModelConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares the tensors a checkpoint holds with those its config describes ({@link ModelConfig#expectedTensors()}),
 * and says in one message everything that differs, so a user fixes a checkpoint in one go rather than one error at a time.
 */
final class WeightCheck {
    /** Beyond this many problems the file is plainly for another model; more lines would hide the summary. */
    private static final int MAX_PROBLEMS = 20;
    private static final Pattern LAYER = Pattern.compile("model\\.layers\\.(\\d+)\\.(.*)");

    private WeightCheck() {}

    /**
     * The names to load, in the order of {@link ModelConfig#expectedTensors()}.
     *
     * @param source what is checked, named in the message (a file or a folder)
     * @param found  the shapes the checkpoint holds, by name
     * @throws CheckpointException listing every missing tensor, unexpected tensor and wrong shape
     */
    static List<String> check(String source, ModelConfig config, Map<String, long[]> found) {
        Map<String, long[]> expected = config.expectedTensors();
        List<String> problems = new ArrayList<>();
        boolean namesDiffer = false;
        for (Map.Entry<String, long[]> tensor : expected.entrySet()) {
            long[] shape = found.get(tensor.getKey());
            if (shape == null) {
                problems.add("missing tensor " + tensor.getKey() + ": expected shape " + Arrays.toString(tensor.getValue()));
                namesDiffer = true;
            } else if (!Arrays.equals(shape, tensor.getValue())) {
                problems.add(tensor.getKey() + ": expected shape " + Arrays.toString(tensor.getValue()) + ", got " + Arrays.toString(shape));
            }
        }
        for (Map.Entry<String, long[]> tensor : found.entrySet()) {
            if (!expected.containsKey(tensor.getKey()) && !ignored(config, tensor.getKey())) {
                problems.add("unexpected tensor " + tensor.getKey() + " " + Arrays.toString(tensor.getValue()) + hint(config, tensor.getKey()));
                namesDiffer = true;
            }
        }
        if (!problems.isEmpty()) {
            StringBuilder message = new StringBuilder(source + " does not match config.json (" + config.summary() + "):");
            problems.stream().limit(MAX_PROBLEMS).forEach(problem -> message.append("\n  ").append(problem));
            if (problems.size() > MAX_PROBLEMS) {
                message.append("\n  ... and ").append(problems.size() - MAX_PROBLEMS).append(" more");
            }
            if (namesDiffer) {
                message.append("\nconfig.json expects these ").append(expected.size()).append(" tensors: ").append(String.join(", ", patterns(config)));
            }
            throw new CheckpointException(message.toString());
        }
        return List.copyOf(expected.keySet());
    }

    /**
     * Tensors Hugging Face writes that carry nothing this model needs: the output head of a model with tied
     * embeddings (some versions save the shared matrix twice), and the rotary frequency buffers older
     * transformers versions saved, which the decoder computes from rope_theta.
     */
    static boolean ignored(ModelConfig config, String name) {
        return (config.tieWordEmbeddings() && name.equals("lm_head.weight")) || name.endsWith(".rotary_emb.inv_freq");
    }

    private static String hint(ModelConfig config, String name) {
        Matcher layer = LAYER.matcher(name);
        if (layer.matches() && (layer.group(1).length() > 9 || Integer.parseInt(layer.group(1)) >= config.numHiddenLayers())) {
            return " (config.json has num_hidden_layers " + config.numHiddenLayers() + ")";
        }
        if (name.endsWith("_proj.bias")) {
            return " (config.json has " + (config.qkvBias() || config.outputBias() ? "no bias on this projection" : "no attention bias") + ")";
        }
        return "";
    }

    /** Expected names with the layer number folded: "model.layers.{0..3}.mlp.up_proj.weight". */
    private static Set<String> patterns(ModelConfig config) {
        String layers = config.numHiddenLayers() == 1 ? "{0}" : "{0.." + (config.numHiddenLayers() - 1) + "}";
        Set<String> patterns = new LinkedHashSet<>();
        for (String name : config.expectedTensors().keySet()) {
            Matcher layer = LAYER.matcher(name);
            patterns.add(layer.matches() ? "model.layers." + layers + "." + layer.group(2) : name);
        }
        return patterns;
    }
}
