package dev.distill4j.curate;

import java.util.HashMap;
import java.util.Map;

/**
 * Where the near-duplicate index finds the text of a document it kept earlier, to verify a candidate pair by exact
 * Jaccard. The index itself holds only ids and band keys; whoever owns the corpus can read the few candidates back
 * (a run store by key, a file by offset, a generator by seed) and keep memory bounded by the index.
 */
public interface KeptTexts {
    /** Called once for each document the index keeps. */
    void keep(int id, String text);

    /** The text of a document kept under {@code id}. */
    String text(int id);

    /** Holds every kept text in memory: simple, and right for a run's worth of examples, not for a billion. */
    static KeptTexts inMemory() {
        return new KeptTexts() {
            private final Map<Integer, String> texts = new HashMap<>();

            @Override
            public void keep(int id, String text) {
                texts.put(id, text);
            }

            @Override
            public String text(int id) {
                String text = texts.get(id);
                if (text == null) {
                    throw new IllegalArgumentException("field 'id': no kept text has id " + id);
                }
                return text;
            }
        };
    }

    /** Reads kept texts back from the corpus; nothing is held. */
    static KeptTexts readBack(java.util.function.IntFunction<String> reader) {
        return new KeptTexts() {
            @Override
            public void keep(int id, String text) {}

            @Override
            public String text(int id) {
                return reader.apply(id);
            }
        };
    }
}
