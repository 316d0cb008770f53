package dev.distill4j.tasks.verify;

import java.util.Optional;

/**
 * The final-answer marker of a completion and what follows it. Recognised markers: {@code Answer: X},
 * {@code Final answer: X}, {@code The answer is X}, {@code #### X} (GSM8K, at the start of a line) and
 * {@code \boxed{X}}. When a completion has several, the last one wins: models revise themselves, and the
 * final statement is the one they stand by.
 *
 * @param marker       which form was found
 * @param start        where the marker starts in the completion
 * @param contentStart where the answer starts (after the colon, after {@code ####}, after the brace of {@code \boxed{})
 * @param contentEnd   where the answer ends: the end of the line, or the closing brace of {@code \boxed{…}}
 * @param text         the answer, trimmed (for an unclosed {@code \boxed{}, the rest of its line)
 * @param closed       false only for a {@code \boxed{} whose brace never closes (a truncated completion)
 */
public record FinalAnswer(Marker marker, int start, int contentStart, int contentEnd, String text, boolean closed) {

    /** The forms of final-answer marker. */
    public enum Marker { ANSWER_LINE, ANSWER_IS, GSM8K, BOXED }

    /**
     * The last final-answer marker in the completion, if any. One backward pass that stops at the first
     * marker it meets; each check reads only the whitespace next to its own marker, so the scan stays
     * linear even on 10 MB completions.
     */
    public static Optional<FinalAnswer> find(String completion) {
        for (int i = completion.length() - 1; i >= 0; i--) {
            char c = completion.charAt(i);
            FinalAnswer found = switch (c) {
                case 'a', 'A' -> answerAt(completion, i);
                case '#' -> gsm8kAt(completion, i);
                case '\\' -> boxedAt(completion, i);
                default -> null;
            };
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    /** {@code answer:} or {@code answer is} at {@code i}, as a whole word; "Final answer:" is found at its "answer". */
    private static FinalAnswer answerAt(String s, int i) {
        if (!s.regionMatches(true, i, "answer", 0, 6) || (i > 0 && isWordChar(s.charAt(i - 1)))) {
            return null;
        }
        int j = i + 6;
        if (j < s.length() && isWordChar(s.charAt(j))) {
            return null;
        }
        int k = skipBold(s, skipSpaces(s, j));
        if (k < s.length() && (s.charAt(k) == ':' || s.charAt(k) == '：')) {
            return lineAnswer(s, Marker.ANSWER_LINE, i, k + 1);
        }
        int afterSpace = skipSpaces(s, j);
        if (afterSpace > j && s.regionMatches(true, afterSpace, "is", 0, 2)
                && (afterSpace + 2 >= s.length() || !isWordChar(s.charAt(afterSpace + 2)))) {
            int m = skipBold(s, skipSpaces(s, afterSpace + 2));
            if (m < s.length() && (s.charAt(m) == ':' || s.charAt(m) == '：')) {
                m++;
            }
            return lineAnswer(s, Marker.ANSWER_IS, i, m);
        }
        return null;
    }

    /** {@code ####} opening a line (after optional spaces), not part of a longer run of hashes. */
    private static FinalAnswer gsm8kAt(String s, int i) {
        if (i < 3 || !s.startsWith("####", i - 3)) {
            return null;
        }
        int start = i - 3;
        if (start > 0 && s.charAt(start - 1) == '#' || i + 1 < s.length() && s.charAt(i + 1) == '#') {
            return null;
        }
        int before = start - 1;
        while (before >= 0 && (s.charAt(before) == ' ' || s.charAt(before) == '\t')) {
            before--;
        }
        if (before >= 0 && s.charAt(before) != '\n' && s.charAt(before) != '\r') {
            return null;
        }
        return lineAnswer(s, Marker.GSM8K, start, i + 1);
    }

    private static FinalAnswer boxedAt(String s, int i) {
        if (!s.startsWith("\\boxed", i)) {
            return null;
        }
        int open = skipSpaces(s, i + 6);
        if (open >= s.length() || s.charAt(open) != '{') {
            return null;
        }
        int depth = 0;
        for (int k = open; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return new FinalAnswer(Marker.BOXED, i, open + 1, k, s.substring(open + 1, k).strip(), true);
            }
        }
        FinalAnswer rest = lineAnswer(s, Marker.BOXED, i, open + 1);
        return new FinalAnswer(Marker.BOXED, i, rest.contentStart, rest.contentEnd, rest.text, false);
    }

    private static FinalAnswer lineAnswer(String s, Marker marker, int start, int contentStart) {
        int end = contentStart;
        while (end < s.length() && s.charAt(end) != '\n' && s.charAt(end) != '\r') {
            end++;
        }
        return new FinalAnswer(marker, start, contentStart, end, s.substring(contentStart, end).strip(), true);
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Markdown bold around the marker ("**Answer**: 42", "__Answer__:"). */
    private static int skipBold(String s, int i) {
        if (s.startsWith("**", i) || s.startsWith("__", i)) {
            return skipSpaces(s, i + 2);
        }
        return i;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c);
    }
}
