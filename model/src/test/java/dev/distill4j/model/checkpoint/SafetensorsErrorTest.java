package dev.distill4j.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged files fail on open with a message that names the file and the tensor, never deeper. */
class SafetensorsErrorTest {
    @TempDir
    Path dir;

    private Path file(byte[] bytes) throws Exception {
        return Files.write(dir.resolve("model.safetensors"), bytes);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertOpenFails(Path file) {
        return assertThatThrownBy(() -> SafetensorsFile.open(file).close()).isInstanceOf(CheckpointException.class);
    }

    @Test
    void should_reject_a_file_too_short_for_the_length_field() throws Exception {
        Path file = file(new byte[] {1, 2, 3, 4, 5});
        assertOpenFails(file).hasMessage(file + ": 5 bytes, too short for the 8-byte header length that starts a safetensors file");
    }

    @Test
    void should_reject_a_header_length_larger_than_the_file() throws Exception {
        Path file = file(SafetensorsBytes.file(1000, "{\"w\":{}}    "));
        assertOpenFails(file).hasMessage(file + ": truncated: the header length field says 1000 bytes, but only 12 follow it");
    }

    @Test
    void should_reject_a_header_length_no_safetensors_file_has() throws Exception {
        // A zip (PyTorch's own format) starts "PK\3\4...": read as a length, that is petabytes.
        Path file = file(new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, '{', '}'});
        assertOpenFails(file).hasMessageContaining(file + ": the header length field says 85966670672 bytes")
                .hasMessageEndingWith("not a safetensors file");
    }

    @Test
    void should_reject_a_header_that_is_not_json() throws Exception {
        Path file = file(SafetensorsBytes.file("{\"w\": dtype}"));
        assertOpenFails(file).hasMessageStartingWith(file + ": the header is not valid JSON: Unrecognized token 'dtype'");
        Path list = file(SafetensorsBytes.file("[1, 2]"));
        assertOpenFails(list).hasMessage(list + ": the header is not a JSON object, it starts with '[1, 2]'");
    }

    @Test
    void should_reject_a_header_that_is_not_utf8() throws Exception {
        // 0xC3 starts a two-byte sequence; 0x28 cannot continue it.
        Path file = file(SafetensorsBytes.file(8, "{\"", 0xC3, 0x28, '"', ':', '1', '}'));
        assertOpenFails(file).hasMessage(file + ": the header is not valid UTF-8 text: not a safetensors file, or a damaged one");
    }

    @Test
    void should_reject_a_tensor_named_twice() throws Exception {
        Path file = file(SafetensorsBytes.file("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}"));
        assertOpenFails(file).hasMessageContaining(file + ": the header is not valid JSON: Duplicate field 'a'");
    }

    @Test
    void should_reject_an_unknown_dtype_naming_the_tensor() throws Exception {
        Path file = file(SafetensorsBytes.file("{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 1, 0, 0, 0, 0, 0, 0, 0));
        assertOpenFails(file).hasMessage(file + ": tensor 'ids': dtype 'I64' is not one distill4j reads (it reads [F32, BF16, F16])");
    }

    @Test
    void should_reject_offsets_that_do_not_match_shape_times_dtype_size() throws Exception {
        Path file = file(SafetensorsBytes.file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", new int[12]));
        assertOpenFails(file).hasMessage(file + ": tensor 'w': shape [2, 2] of F32 needs 16 bytes, but data_offsets [0, 12] hold 12");
    }

    @Test
    void should_reject_overlapping_offsets_naming_both_tensors() throws Exception {
        Path file = file(SafetensorsBytes.file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new int[12]));
        assertOpenFails(file).hasMessage(file + ": tensor 'b': data_offsets [4, 12] overlap tensor 'a' at data_offsets [0, 8]");
    }

    @Test
    void should_reject_bytes_that_belong_to_no_tensor() throws Exception {
        Path gap = file(SafetensorsBytes.file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", new int[20]));
        assertOpenFails(gap).hasMessage(gap + ": bytes [8, 12) of the data belong to no tensor (between 'a' and 'b')");
        Path tail = file(SafetensorsBytes.file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new int[12]));
        assertOpenFails(tail).hasMessage(tail + ": 4 bytes after the last tensor 'a' belong to no tensor");
    }

    @Test
    void should_reject_a_file_cut_short_naming_the_tensor_whose_data_is_missing() throws Exception {
        Path file = dir.resolve("cut.safetensors");
        SafetensorsWriter.write(file, List.of(Tensor.of("a", new float[4], 4), Tensor.of("b", new float[4], 4)), Map.of(), DType.F32);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 6);
        }
        assertOpenFails(file).hasMessage(file + ": tensor 'b': data_offsets [16, 32] reach past the end of the data, which has only 26 bytes:"
                + " the file is truncated");
    }

    @Test
    void should_reject_malformed_entries_and_metadata() throws Exception {
        Path shape = file(SafetensorsBytes.file("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}"));
        assertOpenFails(shape).hasMessage(shape + ": tensor 'w': 'shape': expected a list of whole numbers >= 0, got [-1]");
        Path offsets = file(SafetensorsBytes.file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}"));
        assertOpenFails(offsets).hasMessage(offsets + ": tensor 'w': 'data_offsets': expected a list of 2 whole numbers >= 0, got nothing");
        Path backwards = file(SafetensorsBytes.file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", 0, 0, 0, 0));
        assertOpenFails(backwards).hasMessage(backwards + ": tensor 'w': data_offsets [4, 0] end before they begin");
        Path metadata = file(SafetensorsBytes.file("{\"__metadata__\":{\"seed\":7}}"));
        assertOpenFails(metadata).hasMessage(metadata + ": __metadata__ 'seed': expected a string, got 7");
    }
}
