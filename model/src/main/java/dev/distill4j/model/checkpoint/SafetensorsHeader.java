package dev.distill4j.model.checkpoint;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON header of a safetensors file. Parsing checks everything the reference implementation
 * (huggingface/safetensors) checks, so that a bad file fails here with its name and tensor, never
 * later as an index out of bounds. Encoding writes what the reference writes for the same tensors:
 * compact JSON, {@code __metadata__} first, entries as {@code dtype, shape, data_offsets}, padded
 * with spaces to a multiple of 8 bytes.
 *
 * @param tensors  entries in the order of their data (by offset)
 * @param metadata {@code __metadata__}, string to string, in a fixed (UTF-8 byte) order
 */
record SafetensorsHeader(List<TensorInfo> tensors, Map<String, String> metadata) {
    /** Bytes of the little-endian header length that starts the file. */
    static final int LENGTH_FIELD_BYTES = 8;
    /** The reference refuses larger headers; so do we, which also catches files that are not safetensors. */
    static final long MAX_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";

    /** The order of the reference writer (Rust's String order): by UTF-8 bytes, which Java's UTF-16 order is not. */
    static final Comparator<String> NAME_ORDER = (a, b) ->
            Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    SafetensorsHeader {
        tensors = List.copyOf(tensors);
        Map<String, String> sorted = new TreeMap<>(NAME_ORDER);
        metadata.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException("field '" + METADATA_KEY + "': expected text keys and values, got " + key + " = " + value);
            }
            sorted.put(key, value);
        });
        metadata = Collections.unmodifiableMap(sorted);
    }

    /**
     * Parses and checks a header.
     *
     * @param file       named in every error
     * @param bytes      the header as stored (padding included)
     * @param dataLength bytes in the file after the header, which the tensors must cover exactly
     */
    static SafetensorsHeader parse(Path file, byte[] bytes, long dataLength) {
        JsonNode root = parseJson(file, bytes);
        Map<String, String> metadata = Map.of();
        List<TensorInfo> tensors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(file, field.getValue());
            } else {
                tensors.add(parseEntry(file, field.getKey(), field.getValue()));
            }
        }
        tensors.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        checkLayout(file, tensors, dataLength);
        return new SafetensorsHeader(tensors, metadata);
    }

    private static JsonNode parseJson(Path file, byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException(file + ": the header is not valid UTF-8 text: not a safetensors file, or a damaged one");
        }
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(text)) {
            // A name given twice would silently lose one tensor; the reference rejects it too.
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            JsonNode root = Json.MAPPER.readTree(parser);
            if (root == null || !root.isObject()) {
                throw new CheckpointException(file + ": the header is not a JSON object, it starts with "
                        + quoted(text.strip().substring(0, Math.min(20, text.strip().length()))));
            }
            if (parser.nextToken() != null) {
                throw new CheckpointException(file + ": the header has more text after its JSON object, at column "
                        + parser.currentTokenLocation().getColumnNr());
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new CheckpointException(file + ": the header is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (column " + at.getColumnNr() + ")"), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading from a String does no I/O
        }
    }

    private static Map<String, String> parseMetadata(Path file, JsonNode node) {
        if (!node.isObject()) {
            throw new CheckpointException(file + ": " + METADATA_KEY + ": expected an object of strings, got " + node.getNodeType());
        }
        Map<String, String> metadata = new TreeMap<>(NAME_ORDER);
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw new CheckpointException(file + ": " + METADATA_KEY + " '" + field.getKey() + "': expected a string, got " + field.getValue());
            }
            metadata.put(field.getKey(), field.getValue().textValue());
        }
        return metadata;
    }

    private static TensorInfo parseEntry(Path file, String name, JsonNode entry) {
        String where = file + ": tensor '" + name + "': ";
        if (!entry.isObject()) {
            throw new CheckpointException(where + "expected an object with dtype, shape and data_offsets, got " + entry);
        }
        JsonNode dtypeNode = entry.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new CheckpointException(where + "'dtype': expected a string such as \"F32\", got " + (dtypeNode == null ? "nothing" : dtypeNode));
        }
        DType dtype = DType.fromSafetensorsName(dtypeNode.textValue());
        if (dtype == null) {
            throw new CheckpointException(where + "dtype " + quoted(dtypeNode.textValue()) + " is not one distill4j reads (it reads "
                    + Arrays.toString(DType.values()) + ")");
        }
        long[] shape = naturalNumbers(where, entry, "shape", -1);
        long[] offsets = naturalNumbers(where, entry, "data_offsets", 2);
        if (offsets[1] < offsets[0]) {
            throw new CheckpointException(where + "data_offsets " + Arrays.toString(offsets) + " end before they begin");
        }
        return new TensorInfo(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] naturalNumbers(String where, JsonNode entry, String field, int expectedCount) {
        JsonNode node = entry.get(field);
        String expected = expectedCount < 0 ? "a list of whole numbers >= 0" : "a list of " + expectedCount + " whole numbers >= 0";
        if (node == null || !node.isArray() || (expectedCount >= 0 && node.size() != expectedCount)) {
            throw new CheckpointException(where + "'" + field + "': expected " + expected + ", got " + (node == null ? "nothing" : node));
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = node.get(i);
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
                throw new CheckpointException(where + "'" + field + "': expected " + expected + ", got " + node);
            }
            values[i] = value.longValue();
        }
        return values;
    }

    /** The tensors, sorted by offset, must tile the data exactly: no overlap, no gap, nothing past the end. */
    private static void checkLayout(Path file, List<TensorInfo> tensors, long dataLength) {
        long covered = 0;
        TensorInfo previous = null;
        for (TensorInfo tensor : tensors) {
            String where = file + ": tensor '" + tensor.name() + "': ";
            String offsets = "data_offsets [" + tensor.begin() + ", " + tensor.end() + "]";
            long needed;
            try {
                needed = Math.multiplyExact(tensor.elementCount(), tensor.dtype().byteSize());
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new CheckpointException(where + "shape " + Arrays.toString(tensor.shape()) + " is too large to be real");
            }
            if (tensor.byteLength() != needed) {
                throw new CheckpointException(where + "shape " + Arrays.toString(tensor.shape()) + " of " + tensor.dtype() + " needs "
                        + needed + " bytes, but " + offsets + " hold " + tensor.byteLength());
            }
            if (tensor.end() > dataLength) {
                throw new CheckpointException(where + offsets + " reach past the end of the data, which has only " + dataLength
                        + " bytes: the file is truncated");
            }
            if (tensor.begin() < covered) {
                throw new CheckpointException(where + offsets + " overlap tensor '" + previous.name() + "' at data_offsets ["
                        + previous.begin() + ", " + previous.end() + "]");
            }
            if (tensor.begin() > covered) {
                throw new CheckpointException(file + ": bytes [" + covered + ", " + tensor.begin() + ") of the data belong to no tensor"
                        + (previous == null ? " (before '" + tensor.name() + "')"
                                : " (between '" + previous.name() + "' and '" + tensor.name() + "')"));
            }
            covered = tensor.end();
            previous = tensor;
        }
        if (covered != dataLength) {
            throw new CheckpointException(file + ": " + (dataLength - covered) + " bytes after "
                    + (previous == null ? "the header" : "the last tensor '" + previous.name() + "'") + " belong to no tensor");
        }
    }

    /** The header as the reference writes it, padded with spaces to a multiple of 8 bytes (without the length field). */
    byte[] encode() {
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            appendString(json, METADATA_KEY);
            json.append(":{");
            boolean first = true;
            for (Map.Entry<String, String> entry : metadata.entrySet()) {
                json.append(first ? "" : ",");
                appendString(json, entry.getKey());
                json.append(':');
                appendString(json, entry.getValue());
                first = false;
            }
            json.append('}');
        }
        for (TensorInfo tensor : tensors) {
            json.append(json.length() > 1 ? "," : "");
            appendString(json, tensor.name());
            json.append(":{\"dtype\":\"").append(tensor.dtype().name()).append("\",\"shape\":[");
            long[] shape = tensor.shape();
            for (int i = 0; i < shape.length; i++) {
                json.append(i > 0 ? "," : "").append(shape[i]);
            }
            json.append("],\"data_offsets\":[").append(tensor.begin()).append(',').append(tensor.end()).append("]}");
        }
        json.append('}');
        ByteBuffer utf8;
        try {
            utf8 = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT).encode(CharBuffer.wrap(json));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("tensor names and metadata must be valid Unicode (a lone surrogate is not): " + e.getMessage());
        }
        int length = utf8.remaining();
        byte[] padded = new byte[(length + 7) / 8 * 8];
        utf8.get(padded, 0, length);
        Arrays.fill(padded, length, padded.length, (byte) ' ');
        return padded;
    }

    /** A JSON string escaped as serde_json escapes it (lower-case hex, no escaping of non-ASCII or '/'). */
    private static void appendString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static String quoted(String text) {
        return "'" + text + "'";
    }
}
