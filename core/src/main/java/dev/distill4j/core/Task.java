package dev.distill4j.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One thing to ask a model: the prompt, the reference answer a verifier checks against, and,
 * where an expert (a program standing in for a paid annotator) wrote one, a worked solution.
 *
 * @param id             stable content-derived identifier, e.g. {@code arith:3f2a…}
 * @param family         the task family that made it ({@code arith}, {@code extract}) or a user label
 * @param split          train or eval; a task never appears in both
 * @param messages       the prompt as chat messages
 * @param reference      the answer the verifier compares with (an integer, a JSON object, …)
 * @param expertSolution the expert's worked solution ending in its final answer, or null
 * @param verifier       which verifier judges answers to this task
 * @param metadata       facts for slicing results: difficulty, template, operation, …
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Task(
        String id,
        String family,
        Split split,
        List<ChatMessage> messages,
        String reference,
        String expertSolution,
        VerifierSpec verifier,
        Map<String, Object> metadata) {

    public Task {
        requireText(id, "id", "a task identifier");
        requireText(family, "family", "a family name");
        if (split == null) {
            throw new IllegalArgumentException("field 'split': expected 'train' or 'eval', got null");
        }
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("field 'messages': expected at least one chat message");
        }
        messages = List.copyOf(messages);
        if (reference == null) {
            throw new IllegalArgumentException("field 'reference': expected the reference answer, got null");
        }
        if (verifier == null) {
            throw new IllegalArgumentException("field 'verifier': expected a verifier spec such as {\"type\": \"integer\"}");
        }
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(metadata));
    }

    /** The text of the last user message: the question itself. */
    public String question() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) {
                return messages.get(i).content();
            }
        }
        return messages.get(messages.size() - 1).content();
    }

    private static void requireText(String value, String field, String expected) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("field '" + field + "': expected " + expected + ", got "
                    + (value == null ? "null" : "an empty string"));
        }
    }
}
