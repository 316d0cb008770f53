package dev.distill4j.tasks.verify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Balanced top-level {@code {...}} spans in prose, found in one linear pass. Inside braces it skips JSON
 * strings (so {@code "a } b"} does not close anything); since a JSON string never holds a raw line break,
 * a stray quote in prose ("it's") stops counting as a string at the end of its line.
 *
 * @param spans      the last top-level balanced spans, in text order (start inclusive, end exclusive)
 * @param lastUnclosed the innermost tracked '{' that never closes, or -1
 */
record BraceSpans(List<int[]> spans, int lastUnclosed) {
    /** Braces deeper than this are counted but not tracked: no JSON answer nests that deep. */
    private static final int TRACKED_DEPTH = 256;

    static BraceSpans scan(String text, int keep) {
        int[] opens = new int[TRACKED_DEPTH];
        int depth = 0;
        ArrayDeque<int[]> spans = new ArrayDeque<>();
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"' || c == '\n') {
                    inString = false;
                }
                continue;
            }
            if (c == '"' && depth > 0) {
                inString = true;
            } else if (c == '{') {
                if (depth < TRACKED_DEPTH) {
                    opens[depth] = i;
                }
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
                if (depth < TRACKED_DEPTH) {
                    int open = opens[depth];
                    // Spans that start inside this one were nested in it: it replaces them.
                    while (!spans.isEmpty() && spans.peekLast()[0] > open) {
                        spans.removeLast();
                    }
                    spans.addLast(new int[] {open, i + 1});
                    if (spans.size() > keep) {
                        spans.removeFirst();
                    }
                }
            }
        }
        int lastUnclosed = depth == 0 ? -1 : opens[Math.min(depth, TRACKED_DEPTH) - 1];
        return new BraceSpans(new ArrayList<>(spans), lastUnclosed);
    }
}
