package dev.distill4j.serve.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template a prompt was filled from, as far as a few regular expressions can tell: the parts that vary between
 * instances of one template are masked, so an attacker walking a task space ("What is 23 + 58?", "What is
 * 7 + 1204?", ...) sends many prompts with one skeleton, which the guard can count per key without keeping the text.
 *
 * <p>Masks, applied in this order (earlier masks hide what later ones would match, e.g. the digits of a URL):
 * <ol>
 *   <li>URLs ({@code http://}, {@code https://}, {@code ftp://} or {@code www.} up to whitespace, trailing
 *       punctuation excluded) to {@code <url>};</li>
 *   <li>email addresses to {@code <email>};</li>
 *   <li>quoted strings, in straight or curly double quotes, and in single quotes that are not apostrophes (the opening
 *       quote not after a letter or digit, the closing one not before one) to {@code <q>};</li>
 *   <li>numbers: optional sign (only where it is not after a letter or digit, so {@code 5-3} is two numbers), digits
 *       with optional comma thousands separators ({@code 1,204}) and an optional decimal part, not inside a word
 *       ({@code Q3}, {@code gpt4} are kept), to {@code <n>};</li>
 *   <li>names: capitalised words (an upper-case letter, then at least one lower-case letter and nothing else) that do
 *       not start a sentence, to {@code <name>}; a sentence starts at the start of the text, after a line break, or
 *       after {@code .}, {@code !} or {@code ?} and white space.</li>
 * </ol>
 * Then runs of white space become one space and the ends are trimmed.
 *
 * <p>Limits of the name heuristic: a name that starts a sentence ("Alice wrote ...") is kept, so such prompts split
 * into one skeleton per name; lower-case or all-caps names ({@code bob}, {@code IBM}) are kept; capitalised words
 * that are part of the template ("in Python", German nouns) are masked too, which only makes skeletons coarser;
 * scripts without case (Chinese, Japanese) get no name masking at all; an abbreviation's full stop ("Dr. Smith")
 * counts as a sentence end.
 */
public final class TemplateSkeleton {
    private static final Pattern URL = Pattern.compile(
            "(?i)(?:(?:https?|ftp)://|www\\.)[^\\s<>\"']*[^\\s<>\"'.,;:!?)\\]}]");
    private static final Pattern EMAIL = Pattern.compile(
            "[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}");
    private static final Pattern QUOTED = Pattern.compile(
            "\"[^\"\\n]*\"|“[^”\\n]*”|‘[^’\\n]*’|(?<![\\p{L}\\p{N}])'[^'\\n]*'(?![\\p{L}\\p{N}])");
    /**
     * A number not inside a word. The sign is part of the match only where the match cannot continue a word or a
     * number, so in {@code 5-3} and {@code 23+58} the sign is read as an operator.
     */
    private static final Pattern NUMBER = Pattern.compile(
            "(?<![\\p{L}\\p{N}_])[+-]?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?(?![\\p{L}\\p{N}_])");
    private static final Pattern NAME = Pattern.compile("(?<![\\p{L}\\p{N}])\\p{Lu}\\p{Ll}+(?![\\p{L}\\p{N}])");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private TemplateSkeleton() {
    }

    /** The skeleton of {@code text}: variable parts masked, white space collapsed. */
    public static String of(String text) {
        String masked = NUMBER.matcher(hideSpans(text)).replaceAll("<n>");
        masked = maskNames(masked);
        return WHITESPACE.matcher(masked).replaceAll(" ").strip();
    }

    /** A 64-bit hash of {@link #of(String)} (MurmurHash3, seed 0), for counting templates without keeping text. */
    public static long hash(String text) {
        return dev.distill4j.curate.Hash64.word(of(text));
    }

    private static final Pattern CLAUSE_END = Pattern.compile("[.!?:;,]+(?:\\s+|$)|\\n+");

    /**
     * The skeleton of the task inside a prompt: the clauses of {@link #of(String)} that hold a number, lower-cased and
     * without their end punctuation (the whole skeleton, lower-cased, when none does). An attacker that wraps each task
     * in different chat words ("Quick question while I work on X: what is 23 + 58?", "Help please. What is 7 + 12? Show
     * your working.") keeps one task skeleton under many whole-prompt skeletons. Wording of the task itself that
     * varies still splits it.
     */
    public static String task(String text) {
        String skeleton = of(text);
        StringBuilder task = new StringBuilder();
        for (String clause : CLAUSE_END.split(skeleton)) {
            if (clause.contains("<n>")) {
                task.append(task.isEmpty() ? "" : " | ").append(clause.strip().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return task.isEmpty() ? skeleton.toLowerCase(java.util.Locale.ROOT) : task.toString();
    }

    /** A 64-bit hash of {@link #task(String)}. */
    public static long taskHash(String text) {
        return dev.distill4j.curate.Hash64.word(task(text));
    }

    /** The number literals that {@link #of(String)} masks as {@code <n>}, in order, as written. */
    static List<String> numberLiterals(String text) {
        Matcher m = NUMBER.matcher(hideSpans(text));
        List<String> literals = new ArrayList<>();
        while (m.find()) {
            literals.add(m.group());
        }
        return literals;
    }

    /** The first three masks: spans whose digits must not count as numbers. */
    private static String hideSpans(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        String masked = URL.matcher(text).replaceAll("<url>");
        masked = EMAIL.matcher(masked).replaceAll("<email>");
        return QUOTED.matcher(masked).replaceAll("<q>");
    }

    private static String maskNames(String text) {
        Matcher m = NAME.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (m.find()) {
            out.append(text, copied, m.start());
            out.append(startsSentence(text, m.start()) ? m.group() : "<name>");
            copied = m.end();
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** Whether only white space separates {@code index} from the text's start, a line break or a sentence end. */
    private static boolean startsSentence(String text, int index) {
        int i = index - 1;
        while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
            if (text.charAt(i) == '\n' || text.charAt(i) == '\r') {
                return true;
            }
            i--;
        }
        if (i < 0) {
            return true;
        }
        char before = text.charAt(i);
        return (before == '.' || before == '!' || before == '?') && i < index - 1;
    }
}
