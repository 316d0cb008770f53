package dev.distill4j.curate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordsTest {
    @Test
    void should_lower_case_collapse_whitespace_and_strip_punctuation() {
        assertThat(Words.normalise("  Hello,\tWORLD!!\n\n  It's 3.5 -- ok?")).isEqualTo("hello world it s 3 5 ok");
        assertThat(Words.normalise("...!?")).isEmpty();
        assertThat(Words.normalise("Ünïcödé Straße")).isEqualTo("ünïcödé straße");
    }

    @Test
    void should_hash_the_words_of_the_normalised_text_one_by_one() {
        long[] hashes = Words.hashes("Hello,  World! 42");
        assertThat(hashes).containsExactly(Hash64.word("hello"), Hash64.word("world"), Hash64.word("42"));
        assertThat(Words.hashes("hello world 42")).containsExactly(hashes);
        assertThat(Words.hashes("")).isEmpty();
    }

    @Test
    void should_file_texts_that_differ_only_in_case_spacing_and_punctuation_under_one_key() {
        assertThat(ExactDuplicateIndex.keyOf("The answer is 42.")).isEqualTo(ExactDuplicateIndex.keyOf("the  ANSWER, is 42"));
        assertThat(ExactDuplicateIndex.keyOf("the answer is 42")).isNotEqualTo(ExactDuplicateIndex.keyOf("the answer is 43"));
        // Order matters: the same words in another order are another text.
        assertThat(ExactDuplicateIndex.keyOf("is the answer 42")).isNotEqualTo(ExactDuplicateIndex.keyOf("the answer is 42"));
    }
}
