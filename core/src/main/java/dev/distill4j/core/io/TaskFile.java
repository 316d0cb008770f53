package dev.distill4j.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.ContentKey;
import dev.distill4j.core.Json;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.VerifierSpec;
import dev.distill4j.core.verify.Verifiers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Task files: JSON Lines, one task per line. The files {@code distill tasks make} writes, and files people
 * write by hand without any Java, in a shorter form:
 * <pre>
 * {"prompt": "What is 17 * 3?", "reference": "51", "verifier": "integer"}
 * {"messages": [{"role": "user", "content": "Capital of France?"}], "reference": "Paris", "verifier": {"type": "exact", "ignore_case": true}}
 * </pre>
 * Fields: {@code prompt} or {@code messages} (exactly one), {@code reference} (a string, number or JSON
 * object), {@code verifier} (a type name or an object with {@code type} and options); optional {@code id}
 * (derived from the content when absent), {@code family} (default {@code custom}), {@code split} (default
 * {@code train}), {@code expert_solution}, {@code metadata}.
 */
public final class TaskFile {
    private TaskFile() {}

    static final Set<String> FIELDS = Set.of("id", "family", "split", "prompt", "messages", "reference", "expert_solution", "verifier", "metadata");
    private static final TypeReference<List<ChatMessage>> MESSAGES = new TypeReference<>() {};
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    /**
     * Reads every task of a file, checking each verifier spec against {@code verifiers}.
     *
     * @throws InputException naming file, line and field of the first problem
     */
    public static List<Task> read(Path file, Verifiers verifiers) {
        List<Task> tasks = new ArrayList<>();
        Map<String, Long> lineOfId = new HashMap<>();
        JsonLines.read(file, (object, line) -> {
            Task task = parse(object, file + ":" + line);
            try {
                verifiers.checkOptions(task.verifier());
            } catch (IllegalArgumentException e) {
                throw new InputException(file + ":" + line + ": field 'verifier': " + e.getMessage());
            }
            Long previous = lineOfId.putIfAbsent(task.id(), line);
            if (previous != null) {
                throw new InputException(object.has("id")
                        ? file + ":" + line + ": field 'id': task '" + task.id() + "' already appears on line " + previous
                        : file + ":" + line + ": the same task (family, prompt and reference) already appears on line " + previous);
            }
            tasks.add(task);
        });
        return tasks;
    }

    /** Writes tasks in the full form, atomically. */
    public static void write(Path file, Collection<Task> tasks) {
        JsonLines.write(file, tasks);
    }

    /** Parses one task object; {@code where} is "file:line" for messages. */
    static Task parse(ObjectNode object, String where) {
        JsonLines.requireKnownFields(object, FIELDS, where, "a task has " + String.join(", ", FIELDS.stream().sorted().toList()));
        List<ChatMessage> messages = messages(object, where);
        String reference = reference(object.get("reference"), where);
        VerifierSpec verifier = verifier(object.get("verifier"), where);
        String family = optionalText(object, "family", where, "custom");
        String expert = optionalText(object, "expert_solution", where, null);
        Split split;
        try {
            split = Split.parse(optionalText(object, "split", where, "train"));
        } catch (IllegalArgumentException e) {
            throw new InputException(where + ": field 'split': expected 'train' or 'eval', got " + object.get("split"));
        }
        Map<String, Object> metadata = Map.of();
        if (object.hasNonNull("metadata")) {
            if (!object.get("metadata").isObject()) {
                throw new InputException(where + ": field 'metadata': expected a JSON object, got " + kind(object.get("metadata")));
            }
            metadata = Json.MAPPER.convertValue(object.get("metadata"), OBJECT);
        }
        String id = optionalText(object, "id", where, null);
        if (id == null) {
            id = family + ":" + ContentKey.shortOf(family, messagesText(messages), reference);
        }
        try {
            return new Task(id, family, split, messages, reference, expert, verifier, metadata);
        } catch (IllegalArgumentException e) {
            throw new InputException(where + ": " + e.getMessage());
        }
    }

