package dev.distill4j.train;

import dev.distill4j.core.Provenance;
import dev.distill4j.model.ModelConfig;
import dev.distill4j.model.checkpoint.Checkpoint;
import dev.distill4j.model.checkpoint.DType;
import dev.distill4j.model.checkpoint.GenerationConfig;
import dev.distill4j.model.checkpoint.Tensor;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.model.tokenizer.TokenizerConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a trained decoder as a Hugging Face checkpoint folder with its tokenizer and a README that says what made it. */
public final class TrainedCheckpoint {
    private TrainedCheckpoint() {}

    public static void write(Path out, Decoder decoder, String tokenizerJson, String tokenizerConfigJson, String readme, Provenance provenance,
            DType dtype) {
        ModelConfig config = decoder.config();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, long[]> shapes = config.expectedTensors();
        decoder.weights().toArrays().forEach((name, values) -> tensors.put(name, new Tensor(name, shapes.get(name), values)));
        Map<String, String> extraFiles = new LinkedHashMap<>();
        extraFiles.put(TokenizerConfig.FILE_NAME, tokenizerConfigJson);
        extraFiles.put("README.md", readme);
        GenerationConfig generation = GenerationConfig.of(config).withTemperature(0).withMaxNewTokens(config.maxPositionEmbeddings() / 2);
        Checkpoint.write(out, config, tensors, tokenizerJson, extraFiles, generation, Checkpoint.provenanceMetadata(provenance), dtype);
    }
}
