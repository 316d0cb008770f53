package dev.distill4j.serve.guard;

/**
 * How often each prompt identity ({@link PromptTrace#identity()}) occurs, counted only as once or more than once (all
 * that novelty needs), and which key added it last, so that a key asking its own prompt again is seen as it is added.
 *
 * <p>One flat {@code long[]} (open addressing, linear probing) holding each entry's identity and, beside it, its last
 * owner and count: a probe touches one cache line, and counting the half a million requests of a full ledger takes
 * milliseconds where a {@code HashMap<PromptTrace, Integer>} took tens. The identity 0 is stored as 1 (0 marks an empty
 * slot); one more collision in 2^64 is nothing.
 */
final class IdentityCounts {
    /** Per slot: the identity, then {@code owner << 2 | count} with the count saturating at 2. */
    private final long[] table;

    /** @param expected the most identities that will be added (the table does not grow) */
    IdentityCounts(int expected) {
        // At most half full: short probe runs without growing.
        int slots = Integer.highestOneBit(Math.max(16, 2 * expected) - 1) << 1;
        table = new long[2 * slots];
    }

    /**
     * Counts one occurrence of {@code identity}, asked by key number {@code owner}; true when that key had asked it
     * already. Every key's identities must be added together (not interleaved with another key's), or a repeat after
     * another key's is missed.
     */
    boolean add(long identity, int owner) {
        int i = find(identity);
        long state = table[i + 1];
        int count = (int) (state & 3);
        boolean repeat = count > 0 && (state >>> 2) == owner;
        table[i] = nonZero(identity);
        table[i + 1] = (long) owner << 2 | Math.min(2, count + 1);
        return repeat;
    }

    /** Whether {@code identity} was added exactly once. */
    boolean once(long identity) {
        return (table[find(identity) + 1] & 3) == 1;
    }

    /** The index of the slot holding {@code identity}, or of the empty one where it would go. */
    private int find(long identity) {
        long value = nonZero(identity);
        int mask = table.length / 2 - 1;
        // Identities are already mixed hashes; fold the high bits in so a table of any size uses all of them.
        int slot = (int) (value ^ (value >>> 32)) & mask;
        while (table[2 * slot] != 0 && table[2 * slot] != value) {
            slot = (slot + 1) & mask;
        }
        return 2 * slot;
    }

    private static long nonZero(long identity) {
        return identity == 0 ? 1 : identity;
    }
}
