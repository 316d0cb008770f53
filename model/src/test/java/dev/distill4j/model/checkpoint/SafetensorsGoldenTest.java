package dev.distill4j.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes of written files, worked out by hand from the format: 8-byte little-endian header length,
 * compact JSON header padded with spaces to a multiple of 8, then little-endian data in name order.
 */
class SafetensorsGoldenTest {
    @TempDir
    Path dir;

    @Test
    void should_write_the_header_length_the_padded_json_header_and_little_endian_floats_in_name_order() throws Exception {
        Path file = dir.resolve("golden.safetensors");
        // Given out of order: the file must hold "a" before "b".
        SafetensorsWriter.write(file, List.of(Tensor.of("b", new float[] {0.5f}), Tensor.of("a", new float[] {1.0f, -2.0f}, 2)),
                Map.of("run", "golden", "format", "pt"), DType.F32);

        byte[] bytes = Files.readAllBytes(file);
        String json = "{\"__metadata__\":{\"format\":\"pt\",\"run\":\"golden\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]}}";
        // 153 bytes of JSON (counted by hand), padded with 7 spaces to 160.
        assertThat(json).hasSize(153);
        assertThat(bytes).hasSize(8 + 160 + 12);
        assertThat(Arrays.copyOfRange(bytes, 0, 8)).containsExactly(0xA0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(new String(bytes, 8, 160, StandardCharsets.UTF_8)).isEqualTo(json + "       ");
        // 1.0f = 0x3F800000, -2.0f = 0xC0000000, 0.5f = 0x3F000000, each least significant byte first.
        assertThat(Arrays.copyOfRange(bytes, 168, 180)).containsExactly(
                0x00, 0x00, 0x80, 0x3F,
                0x00, 0x00, 0x00, 0xC0,
                0x00, 0x00, 0x00, 0x3F);
    }

    @Test
    void should_round_bfloat16_to_nearest_with_ties_to_even() throws Exception {
        Path file = dir.resolve("bf16.safetensors");
        float justAboveTie = Float.intBitsToFloat(0x3F808001);
        SafetensorsWriter.write(file, List.of(Tensor.of("w", new float[] {
                1.0f,           // 0x3F800000: exact                                  -> 0x3F80
                1.00390625f,    // 0x3F808000: halfway between 0x3F80 and 0x3F81, even -> 0x3F80
                1.01171875f,    // 0x3F818000: halfway between 0x3F81 and 0x3F82, even -> 0x3F82
                justAboveTie,   // 0x3F808001: just past halfway                      -> 0x3F81
                -0.0f,          // 0x80000000                                          -> 0x8000
                Float.MAX_VALUE, // 0x7F7FFFFF: past the largest bfloat16 by more than half a step -> +inf 0x7F80
                Float.NaN,      // 0x7FC00000                                          -> 0x7FC0
                Float.MIN_VALUE // 0x00000001: far below half the smallest bfloat16    -> 0x0000
        }, 2, 4)), Map.of(), DType.BF16);

        byte[] bytes = Files.readAllBytes(file);
        String json = "{\"w\":{\"dtype\":\"BF16\",\"shape\":[2,4],\"data_offsets\":[0,16]}}";
        assertThat(json).hasSize(58);
        assertThat(Arrays.copyOfRange(bytes, 0, 8)).containsExactly(64, 0, 0, 0, 0, 0, 0, 0);
        assertThat(new String(bytes, 8, 64, StandardCharsets.UTF_8)).isEqualTo(json + "      ");
        assertThat(Arrays.copyOfRange(bytes, 72, bytes.length)).containsExactly(
                0x80, 0x3F, 0x80, 0x3F, 0x82, 0x3F, 0x81, 0x3F,
                0x00, 0x80, 0x80, 0x7F, 0xC0, 0x7F, 0x00, 0x00);
    }

    @Test
    void should_give_byte_identical_files_on_save_load_save_in_f32_and_bf16() throws Exception {
        Random random = new Random(7);
        List<Tensor> tensors = List.of(
                Tensor.of("model.norm.weight", gaussian(random, 8), 8),
                Tensor.of("model.embed_tokens.weight", gaussian(random, 48), 6, 8),
                Tensor.of("lm_head.weight", gaussian(random, 48), 6, 8));
        Map<String, String> metadata = Map.of("format", "pt", "seed", "7", "note", "line\nbreak \"quoted\" é");
        for (DType dtype : List.of(DType.F32, DType.BF16, DType.F16)) {
            Path first = dir.resolve("first-" + dtype + ".safetensors");
            Path second = dir.resolve("second-" + dtype + ".safetensors");
            SafetensorsWriter.write(first, tensors, metadata, dtype);
            try (SafetensorsFile loaded = SafetensorsFile.open(first)) {
                assertThat(loaded.metadata()).isEqualTo(metadata);
                SafetensorsWriter.write(second, loaded.readAll().values(), loaded.metadata(), dtype);
            }
            assertThat(Files.mismatch(first, second)).as(dtype.name()).isEqualTo(-1L);
        }
    }

    @Test
    void should_read_back_exactly_the_floats_written_in_f32() throws Exception {
        Path file = dir.resolve("f32.safetensors");
        // More than one 1 MiB read chunk (262,144 floats), so the chunk boundaries are crossed.
        float[] values = gaussian(new Random(3), 300_000);
        values[0] = Float.NaN;
        values[1] = -0.0f;
        values[2] = Float.NEGATIVE_INFINITY;
        Tensor big = Tensor.of("big", values, 600, 500);
        SafetensorsWriter.write(file, List.of(big), Map.of(), DType.F32);
        try (SafetensorsFile loaded = SafetensorsFile.open(file)) {
            assertThat(loaded.tensors().get("big")).isEqualTo(new TensorInfo("big", DType.F32, new long[] {600, 500}, 0, 1_200_000));
            assertThat(loaded.read("big")).isEqualTo(big);
        }
    }

    private static float[] gaussian(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
