package dev.distill4j.model.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * The character vocabulary's encoding in plain Java, independent of the native tokenizer: at each position a
 * special token written out whole is one id, any other code point is its own id, or {@code <unk>}.
 */
final class ReferenceCharEncoder {
    private ReferenceCharEncoder() {}

    static int[] encode(List<String> tokens, List<String> specials, String text) {
        List<Integer> ids = new ArrayList<>();
        int at = 0;
        outer:
        while (at < text.length()) {
            for (String special : specials) {
                if (text.startsWith(special, at)) {
                    ids.add(tokens.indexOf(special));
                    at += special.length();
                    continue outer;
                }
            }
            int codePoint = text.codePointAt(at);
            int id = tokens.indexOf(Character.toString(codePoint));
            ids.add(id >= 0 ? id : tokens.indexOf("<unk>"));
            at += Character.charCount(codePoint);
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }
}
