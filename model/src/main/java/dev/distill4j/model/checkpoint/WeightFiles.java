package dev.distill4j.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The weight files of a checkpoint folder: one {@code model.safetensors}, or the shards that a
 * {@code model.safetensors.index.json} lists (Hugging Face splits models of several gigabytes so).
 * Headers are read on open; tensor data only on {@link #read}.
 */
final class WeightFiles implements AutoCloseable {
    private final String source;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> fileOf;

    private WeightFiles(String source, List<SafetensorsFile> files) {
        this.source = source;
        this.files = files;
        this.fileOf = new LinkedHashMap<>();
        for (SafetensorsFile file : files) {
            for (String name : file.tensors().keySet()) {
                SafetensorsFile earlier = fileOf.putIfAbsent(name, file);
                if (earlier != null) {
                    throw new CheckpointException(source + ": tensor '" + name + "' is in two shards, " + earlier.file().getFileName()
                            + " and " + file.file().getFileName());
                }
            }
        }
    }

    static WeightFiles open(Path dir) {
        Path single = dir.resolve(Checkpoint.WEIGHTS);
        if (Files.exists(single)) {
            return new WeightFiles(single.toString(), List.of(SafetensorsFile.open(single)));
        }
        Path index = dir.resolve(Checkpoint.WEIGHTS_INDEX);
        if (Files.exists(index)) {
            return openShards(index);
        }
        if (Files.exists(dir.resolve("pytorch_model.bin"))) {
            throw new CheckpointException("no " + Checkpoint.WEIGHTS + " in " + dir + ", only pytorch_model.bin: distill4j does not read pickled"
                    + " PyTorch files (they can run code); convert it to safetensors first");
        }
        throw new CheckpointException("no " + Checkpoint.WEIGHTS + " (nor " + Checkpoint.WEIGHTS_INDEX + ") in " + dir);
    }

    private static WeightFiles openShards(Path index) {
        JsonNode weightMap;
        try {
            weightMap = Json.MAPPER.readTree(Files.readString(index)).path("weight_map");
        } catch (IOException e) {
            throw new CheckpointException(index + ": not readable as JSON: " + e.getMessage(), e);
        }
        if (!weightMap.isObject() || weightMap.isEmpty()) {
            throw new CheckpointException(index + ": expected a 'weight_map' object from tensor names to shard files");
        }
        Map<String, String> shardOf = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : weightMap.properties()) {
            String shard = entry.getValue().asText("");
            // Shards are files beside the index; a path elsewhere ("../x") would read outside the checkpoint.
            if (!shard.endsWith(".safetensors") || shard.contains("/") || shard.contains("\\") || shard.startsWith(".")) {
                throw new CheckpointException(index + ": tensor '" + entry.getKey() + "': expected a .safetensors file name beside the index, got '"
                        + shard + "'");
            }
            shardOf.put(entry.getKey(), shard);
        }
        List<SafetensorsFile> opened = new ArrayList<>();
        try {
            for (String shard : new TreeSet<>(shardOf.values())) {
                opened.add(SafetensorsFile.open(index.resolveSibling(shard)));
            }
            WeightFiles files = new WeightFiles(index.toString(), opened);
            shardOf.forEach((name, shard) -> {
                SafetensorsFile holder = files.fileOf.get(name);
                if (holder == null || !holder.file().getFileName().toString().equals(shard)) {
                    throw new CheckpointException(index + ": lists tensor '" + name + "' in " + shard + ", which does not have it");
                }
            });
            return files;
        } catch (RuntimeException e) {
            // The caller never gets the files, so they are closed here.
            opened.forEach(SafetensorsFile::close);
            throw e;
        }
    }

    /** What the weights were read from, for messages. */
    String source() {
        return source;
    }

    /** The shape of every tensor in the files, by name. */
    Map<String, long[]> shapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        fileOf.forEach((name, file) -> shapes.put(name, file.tensors().get(name).shape()));
        return shapes;
    }

    Tensor read(String name) {
        return fileOf.get(name).read(name);
    }

    /** The {@code __metadata__} of the files (of the first shard where keys repeat). */
    Map<String, String> metadata() {
        Map<String, String> metadata = new TreeMap<>(SafetensorsHeader.NAME_ORDER);
        files.forEach(file -> file.metadata().forEach(metadata::putIfAbsent));
        return metadata;
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
