/**
 * Model weights on disk in the formats Hugging Face tools read and write.
 *
 * <p>{@link dev.distill4j.model.checkpoint.SafetensorsFile} and {@link dev.distill4j.model.checkpoint.SafetensorsWriter}
 * read and write safetensors in plain Java: an 8-byte little-endian header length N, N bytes of JSON
 * ({@code {"name": {"dtype", "shape", "data_offsets"}, "__metadata__": {...}}}, offsets counted from the end of
 * the header), then the little-endian data. F32, BF16 and F16 are read (as float) and written. Writing is
 * deterministic, byte for byte the reference implementation's layout, so save, load, save reproduces a file.
 *
 * <p>{@link dev.distill4j.model.checkpoint.Checkpoint} is a whole model folder (config.json, model.safetensors,
 * tokenizer.json, generation_config.json), written atomically and checked against its config on read.
 * Every problem in a file is a {@link dev.distill4j.model.checkpoint.CheckpointException} naming the file and tensor.
 */
package dev.distill4j.model.checkpoint;
