package dev.distill4j.tasks.verify;

import java.text.Normalizer;
import java.util.Locale;

/** Text operations shared by the verifiers: normalising, stripping markdown decorations, finding the last line. */
public final class AnswerText {
    /** Longest extracted answer kept in a judgement; a 10^6-digit answer must not bloat the verdict table. */
    public static final int CLIP = 200;

    private AnswerText() {}

    /** Unicode NFKC, whitespace runs collapsed to one space, trimmed; lower-cased when {@code ignoreCase}. */
    public static String normalize(String text, boolean ignoreCase) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(folded.length());
        boolean pendingSpace = false;
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        String collapsed = out.toString();
        return ignoreCase ? collapsed.toLowerCase(Locale.ROOT) : collapsed;
    }

    /**
     * Removes the decorations models wrap answers in: markdown bold and code ({@code **42**}, {@code `42`}),
     * TeX math ({@code $42$}, {@code \(42\)}, {@code \[42\]}), then trims.
     */
    public static String stripDecorations(String text) {
        // Moves two indices instead of cutting substrings: "```" repeated 10^5 times stays linear.
        int start = 0;
        int end = text.length();
        boolean changed = true;
        while (changed && start < end) {
            changed = false;
            while (start < end && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
            while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
                end--;
            }
            for (String[] pair : WRAPPERS) {
                if (text.startsWith(pair[0], start) && start + pair[0].length() <= end) {
                    start += pair[0].length();
                    changed = true;
                }
                if (end - pair[1].length() >= start && text.startsWith(pair[1], end - pair[1].length())) {
                    end -= pair[1].length();
                    changed = true;
                }
            }
        }
        return text.substring(start, end).strip();
    }

    private static final String[][] WRAPPERS = {{"**", "**"}, {"*", "*"}, {"`", "`"}, {"$", "$"}, {"\\(", "\\)"}, {"\\[", "\\]"}};

    /** The text without one sentence-ending period ("42." becomes "42"; "..." stays). */
    public static String withoutFinalPeriod(String text) {
        if (text.length() > 1 && text.endsWith(".") && text.charAt(text.length() - 2) != '.') {
            return text.substring(0, text.length() - 1).strip();
        }
        return text;
    }

    /** The last line of {@code text} that holds anything but whitespace, trimmed; empty when there is none. */
    public static String lastNonBlankLine(String text) {
        int end = text.length() - 1;
        while (end >= 0 && Character.isWhitespace(text.charAt(end))) {
            end--;
        }
        if (end < 0) {
            return "";
        }
        int start = end;
        while (start > 0 && text.charAt(start - 1) != '\n' && text.charAt(start - 1) != '\r') {
            start--;
        }
        return text.substring(start, end + 1).strip();
    }

    /**
     * At most {@link #CLIP} characters, with the full length said when cut, and safe to store: null bytes
     * and lone surrogates (which databases and UTF-8 encoders refuse or mangle) become U+FFFD.
     */
    public static String clip(String text) {
        return clip(text, CLIP);
    }

    public static String clip(String text, int max) {
        if (text == null) {
            return null;
        }
        boolean cut = text.length() > max;
        int end = cut && Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : Math.min(max, text.length());
        StringBuilder out = new StringBuilder(end + 24);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                out.append('\uFFFD');
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        if (cut) {
            out.append("… (").append(text.length()).append(" chars)");
        }
        return out.toString();
    }
}
