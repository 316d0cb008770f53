package dev.distill4j.serve.guard;

import java.util.Arrays;
import java.util.List;

/**
 * What the guard keeps of a prompt instead of its text: the hash of its template skeleton (numbers, quotes, names
 * masked) and the first few numbers it held, the operands a task-space walk varies. Neither gives the prompt back.
 *
 * @param skeleton {@link TemplateSkeleton#hash(String)} of the prompt
 * @param operands its first {@link #MAX_OPERANDS} numbers, in order
 * @param task     {@link TemplateSkeleton#taskHash(String)}: the skeleton of the clauses that hold its numbers, the
 *                 same under different chat wrappers (0 in ledgers saved before it was kept: the skeleton stands in)
 */
public record PromptTrace(long skeleton, long[] operands, long task) {
    /** Enough for the operands of a templated task; more would start to keep the prompt's content. */
    public static final int MAX_OPERANDS = 6;

    public PromptTrace {
        operands = Arrays.copyOf(operands, Math.min(operands.length, MAX_OPERANDS));
        task = task == 0 ? skeleton : task;
    }

    /** A trace whose task is its whole skeleton. */
    public PromptTrace(long skeleton, long[] operands) {
        this(skeleton, operands, skeleton);
    }

    /** The trace of a prompt's text (the concatenated user-visible text of its messages). */
    public static PromptTrace of(String text) {
        List<Long> numbers = OperandEnumeration.numbers(text);
        return new PromptTrace(TemplateSkeleton.hash(text), numbers.stream().limit(MAX_OPERANDS).mapToLong(Long::longValue).toArray(),
                TemplateSkeleton.taskHash(text));
    }

    /**
     * A 64-bit hash of task skeleton and operands, what makes two prompts the same question whatever their wrapping, for counting prompts across
     * keys without boxing. Two different traces collide with probability 2^-64 per pair: about 10^-8 over the 2,000
     * keys x 256 requests a guard holds.
     */
    public long identity() {
        long[] words = new long[operands.length + 1];
        words[0] = task;
        System.arraycopy(operands, 0, words, 1, operands.length);
        return dev.distill4j.curate.Hash64.sequence(words, 0, words.length);
    }

    @Override
    public long[] operands() {
        return operands.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PromptTrace that && skeleton == that.skeleton && task == that.task && Arrays.equals(operands, that.operands);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(skeleton) + Long.hashCode(task)) + Arrays.hashCode(operands);
    }

    @Override
    public String toString() {
        return "PromptTrace[skeleton=" + Long.toHexString(skeleton) + ", operands=" + operands.length + "]";
    }
}
