package dev.distill4j.tasks.verify;

import dev.distill4j.core.Judgement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer picks exactly one of the choices, and it is the reference's. Choices are either labels
 * ({@code ["A","B","C","D"]}: single letters or digits) or texts, which are then labelled A, B, C… in order.
 * An answer may give a label alone or wrapped ("B", "(B)", "B)", "B."), a choice's text, or both ("B) Paris");
 * naming two different choices ("A or B") fails as ambiguous, since taking either would reward hedging.
 */
final class ChoiceVerifier extends TotalVerifier {
    private static final Pattern LONE_LABEL = Pattern.compile("[(\\[]?\\s*(\\p{L}|\\p{Nd})\\s*[)\\].:]?");

    private final List<String> labels;
    private final List<String> texts;

    /** @param choices labels, or texts when any choice is longer than one letter or digit */
    ChoiceVerifier(List<String> choices) {
        boolean labelsOnly = choices.stream().map(String::strip)
                .allMatch(c -> c.codePointCount(0, c.length()) == 1 && Character.isLetterOrDigit(c.codePointAt(0)));
        if (labelsOnly) {
            this.labels = choices.stream().map(String::strip).toList();
            this.texts = List.of();
        } else {
            List<String> letters = new ArrayList<>();
            for (int i = 0; i < choices.size(); i++) {
                letters.add(String.valueOf((char) ('A' + i)));
            }
            this.labels = List.copyOf(letters);
            this.texts = choices.stream().map(c -> fold(AnswerText.normalize(c, false))).toList();
        }
    }

    /** Which choice a text picks: the index, or a failure that says why none. */
    record Pick(int index, String failure) {}

    @Override
    Judgement judge(String reference, String completion) {
        Pick wanted = pick(reference);
        if (wanted.failure() != null) {
            return Judgement.fail("reference does not name one choice (" + wanted.failure() + ")", null);
        }
        Optional<FinalAnswer> marker = FinalAnswer.find(completion);
        String answer = marker.map(FinalAnswer::text).orElseGet(() -> AnswerText.lastNonBlankLine(completion));
        Pick got = pick(answer);
        if (got.failure() != null) {
            return Judgement.fail(got.failure(), AnswerText.clip(answer));
        }
        String gotLabel = labels.get(got.index());
        if (got.index() == wanted.index()) {
            return Judgement.pass(gotLabel);
        }
        return Judgement.fail("expected " + describe(wanted.index()) + ", got " + describe(got.index()), gotLabel);
    }

    Pick pick(String raw) {
        String answer = AnswerText.normalize(AnswerText.stripDecorations(raw), false);
        Matcher lone = LONE_LABEL.matcher(answer);
        if (lone.matches()) {
            for (int i = 0; i < labels.size(); i++) {
                if (labels.get(i).equalsIgnoreCase(lone.group(1))) {
                    return new Pick(i, null);
                }
            }
        }
        String lower = fold(answer);
        String lowerNoPeriod = AnswerText.withoutFinalPeriod(lower);
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).equals(lower) || texts.get(i).equals(lowerNoPeriod)) {
                return new Pick(i, null);
            }
        }
        TreeSet<Integer> named = mentions(answer, lower);
        if (named.isEmpty()) {
            return new Pick(-1, "no choice found in '" + AnswerText.clip(answer, 60) + "'");
        }
        if (named.size() > 1) {
            return new Pick(-1, "ambiguous answer: names " + String.join(" and ", named.stream().map(this::describe).toList()));
        }
        return new Pick(named.first(), null);
    }

    /**
     * The choices an answer names in prose. Longer texts are matched first and claim their span, so
     * "New York City" does not also name "New York", and "Vitamin C" does not name label C.
     */
    private TreeSet<Integer> mentions(String answer, String lower) {
        TreeSet<Integer> named = new TreeSet<>();
        BitSet claimed = new BitSet(lower.length());
        List<Integer> byLength = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            byLength.add(i);
        }
        byLength.sort(Comparator.comparingInt((Integer i) -> texts.get(i).length()).reversed());
        for (int i : byLength) {
            String text = texts.get(i);
            for (int at = lower.indexOf(text); at >= 0 && !text.isEmpty(); at = lower.indexOf(text, at + 1)) {
                int end = at + text.length();
                if (isBoundary(lower, at - 1) && isBoundary(lower, end) && !claimed.get(at)) {
                    named.add(i);
                    claimed.set(at, end);
                }
            }
        }
        // Labels in prose count only as written (upper case A-D): a lower-case "a" is the article.
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            for (int at = answer.indexOf(label); at >= 0; at = answer.indexOf(label, at + 1)) {
                if (isBoundary(answer, at - 1) && isBoundary(answer, at + label.length()) && !claimed.get(at)) {
                    named.add(i);
                    break;
                }
            }
        }
        return named;
    }

    /** Lower case char by char, so that positions in the folded text are positions in the original. */
    private static String fold(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(chars[i]);
        }
        return new String(chars);
    }

    private static boolean isBoundary(String s, int i) {
        return i < 0 || i >= s.length() || !Character.isLetterOrDigit(s.charAt(i));
    }

    private String describe(int index) {
        return texts.isEmpty() ? labels.get(index) : labels.get(index) + " (" + AnswerText.clip(texts.get(index), 40) + ")";
    }
}
