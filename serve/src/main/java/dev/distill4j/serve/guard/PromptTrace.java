package dev.distill4j.serve.guard;

import java.util.Arrays;
import java.util.List;

/**
 * What the guard keeps of a prompt instead of its text: the hash of its template skeleton (numbers, quotes, names
 * masked) and the first few numbers it held, the operands a task-space walk varies. Neither gives the prompt back.
 *
 * @param skeleton {@link TemplateSkeleton#hash(String)} of the prompt
 * @param operands its first {@link #MAX_OPERANDS} numbers, in order
 */
public record PromptTrace(long skeleton, long[] operands) {
    /** Enough for the operands of a templated task; more would start to keep the prompt's content. */
    public static final int MAX_OPERANDS = 6;

    public PromptTrace {
        operands = Arrays.copyOf(operands, Math.min(operands.length, MAX_OPERANDS));
    }

    /** The trace of a prompt's text (the concatenated user-visible text of its messages). */
    public static PromptTrace of(String text) {
        List<Long> numbers = OperandEnumeration.numbers(text);
        return new PromptTrace(TemplateSkeleton.hash(text), numbers.stream().limit(MAX_OPERANDS).mapToLong(Long::longValue).toArray());
    }

    @Override
    public long[] operands() {
        return operands.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PromptTrace that && skeleton == that.skeleton && Arrays.equals(operands, that.operands);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(skeleton) + Arrays.hashCode(operands);
    }

    @Override
    public String toString() {
        return "PromptTrace[skeleton=" + Long.toHexString(skeleton) + ", operands=" + operands.length + "]";
    }
}
