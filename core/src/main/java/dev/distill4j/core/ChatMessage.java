package dev.distill4j.core;

import java.util.Objects;
import java.util.Set;

/** One message of a chat prompt or conversation, in the OpenAI shape ({@code role}, {@code content}). */
public record ChatMessage(String role, String content) {
    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool", "developer");

    public ChatMessage {
        if (role == null || !ROLES.contains(role)) {
            throw new IllegalArgumentException(
                    "field 'role': expected one of " + ROLES.stream().sorted().toList() + ", got " + quoted(role));
        }
        Objects.requireNonNull(content, "field 'content': expected a string, got null");
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content);
    }

    private static String quoted(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
