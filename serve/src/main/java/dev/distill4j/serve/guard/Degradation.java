package dev.distill4j.serve.guard;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One way the guard degrades a key's answers ({@link GuardAction#DEGRADE}). Each takes away one thing a distilled
 * student learns from, so that a simulation can measure what each costs an attacker on its own; the policy's set says
 * which ones a degraded key gets. The first two change the request before it is generated, the last two the answer
 * before it is written.
 */
public enum Degradation {
    /** {@code n} forced to 1: no several samples per prompt (what sequence-level distillation averages over). */
    ONE_SAMPLE,
    /** No logprobs, no top_logprobs, no prompt scoring: no soft targets (Hinton et al. 2015) and no logit-level extraction. */
    NO_LOGPROBS,
    /**
     * Logprobs still returned, but every value (the sampled token's, each top_logprobs alternative's, the prompt's) rounded
     * to a multiple of {@link #LOGPROB_STEP}: the ranking survives, the fine distribution a student matches does not.
     */
    ROUNDED_LOGPROBS,
    /**
     * The worked reasoning withheld: the answer's text replaced by its {@link #finalAnswer final answer}, and the
     * generated tokens' logprobs dropped, since they would spell the withheld text out (prompt logprobs, of the client's
     * own text, stay). A student then learns answers without the steps that make them (chain-of-thought distillation
     * needs the steps). Usage still counts the tokens generated.
     */
    FINAL_ANSWER_ONLY;

    /** The grid {@link #ROUNDED_LOGPROBS} rounds to, in nats: one nat, a factor of e in probability. */
    public static final double LOGPROB_STEP = 1.0;

    private static final String THINK_OPEN = "<think>";
    private static final String THINK_CLOSE = "</think>";

    /** The name in configs and on the command line, such as {@code final_answer_only}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The degradation of a config name; the error lists the valid names. */
    public static Degradation parse(String name) {
        for (Degradation degradation : values()) {
            if (degradation.configName().equals(name.strip())) {
                return degradation;
            }
        }
        throw new IllegalArgumentException("unknown degradation '" + name + "': expected one of " + names());
    }

    /** A comma-separated list of config names, such as {@code one_sample,no_logprobs}; at least one. */
    public static Set<Degradation> parseList(String list) {
        Set<Degradation> parsed = EnumSet.noneOf(Degradation.class);
        for (String name : list.split(",")) {
            if (!name.isBlank()) {
                parsed.add(parse(name));
            }
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("no degradation in '" + list + "': expected one or more of " + names());
        }
        return parsed;
    }

    /** The config names of a set, in declaration order, comma-separated. */
    public static String names(Set<Degradation> degradations) {
        return degradations.stream().sorted().map(Degradation::configName).collect(Collectors.joining(","));
    }

    private static String names() {
        return Arrays.stream(values()).map(Degradation::configName).collect(Collectors.joining(", "));
    }

    /**
     * A logprob rounded to the nearest multiple of {@link #LOGPROB_STEP} (halves towards zero), never above 0: -0.4
     * gives 0, -1.5 gives -1, -2.6 gives -3. Infinite and NaN values pass as they are.
     */
    public static double roundLogprob(double logprob) {
        if (!Double.isFinite(logprob)) {
            return logprob;
        }
        // +0.0 rather than -0.0: JSON writers print "-0.0", which some clients reject as a logprob.
        return Math.min(0.0, Math.round(logprob / LOGPROB_STEP) * LOGPROB_STEP) + 0.0;
    }

    /**
     * The final answer of a generated text, what {@link #FINAL_ANSWER_ONLY} leaves. If the text has a
     * {@code <think>…</think>} block, the text without it (a {@code </think>} with no opening removes what precedes it,
     * as templates that open the block in the prompt produce; an unclosed {@code <think>}, cut off by max_tokens, removes
     * what follows it). Otherwise its last non-blank line: the shipped arithmetic teacher ends with {@code Answer: N},
     * GSM8K-style answers with {@code #### N}. Surrounding whitespace is stripped.
     */
    public static String finalAnswer(String text) {
        if (text.contains(THINK_OPEN) || text.contains(THINK_CLOSE)) {
            return withoutThinking(text).strip();
        }
        String[] lines = text.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i].strip();
            }
        }
        return "";
    }

    private static String withoutThinking(String text) {
        StringBuilder kept = new StringBuilder();
        int at = 0;
        int firstOpen = text.indexOf(THINK_OPEN);
        int firstClose = text.indexOf(THINK_CLOSE);
        if (firstClose >= 0 && (firstOpen < 0 || firstClose < firstOpen)) {
            at = firstClose + THINK_CLOSE.length();
        }
        while (at < text.length()) {
            int open = text.indexOf(THINK_OPEN, at);
            if (open < 0) {
                kept.append(text, at, text.length());
                break;
            }
            kept.append(text, at, open);
            int close = text.indexOf(THINK_CLOSE, open + THINK_OPEN.length());
            if (close < 0) {
                break;
            }
            at = close + THINK_CLOSE.length();
        }
        return kept.toString();
    }
}
