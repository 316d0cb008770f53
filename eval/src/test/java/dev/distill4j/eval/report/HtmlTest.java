package dev.distill4j.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void should_escape_the_five_characters_that_mean_something_in_html() {
        assertThat(Html.escape("<a href=\"x\" title='y'>Tom & Jerry</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;");
    }

    @Test
    void should_escape_an_ampersand_that_already_looks_like_an_entity() {
        // The text "&lt;" is four characters a user typed; it must show as them, not as "<".
        assertThat(Html.escape("&lt;")).isEqualTo("&amp;lt;");
    }

    @Test
    void should_keep_unicode_and_whitespace_and_replace_control_characters() {
        assertThat(Html.escape("Jaccard ≥ 0.8 — 日本\tx\ny")).isEqualTo("Jaccard ≥ 0.8 — 日本\tx\ny");
        assertThat(Html.escape("a\u0000b\u001bc\u007f")).isEqualTo("a\uFFFDb\uFFFDc\uFFFD");
    }

    @Test
    void should_print_nothing_for_null() {
        assertThat(Html.escape(null)).isEmpty();
    }
}
