package dev.distill4j.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Json;
import dev.distill4j.core.Provenance;
import dev.distill4j.model.ModelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A model checkpoint in the Hugging Face layout, so that it moves between distill4j and HF tools both ways:
 * <pre>
 * DIR/config.json             the architecture ({@link ModelConfig#toJsonText()})
 * DIR/model.safetensors       the weights under their HF names; __metadata__ has "format": "pt" and the provenance
 * DIR/tokenizer.json          the tokenizer
 * DIR/generation_config.json  bos/eos tokens and sampling defaults
 * </pre>
 * Reading also accepts weights sharded as HF shards large models ({@code model.safetensors.index.json}).
 *
 * @param dir        the folder
 * @param config     the architecture
 * @param weights    every tensor the config expects, in the order of {@link ModelConfig#expectedTensors()}
 * @param tokenizer  the {@code tokenizer.json} in the folder
 * @param generation generation defaults (from the config's bos/eos when the folder has no generation_config.json)
 * @param metadata   the safetensors {@code __metadata__}: "format" and the provenance
 */
public record Checkpoint(Path dir, ModelConfig config, Map<String, Tensor> weights, Path tokenizer, GenerationConfig generation,
                         Map<String, String> metadata) {
    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "model.safetensors";
    public static final String WEIGHTS_INDEX = "model.safetensors.index.json";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String GENERATION_CONFIG = "generation_config.json";
    /** transformers refuses safetensors weights whose metadata lacks this key, or has another value. */
    public static final String FORMAT_KEY = "format";
    public static final String FORMAT_PYTORCH = "pt";

    public Checkpoint {
        if (dir == null || config == null || weights == null || tokenizer == null || generation == null || metadata == null) {
            throw new IllegalArgumentException("fields 'dir', 'config', 'weights', 'tokenizer', 'generation', 'metadata': expected values, got null");
        }
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    /** The provenance of a run as safetensors metadata: keys run, config_hash, seed, code_version. */
    public static Map<String, String> provenanceMetadata(Provenance provenance) {
        Map<String, String> metadata = new TreeMap<>();
        metadata.put("run", provenance.run());
        metadata.put("config_hash", provenance.configHash());
        metadata.put("seed", Long.toString(provenance.seed()));
        metadata.put("code_version", provenance.codeVersion());
        return metadata;
    }

    /**
     * Writes a checkpoint atomically, with the tokenizer given as the text of a {@code tokenizer.json}.
     *
     * @param weights    by HF name; exactly the tensors {@code config.expectedTensors()} lists (a tied lm_head.weight is left out)
     * @param generation null for the config's bos/eos and nothing else
     * @param metadata   provenance for the safetensors header ({@link #provenanceMetadata}); "format": "pt" is added
     * @param dtype      {@link DType#F32} or {@link DType#BF16} (half the size; rounds to nearest even)
     */
    public static void write(Path dir, ModelConfig config, Map<String, Tensor> weights, String tokenizerJson, GenerationConfig generation,
                             Map<String, String> metadata, DType dtype) {
        requireTokenizerText(tokenizerJson);
        write(dir, config, weights, generation, metadata, dtype,
                folder -> writeSynced(folder.resolve(TOKENIZER), tokenizerJson.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * As {@link #write(Path, ModelConfig, Map, String, GenerationConfig, Map, DType)}, with more files written into the
     * same atomic folder: {@code tokenizer_config.json} (which carries the chat template), a README, ….
     *
     * @param extraFiles plain file name to UTF-8 text; the four checkpoint files cannot be among them
     */
    public static void write(Path dir, ModelConfig config, Map<String, Tensor> weights, String tokenizerJson, Map<String, String> extraFiles,
                             GenerationConfig generation, Map<String, String> metadata, DType dtype) {
        requireTokenizerText(tokenizerJson);
        for (String name : extraFiles.keySet()) {
            if (name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")
                    || List.of(CONFIG, WEIGHTS, TOKENIZER, GENERATION_CONFIG, WEIGHTS_INDEX).contains(name)) {
                throw new IllegalArgumentException("field 'extra_files': expected plain file names other than the checkpoint's own, got '" + name + "'");
            }
        }
        write(dir, config, weights, generation, metadata, dtype, folder -> {
            writeSynced(folder.resolve(TOKENIZER), tokenizerJson.getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, String> file : new java.util.TreeMap<>(extraFiles).entrySet()) {
                writeSynced(folder.resolve(file.getKey()), file.getValue().getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    /** As {@link #write(Path, ModelConfig, Map, String, GenerationConfig, Map, DType)}, copying the tokenizer from a file (it may be in {@code dir}). */
    public static void write(Path dir, ModelConfig config, Map<String, Tensor> weights, Path tokenizerFile, GenerationConfig generation,
                             Map<String, String> metadata, DType dtype) {
        if (tokenizerFile == null || !Files.isRegularFile(tokenizerFile)) {
            throw new IllegalArgumentException("field 'tokenizer': expected a tokenizer.json file, got " + tokenizerFile
                    + (tokenizerFile == null ? "" : " (no such file)"));
        }
        write(dir, config, weights, generation, metadata, dtype, folder -> writeSynced(folder.resolve(TOKENIZER), Files.readAllBytes(tokenizerFile)));
    }

    private static void write(Path dir, ModelConfig config, Map<String, Tensor> weights, GenerationConfig generation, Map<String, String> metadata,
                              DType dtype, AtomicFolder.FolderWriter tokenizerWriter) {
        if (dir == null || config == null || weights == null || dtype == null) {
            throw new IllegalArgumentException("fields 'dir', 'config', 'weights', 'dtype': expected values, got null");
        }
        List<Tensor> tensors = checkedWeights(dir, config, weights);
        GenerationConfig defaults = generation == null ? GenerationConfig.of(config) : generation;
        checkTokenIds(config, defaults);
        Map<String, String> header = headerMetadata(metadata);
        refuseToReplaceOtherFolders(dir);
        AtomicFolder.write(dir, folder -> {
            writeSynced(folder.resolve(CONFIG), config.toJsonText().getBytes(StandardCharsets.UTF_8));
            SafetensorsWriter.write(folder.resolve(WEIGHTS), tensors, header, dtype);
            tokenizerWriter.writeInto(folder);
            writeSynced(folder.resolve(GENERATION_CONFIG), defaults.toJsonText().getBytes(StandardCharsets.UTF_8));
        });
    }

    /**
     * Reads a checkpoint and checks its weights against its config before reading any tensor data; every
     * problem (missing tensor, unexpected tensor, wrong shape, damaged file) is a {@link CheckpointException}
     * that names the file and the tensor.
     */
    public static Checkpoint read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(missingFolder(dir));
        }
        ModelConfig config;
        try {
            config = ModelConfig.read(dir.resolve(CONFIG));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(e.getMessage(), e);
        }
        try (WeightFiles files = WeightFiles.open(dir)) {
            List<String> names = WeightCheck.check(files.source(), config, files.shapes());
            Path tokenizer = dir.resolve(TOKENIZER);
            if (!Files.isRegularFile(tokenizer)) {
                throw new CheckpointException("no " + TOKENIZER + " in " + dir + ": a checkpoint carries its tokenizer");
            }
            Path generationFile = dir.resolve(GENERATION_CONFIG);
            GenerationConfig generation = Files.exists(generationFile) ? GenerationConfig.read(generationFile) : GenerationConfig.of(config);
            Map<String, Tensor> weights = new LinkedHashMap<>();
            for (String name : names) {
                weights.put(name, files.read(name));
            }
            return new Checkpoint(dir, config, weights, tokenizer, generation, files.metadata());
        }
    }

    private static List<Tensor> checkedWeights(Path dir, ModelConfig config, Map<String, Tensor> weights) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        weights.forEach((name, tensor) -> {
            if (tensor == null || !tensor.name().equals(name)) {
                throw new IllegalArgumentException("weights for " + dir + ": the tensor under '" + name + "' is " + (tensor == null ? "null"
                        : "named '" + tensor.name() + "'"));
            }
            shapes.put(name, tensor.shape());
        });
        List<Tensor> tensors = new ArrayList<>();
        try {
            WeightCheck.check("the weights for " + dir, config, shapes).forEach(name -> tensors.add(weights.get(name)));
        } catch (CheckpointException e) {
            // Here the mistake is in the caller's tensors, not in a file.
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return tensors;
    }

    private static void checkTokenIds(ModelConfig config, GenerationConfig generation) {
        List<Integer> ids = new ArrayList<>(generation.eosTokenIds());
        if (generation.bosTokenId() != null) {
            ids.add(generation.bosTokenId());
        }
        for (int id : ids) {
            if (id >= config.vocabSize()) {
                throw new IllegalArgumentException("generation config: token id " + id + " is outside the vocabulary (vocab_size " + config.vocabSize() + ")");
            }
        }
    }

    private static Map<String, String> headerMetadata(Map<String, String> metadata) {
        Map<String, String> header = new TreeMap<>(metadata == null ? Map.of() : metadata);
        String format = header.putIfAbsent(FORMAT_KEY, FORMAT_PYTORCH);
        if (format != null && !format.equals(FORMAT_PYTORCH)) {
            throw new IllegalArgumentException("metadata '" + FORMAT_KEY + "': expected \"" + FORMAT_PYTORCH
                    + "\" (transformers reads only that as PyTorch weights), got \"" + format + "\"");
        }
        return header;
    }

    private static void requireTokenizerText(String tokenizerJson) {
        JsonNode json = null;
        try {
            json = tokenizerJson == null ? null : Json.MAPPER.readTree(tokenizerJson);
        } catch (IOException e) {
            // Reported below with the beginning of the text, which says more than the parser's position.
        }
        if (json == null || !json.isObject()) {
            String start = tokenizerJson == null ? "null" : "'" + tokenizerJson.substring(0, Math.min(40, tokenizerJson.length())) + "'";
            throw new IllegalArgumentException("field 'tokenizerJson': expected the text of a tokenizer.json (a JSON object), got " + start);
        }
    }

    /** Replacing a checkpoint is expected; replacing a folder of other things (a typo in --out) would delete them. */
    private static void refuseToReplaceOtherFolders(Path dir) {
        if (Files.isRegularFile(dir)) {
            throw new IllegalArgumentException(dir + " is a file; a checkpoint is a folder");
        }
        if (Files.isDirectory(dir) && !Files.exists(dir.resolve(CONFIG))) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(dir + " exists and is not a checkpoint (no " + CONFIG + "); not replacing it");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    /** Written and flushed to disk, so that the rename that publishes the folder never exposes an empty file after a power cut. */
    private static void writeSynced(Path file, byte[] content) throws IOException {
        Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static String missingFolder(Path dir) {
        if (Files.exists(dir)) {
            return dir + " is a file; a checkpoint is a folder with " + CONFIG + ", " + WEIGHTS + " and " + TOKENIZER;
        }
        List<Path> leftovers;
        try {
            leftovers = AtomicFolder.leftovers(dir);
        } catch (IOException e) {
            leftovers = List.of();
        }
        if (leftovers.isEmpty()) {
            return "no checkpoint at " + dir;
        }
        StringBuilder message = new StringBuilder("no checkpoint at " + dir + "; a write to it stopped before it finished and left:");
        for (Path leftover : leftovers) {
            boolean replaced = leftover.getFileName().toString().contains(AtomicFolder.REPLACED);
            message.append("\n  ").append(leftover).append(replaced ? " (the checkpoint it was replacing)" : " (the new one, possibly incomplete)");
        }
        return message.append("\nrename the one to keep to ").append(dir.getFileName()).toString();
    }
}
