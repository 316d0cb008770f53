package dev.distill4j.model.tokenizer;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import dev.distill4j.core.ChatMessage;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code chat_template} of a Hugging Face checkpoint, evaluated by Jinjava with the settings and variables that
 * transformers' {@code apply_chat_template} uses: {@code trim_blocks} and {@code lstrip_blocks} on,
 * {@code messages}, {@code add_generation_prompt}, the special tokens by name, and {@code raise_exception(msg)}.
 */
final class JinjaChatTemplate implements ChatTemplate {
    /** One engine for all templates: its settings never change, and each render gets its own interpreter. */
    private static final Jinjava ENGINE = engine();

    private final TokenizerConfig config;

    JinjaChatTemplate(TokenizerConfig config) {
        if (config.chatTemplate() == null) {
            throw new IllegalArgumentException("field 'chat_template': expected Jinja source, got null");
        }
        this.config = config;
    }

    @Override
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        Map<String, Object> context = new HashMap<>();
        List<Map<String, Object>> turns = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            Map<String, Object> turn = new LinkedHashMap<>();
            turn.put("role", message.role());
            turn.put("content", message.content());
            turns.add(turn);
        }
        context.put("messages", turns);
        context.put("add_generation_prompt", addGenerationPrompt);
        putToken(context, "bos_token", config.bosToken());
        putToken(context, "eos_token", config.eosToken());
        putToken(context, "pad_token", config.padToken());
        putToken(context, "unk_token", config.unkToken());
        RenderResult result = ENGINE.renderForResult(config.chatTemplate(), context);
        List<TemplateError> fatal = result.getErrors().stream()
                .filter(error -> error.getSeverity() == TemplateError.ErrorType.FATAL)
                .toList();
        if (!fatal.isEmpty()) {
            throw new IllegalArgumentException("chat_template: " + fatal.stream()
                    .map(JinjaChatTemplate::describe)
                    .collect(Collectors.joining("; ")));
        }
        return result.getOutput();
    }

    @Override
    public String endOfTurn() {
        return config.eosToken();
    }

    /** The template's own words when it called raise_exception (Jinjava wraps them), else Jinjava's message. */
    private static String describe(TemplateError error) {
        for (Throwable cause = error.getException(); cause != null; cause = cause.getCause()) {
            if (cause instanceof TemplateRejectedException rejected) {
                return rejected.getMessage();
            }
        }
        return error.getMessage() + (error.getLineno() > 0 ? " (line " + error.getLineno() + ")" : "");
    }

    private static void putToken(Map<String, Object> context, String name, String token) {
        if (token != null) {
            context.put(name, token);
        }
    }

    private static Jinjava engine() {
        Jinjava engine = new Jinjava(JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                // Message text is data: "{{ x }}" inside a user's message must come out as written.
                .withNestedInterpretationEnabled(false)
                .build());
        try {
            Method raise = JinjaChatTemplate.class.getDeclaredMethod("raiseException", String.class);
            raise.setAccessible(true);
            engine.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception", raise));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        return engine;
    }

    /** Templates call {@code raise_exception} to refuse a conversation they cannot format (a role out of order). */
    private static Object raiseException(String message) {
        throw new TemplateRejectedException(message);
    }

    /** What a template's {@code raise_exception} throws; its message is the template's. */
    static final class TemplateRejectedException extends RuntimeException {
        TemplateRejectedException(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        return "JinjaChatTemplate[" + config.chatTemplate().length() + " characters]";
    }
}
