package dev.distill4j.serve.guard;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} items seen for one API key, in a ring buffer: the guard keeps raw prompt text only here,
 * so what it holds per key is bounded however long the key keeps sending (older prompts survive only as sketches).
 *
 * <p>Thread-safe: every method holds the window's monitor for a few array writes or one copy, and nothing blocks
 * inside it, so the lock is cheap even for requests on virtual threads.
 *
 * @param <T> what is kept: prompt text, sketches, skeleton hashes
 */
public final class PromptWindow<T> {
    private final Object[] ring;
    /** Index the next item goes to. */
    private int next;
    private int size;

    /** An empty window that keeps the last {@code capacity} items; {@code capacity} must be at least 1. */
    public PromptWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        ring = new Object[capacity];
    }

    /** Adds {@code item} as the newest, dropping the oldest when the window is full; null is refused. */
    public synchronized void add(T item) {
        if (item == null) {
            throw new IllegalArgumentException("item must not be null");
        }
        ring[next] = item;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    /** A copy of the items, oldest first. */
    @SuppressWarnings("unchecked")
    public synchronized List<T> items() {
        List<T> items = new ArrayList<>(size);
        int oldest = (next - size + ring.length) % ring.length;
        for (int i = 0; i < size; i++) {
            items.add((T) ring[(oldest + i) % ring.length]);
        }
        return List.copyOf(items);
    }

    /** How many items the window holds now, at most {@link #capacity()}. */
    public synchronized int size() {
        return size;
    }

    /** How many items the window keeps. */
    public int capacity() {
        return ring.length;
    }

    @Override
    public synchronized String toString() {
        // Only counts: the items may be raw prompts, which must not reach logs.
        return "PromptWindow[size=" + size + ", capacity=" + ring.length + "]";
    }
}
