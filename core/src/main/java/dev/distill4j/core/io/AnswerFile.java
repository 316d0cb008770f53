package dev.distill4j.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answer files: JSON Lines with {@code task_id} and the completion text in {@code answer} (or
 * {@code completion}); optional {@code sample_index} (numbered in file order per task when absent) and
 * {@code model}.
 */
public final class AnswerFile {
    private AnswerFile() {}

    private static final Set<String> FIELDS = Set.of("task_id", "answer", "completion", "sample_index", "model");

    public static List<Answer> read(Path file) {
        List<Answer> answers = new ArrayList<>();
        Map<String, Integer> nextIndex = new HashMap<>();
        Set<String> seen = new HashSet<>();
        JsonLines.read(file, (object, line) -> {
            String where = file + ":" + line;
            JsonLines.requireKnownFields(object, FIELDS, where, "an answer has task_id, answer (or completion), sample_index, model");
            String taskId = text(object.get("task_id"), where, "task_id");
            if (object.has("answer") == object.has("completion")) {
                throw new InputException(where + ": expected exactly one of the fields 'answer' or 'completion', got "
                        + (object.has("answer") ? "both" : "neither"));
            }
            JsonNode textNode = object.has("answer") ? object.get("answer") : object.get("completion");
            if (!textNode.isTextual()) {
                throw new InputException(where + ": field '" + (object.has("answer") ? "answer" : "completion") + "': expected text, got "
                        + TaskFile.kind(textNode));
            }
            int index;
            JsonNode indexNode = object.get("sample_index");
            if (indexNode == null || indexNode.isNull()) {
                index = nextIndex.getOrDefault(taskId, 0);
            } else if (indexNode.canConvertToInt() && indexNode.isIntegralNumber() && indexNode.asInt() >= 0) {
                index = indexNode.asInt();
            } else {
                throw new InputException(where + ": field 'sample_index': expected a whole number >= 0, got " + TaskFile.kind(indexNode));
            }
            if (!seen.add(taskId + "\u0000" + index)) {
                throw new InputException(where + ": field 'sample_index': task '" + taskId + "' already has an answer with index " + index);
            }
            nextIndex.merge(taskId, index + 1, Math::max);
            JsonNode model = object.get("model");
            answers.add(new Answer(taskId, index, textNode.asText(), model == null || model.isNull() ? null : text(model, where, "model"), line));
        });
        return answers;
    }

    private static String text(JsonNode node, String where, String field) {
        if (node == null || node.isNull() || !node.isTextual() || node.asText().isBlank()) {
            throw new InputException(where + ": field '" + field + "': expected non-empty text, got " + TaskFile.kind(node));
        }
        return node.asText();
    }
}