    private static List<ChatMessage> messages(ObjectNode object, String where) {
        boolean hasPrompt = object.has("prompt");
        boolean hasMessages = object.has("messages");
        if (hasPrompt == hasMessages) {
            throw new InputException(where + ": expected exactly one of the fields 'prompt' (text) or 'messages' (chat messages), got "
                    + (hasPrompt ? "both" : "neither"));
        }
        if (hasPrompt) {
            JsonNode prompt = object.get("prompt");
            if (!prompt.isTextual() || prompt.asText().isBlank()) {
                throw new InputException(where + ": field 'prompt': expected non-empty text, got " + kind(prompt));
            }
            return List.of(ChatMessage.user(prompt.asText()));
        }
        JsonNode messages = object.get("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new InputException(where + ": field 'messages': expected a non-empty list of {\"role\", \"content\"} objects, got " + kind(messages));
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String field = "messages[" + i + "]";
            if (!message.isObject()) {
                throw new InputException(where + ": field '" + field + "': expected {\"role\": ..., \"content\": ...}, got " + kind(message));
            }
            for (Iterator<String> names = message.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!name.equals("role") && !name.equals("content")) {
                    throw new InputException(where + ": field '" + field + "." + name + "': unknown; a message has role and content");
                }
            }
            if (!message.path("content").isTextual()) {
                throw new InputException(where + ": field '" + field + ".content': expected text, got " + kind(message.get("content")));
            }
            try {
                new ChatMessage(message.path("role").isTextual() ? message.get("role").asText() : null, message.get("content").asText());
            } catch (IllegalArgumentException e) {
                throw new InputException(where + ": field '" + field + ".role'" + e.getMessage().substring("field 'role'".length()));
            }
        }
        return Json.MAPPER.convertValue(messages, MESSAGES);
    }

    private static String reference(JsonNode reference, String where) {
        if (reference == null || reference.isNull()) {
            throw new InputException(where + ": field 'reference': expected the reference answer (text, number or JSON object), got nothing");
        }
        if (reference.isTextual()) {
            return reference.asText();
        }
        if (reference.isNumber() || reference.isBoolean()) {
            return reference.asText();
        }
        try {
            // Objects and lists (json-fields references) are kept as compact JSON with sorted keys.
            return Json.MAPPER.writeValueAsString(Json.MAPPER.treeToValue(reference, Object.class));
        } catch (JsonProcessingException e) {
            throw new InputException(where + ": field 'reference': " + e.getOriginalMessage());
        }
    }

    private static VerifierSpec verifier(JsonNode verifier, String where) {
        if (verifier == null || verifier.isNull()) {
            throw new InputException(where + ": field 'verifier': expected a verifier such as \"integer\" or {\"type\": \"number\", \"rel_tol\": 1e-6}, got nothing");
        }
        try {
            if (verifier.isTextual()) {
                return VerifierSpec.parse(verifier.asText());
            }
            if (verifier.isObject()) {
                return VerifierSpec.fromJson(Json.MAPPER.convertValue(verifier, OBJECT));
            }
        } catch (IllegalArgumentException e) {
            throw new InputException(where + ": " + e.getMessage());
        }
        throw new InputException(where + ": field 'verifier': expected a verifier name or an object with 'type', got " + kind(verifier));
    }

    private static String optionalText(ObjectNode object, String field, String where, String fallback) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new InputException(where + ": field '" + field + "': expected non-empty text, got " + kind(node));
        }
        return node.asText();
    }

    private static String messagesText(List<ChatMessage> messages) {
        StringBuilder text = new StringBuilder();
        for (ChatMessage message : messages) {
            text.append(message.role()).append('\u0000').append(message.content()).append('\u0001');
        }
        return text.toString();
    }

    static String kind(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        String text = node.toString();
        String shown = text.length() > 40 ? text.substring(0, 37) + "..." : text;
        return node.getNodeType().toString().toLowerCase() + " " + shown;
    }
}
