package dev.distill4j.client.score;

/**
 * What a server's {@code text_offset} counts. The two agree on any text without characters outside the Basic
 * Multilingual Plane (emoji, some CJK); on a text with them, every offset after the first such character differs.
 */
public enum OffsetUnit {
    /** UTF-16 code units, Java's {@code String.length()}: distill4j's own server. */
    UTF16,
    /** Unicode code points, Python's {@code len(str)}: vLLM and other Python servers. */
    CODE_POINTS
}
