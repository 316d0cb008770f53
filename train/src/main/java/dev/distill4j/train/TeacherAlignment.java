package dev.distill4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.ChatMessage;
import dev.distill4j.model.tokenizer.ChatTemplate;
import dev.distill4j.model.tokenizer.TokenizedChat;
import dev.distill4j.model.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Puts a teacher's per-token logprobs (as the generate stage stores them: a JSON array of {token, logprob, top:
 * [{token, logprob}]}) onto the student's tokens of the same conversation, for distillation from logprobs.
 *
 * <p>A provider's tokens are strings from its own vocabulary. They line up with the student's when each teacher
 * token is exactly one student token and together they spell the completion, as between the character-level
 * vocabularies of the embedded models. Where they do not, the example keeps its tokens and loses its teacher
 * signal: it is trained on cross-entropy alone and counted, never given logprobs of the wrong positions.
 */
public final class TeacherAlignment {
    private TeacherAlignment() {}

    /** The example, and whether the teacher's logprobs could be placed on it. */
    public record Aligned(SftExample example, boolean aligned) {}

    public static Aligned of(List<ChatMessage> prompt, String completion, JsonNode teacherLogprobs, Tokenizer tokenizer, ChatTemplate template) {
        List<ChatMessage> conversation = new ArrayList<>(prompt);
        conversation.add(ChatMessage.assistant(completion));
        TokenizedChat chat = template.tokenize(tokenizer, conversation);
        int[] ids = chat.ids();
        boolean[] mask = chat.completionMask();
        int start = -1;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                start = i;
                break;
            }
        }
        if (teacherLogprobs == null || !teacherLogprobs.isArray() || teacherLogprobs.isEmpty() || start < 0
                || start + teacherLogprobs.size() > ids.length) {
            return new Aligned(new SftExample(ids, mask), false);
        }
        int[][] topIds = new int[ids.length][0];
        float[][] topLogprobs = new float[ids.length][0];
        for (int j = 0; j < teacherLogprobs.size(); j++) {
            JsonNode token = teacherLogprobs.get(j);
            int position = start + j;
            OptionalInt id = single(tokenizer, token.path("token").asText(null));
            if (id.isEmpty() || id.getAsInt() != ids[position] || !mask[position]) {
                return new Aligned(new SftExample(ids, mask), false);
            }
            List<int[]> alternatives = new ArrayList<>();
            List<Float> logprobs = new ArrayList<>();
            for (JsonNode alternative : token.path("top")) {
                OptionalInt altId = single(tokenizer, alternative.path("token").asText(null));
                // An alternative the student cannot spell as one token joins the remaining mass; a repeated id counts once.
                if (altId.isPresent() && alternatives.stream().noneMatch(a -> a[0] == altId.getAsInt())) {
                    alternatives.add(new int[] {altId.getAsInt()});
                    logprobs.add((float) alternative.path("logprob").asDouble());
                }
            }
            topIds[position] = alternatives.stream().mapToInt(a -> a[0]).toArray();
            topLogprobs[position] = new float[logprobs.size()];
            for (int k = 0; k < logprobs.size(); k++) {
                topLogprobs[position][k] = logprobs.get(k);
            }
        }
        return new Aligned(new SftExample(ids, mask, TokenSignals.topK(topIds, topLogprobs)), true);
    }

    /** The student's id of a teacher token, when the token is exactly one student token. */
    private static OptionalInt single(Tokenizer tokenizer, String token) {
        if (token == null || token.isEmpty()) {
            return OptionalInt.empty();
        }
        int[] ids = tokenizer.encode(token);
        return ids.length == 1 ? OptionalInt.of(ids[0]) : OptionalInt.empty();
    }
}
