package dev.distill4j.client.score;

/**
 * A text for the teacher to score: the rendered prompt followed by the student's completion, and where the part to
 * score (the completion) begins.
 *
 * @param text      the full text, as the teacher's tokenizer should read it (a chat prompt rendered with the teacher's
 *                  template, then the completion); not empty, since servers refuse an empty prompt
 * @param scoreFrom the character (UTF-16 unit) offset where the scored part begins, in {@code [0, text.length()]}
 */
public record ScoringText(String text, int scoreFrom) {
    public ScoringText {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("field 'text': expected a non-empty text (servers refuse an empty prompt), got "
                    + (text == null ? "null" : "''"));
        }
        if (scoreFrom < 0 || scoreFrom > text.length()) {
            throw new IllegalArgumentException("field 'score_from': expected an offset in [0, " + text.length() + "], got " + scoreFrom);
        }
    }
}
