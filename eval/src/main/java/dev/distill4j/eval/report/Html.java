package dev.distill4j.eval.report;

/**
 * Escaping of text into HTML. Every string the report prints came from somewhere else (a task family's name, a
 * teacher's model id, a command line with quotes in it), so every one goes through here: a source called
 * {@code <script>} must show as text, not run.
 */
public final class Html {
    private Html() {}

    /**
     * Text safe in an element's content and in a double- or single-quoted attribute value. A null prints as the
     * empty string: the report says "not measured" in words where it matters, never "null".
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                // Control characters other than tab and newlines are not allowed in HTML text; show them as U+FFFD.
                default -> out.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }
}
