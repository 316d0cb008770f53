package dev.distill4j.model.tokenizer;

import dev.distill4j.core.ChatMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the assistant's replies in a rendered conversation for any template, by rendering it turn by turn:
 * the reply to message {@code i} is what {@code render(messages[0..i], false)} adds to the generation prompt
 * {@code render(messages[0..i), true)}, up to and including the end-of-turn. This needs no markup in the template
 * (unlike transformers' {@code {% generation %}} blocks), only that it renders conversations incrementally, which
 * chat templates do because generation relies on it.
 */
final class CompletionSpans {
    private CompletionSpans() {}

    static List<CompletionSpan> find(ChatTemplate template, List<ChatMessage> messages, String full) {
        List<CompletionSpan> spans = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (!"assistant".equals(messages.get(i).role())) {
                continue;
            }
            String prompt = template.render(messages.subList(0, i), true);
            String turn = template.render(messages.subList(0, i + 1), false);
            requirePrefix(prompt, turn, "the generation prompt before messages[" + i + "]", "the conversation up to it");
            requirePrefix(turn, full, "the conversation up to messages[" + i + "]", "the whole conversation");
            int start = prompt.length();
            int end = turn.length();
            // What follows the end-of-turn (ChatML's "\n") is never generated: the model stops at the end-of-turn.
            String endOfTurn = template.endOfTurn();
            int at = endOfTurn == null ? -1 : turn.lastIndexOf(endOfTurn);
            if (at >= start) {
                end = at + endOfTurn.length();
            }
            spans.add(new CompletionSpan(start, end));
        }
        return spans;
    }

    /**
     * Encodes the text between spans and each span on its own, not the whole text at once: at generation the
     * prompt is encoded alone and the reply is produced token by token after it, so a merge across that boundary
     * (possible with BPE) would teach the model tokens it never sees. With the character vocabulary both ways give
     * the same ids.
     */
    static TokenizedChat tokenize(ChatTemplate template, Tokenizer tokenizer, List<ChatMessage> messages) {
        String full = template.render(messages, false);
        List<CompletionSpan> spans = find(template, messages, full);
        IdsAndMask out = new IdsAndMask();
        int at = 0;
        for (CompletionSpan span : spans) {
            out.append(tokenizer.encode(full.substring(at, span.start())), false);
            out.append(tokenizer.encode(full.substring(span.start(), span.end())), true);
            at = span.end();
        }
        out.append(tokenizer.encode(full.substring(at)), false);
        return out.build();
    }

    private static void requirePrefix(String prefix, String text, String prefixName, String textName) {
        if (!text.startsWith(prefix)) {
            throw new IllegalArgumentException("the chat template does not render conversations incrementally: "
                    + prefixName + " is not a prefix of " + textName + " (they differ from character "
                    + firstDifference(prefix, text) + ")");
        }
    }

    private static int firstDifference(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return i;
            }
        }
        return n;
    }

    private static final class IdsAndMask {
        private int[] ids = new int[64];
        private boolean[] mask = new boolean[64];
        private int size;

        void append(int[] piece, boolean completion) {
            if (size + piece.length > ids.length) {
                int capacity = Math.max(ids.length * 2, size + piece.length);
                ids = Arrays.copyOf(ids, capacity);
                mask = Arrays.copyOf(mask, capacity);
            }
            System.arraycopy(piece, 0, ids, size, piece.length);
            Arrays.fill(mask, size, size + piece.length, completion);
            size += piece.length;
        }

        TokenizedChat build() {
            return new TokenizedChat(Arrays.copyOf(ids, size), Arrays.copyOf(mask, size));
        }
    }
}
