package dev.distill4j.curate;

/**
 * A set of 64-bit hashes in one {@code long[]} (open addressing, linear probing): 8 to 16 bytes per entry where a
 * {@code HashSet<Long>} takes about 50, which is what lets the indexes hold millions of documents.
 * Zero marks an empty slot; the hash zero itself is remembered in a flag.
 */
final class LongHashSet {
    private static final double MAX_LOAD = 0.6;
    private long[] slots;
    private int size;
    private boolean hasZero;

    LongHashSet() {
        this(1024);
    }

    LongHashSet(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, (int) Math.min(1 << 30, expected / MAX_LOAD)) - 1) << 1;
        slots = new long[capacity];
    }

    int size() {
        return size + (hasZero ? 1 : 0);
    }

    boolean contains(long value) {
        if (value == 0) {
            return hasZero;
        }
        int mask = slots.length - 1;
        for (int i = slot(value, mask); ; i = (i + 1) & mask) {
            long here = slots[i];
            if (here == value) {
                return true;
            }
            if (here == 0) {
                return false;
            }
        }
    }

    /** Adds {@code value}; true if it was not there yet. */
    boolean add(long value) {
        if (value == 0) {
            boolean added = !hasZero;
            hasZero = true;
            return added;
        }
        int mask = slots.length - 1;
        for (int i = slot(value, mask); ; i = (i + 1) & mask) {
            long here = slots[i];
            if (here == value) {
                return false;
            }
            if (here == 0) {
                slots[i] = value;
                if (++size > slots.length * MAX_LOAD) {
                    grow();
                }
                return true;
            }
        }
    }

    /** Bytes held by the table (what the index costs in memory). */
    long bytes() {
        return 8L * slots.length;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long value : old) {
            if (value != 0) {
                int i = slot(value, mask);
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = value;
            }
        }
    }

    private static int slot(long value, int mask) {
        // The values are already mixed hashes; fold the high bits in so a table of any size uses all of them.
        return (int) (value ^ (value >>> 32)) & mask;
    }

    @Override
    public String toString() {
        return "LongHashSet[size=" + size() + ", capacity=" + slots.length + "]";
    }
}
