package dev.distill4j.tasks.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerTextTest {

    @Test
    void should_normalise_width_whitespace_and_case() {
        assertThat(AnswerText.normalize("  Ｎｅｗ\u00A0\u00A0York\n", false)).isEqualTo("New York");
        assertThat(AnswerText.normalize("New  YORK", true)).isEqualTo("new york");
    }

    @Test
    void should_strip_markdown_and_tex_wrappers() {
        assertThat(AnswerText.stripDecorations(" **`42`** ")).isEqualTo("42");
        assertThat(AnswerText.stripDecorations("$\\(x+1\\)$")).isEqualTo("x+1");
        assertThat(AnswerText.stripDecorations("```".repeat(100_000))).isEmpty();
    }

    @Test
    void should_drop_one_sentence_period_only() {
        assertThat(AnswerText.withoutFinalPeriod("42.")).isEqualTo("42");
        assertThat(AnswerText.withoutFinalPeriod("wait...")).isEqualTo("wait...");
    }

    @Test
    void should_find_the_last_non_blank_line() {
        assertThat(AnswerText.lastNonBlankLine("a\n  b c \n\n \r\n")).isEqualTo("b c");
        assertThat(AnswerText.lastNonBlankLine(" \n ")).isEmpty();
    }

    @Test
    void should_clip_long_text_and_say_its_length() {
        String clipped = AnswerText.clip("9".repeat(1_000_000));
        assertThat(clipped).isEqualTo("9".repeat(200) + "… (1000000 chars)");
    }

    @Test
    void should_make_null_bytes_and_lone_surrogates_safe_to_store() {
        assertThat(AnswerText.clip("a\u0000b\uD800c\uDC00d\uD83D\uDE00")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uD83D\uDE00");
    }
}
