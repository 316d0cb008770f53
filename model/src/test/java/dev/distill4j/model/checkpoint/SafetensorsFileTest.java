package dev.distill4j.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {
    @TempDir
    Path dir;

    @Test
    void should_read_bfloat16_built_byte_by_byte_as_the_top_half_of_float32() throws Exception {
        Path file = dir.resolve("bf16.safetensors");
        Files.write(file, SafetensorsBytes.file(
                "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[0,8]},"
                        + "\"s\":{\"dtype\":\"BF16\",\"shape\":[],\"data_offsets\":[8,10]}}",
                0x80, 0x3F,   // 0x3F80 = 1.0
                0x40, 0xC0,   // 0xC040 = -3.0
                0x49, 0x40,   // 0x4049 = 2 * (1 + 73/128) = 3.140625
                0x01, 0x00,   // 0x0001 = the smallest subnormal: 2^-133
                0x80, 0xFF)); // 0xFF80 = -infinity
        try (SafetensorsFile safetensors = SafetensorsFile.open(file)) {
            assertThat(safetensors.metadata()).containsExactly(Map.entry("format", "pt"));
            assertThat(safetensors.tensors()).containsOnlyKeys("s", "w");
            Tensor w = safetensors.read("w");
            assertThat(w.shape()).containsExactly(2, 2);
            assertThat(w.data()).containsExactly(1.0f, -3.0f, 3.140625f, (float) Math.pow(2, -133));
            assertThat(safetensors.read("s").data()).containsExactly(Float.NEGATIVE_INFINITY);
        }
    }

    @Test
    void should_read_half_precision_built_byte_by_byte() throws Exception {
        Path file = dir.resolve("f16.safetensors");
        Files.write(file, SafetensorsBytes.file(
                "{\"h\":{\"dtype\":\"F16\",\"shape\":[3,2],\"data_offsets\":[0,12]}}",
                0x00, 0x3C,   // 0x3C00 = 1.0
                0x00, 0xC0,   // 0xC000 = -2.0
                0x55, 0x35,   // 0x3555 = 2^-2 * (1 + 341/1024) = 0.333251953125
                0xFF, 0x7B,   // 0x7BFF = the largest half: 65504
                0x01, 0x00,   // 0x0001 = the smallest subnormal: 2^-24
                0x00, 0x7C)); // 0x7C00 = +infinity
        try (SafetensorsFile safetensors = SafetensorsFile.open(file)) {
            assertThat(safetensors.metadata()).isEmpty();
            assertThat(safetensors.read("h").data())
                    .containsExactly(1.0f, -2.0f, 0.333251953125f, 65504f, (float) Math.pow(2, -24), Float.POSITIVE_INFINITY);
        }
    }

    @Test
    void should_read_a_file_without_tensors_and_accept_padding_of_any_whitespace() throws Exception {
        Path file = dir.resolve("empty.safetensors");
        Files.write(file, SafetensorsBytes.file(8, "{}\n\t    "));
        try (SafetensorsFile safetensors = SafetensorsFile.open(file)) {
            assertThat(safetensors.tensors()).isEmpty();
            assertThat(safetensors.readAll()).isEmpty();
        }
    }

    @Test
    void should_name_the_file_and_its_tensors_when_asked_for_a_tensor_it_lacks() throws Exception {
        Path file = dir.resolve("one.safetensors");
        Files.write(file, SafetensorsBytes.file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 0, 0, 0x80, 0x3F));
        try (SafetensorsFile safetensors = SafetensorsFile.open(file)) {
            assertThatThrownBy(() -> safetensors.read("v"))
                    .isInstanceOf(CheckpointException.class)
                    .hasMessage(file + ": no tensor 'v'; it has 1: w");
        }
    }
}
