package dev.distill4j.serve.guard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TemplateSkeletonTest {
    @Test
    void should_give_instances_of_one_arithmetic_template_one_skeleton() {
        assertThat(TemplateSkeleton.of("What is 23 + 58?")).isEqualTo("What is <n> + <n>?");
        assertThat(TemplateSkeleton.of("What is 7 + 1204?")).isEqualTo("What is <n> + <n>?");
        assertThat(TemplateSkeleton.hash("What is 23 + 58?")).isEqualTo(TemplateSkeleton.hash("What is 7 + 1204?"));
    }

    @Test
    void should_mask_names_that_do_not_start_a_sentence() {
        String alice = "Please summarise this email from Alice about the Q3 budget";
        String bob = "Please summarise this email from Bob about the Q3 budget";
        assertThat(TemplateSkeleton.of(alice)).isEqualTo("Please summarise this email from <name> about the Q3 budget");
        assertThat(TemplateSkeleton.of(bob)).isEqualTo(TemplateSkeleton.of(alice));
        assertThat(TemplateSkeleton.hash(bob)).isEqualTo(TemplateSkeleton.hash(alice));
        // Sentence starts are kept, after a full stop, a question mark or a line break.
        assertThat(TemplateSkeleton.of("Thanks. Please ask Carol! Then Dave?\nSure")).isEqualTo("Thanks. Please ask <name>! Then <name>? Sure");
        // All-caps words and single capitals are not names.
        assertThat(TemplateSkeleton.of("Ask IBM and I will")).isEqualTo("Ask IBM and I will");
    }

    @Test
    void should_give_different_templates_different_skeletons() {
        assertThat(TemplateSkeleton.of("What is 23 + 58?")).isNotEqualTo(TemplateSkeleton.of("What is 23 * 58?"));
        assertThat(TemplateSkeleton.hash("What is 23 + 58?")).isNotEqualTo(TemplateSkeleton.hash("What is 23 * 58?"));
        assertThat(TemplateSkeleton.hash("Summarise this email from Alice"))
                .isNotEqualTo(TemplateSkeleton.hash("Translate this email from Alice"));
    }

    @Test
    void should_mask_numbers_of_every_shape() {
        assertThat(TemplateSkeleton.of("add 42 and -17 and +3")).isEqualTo("add <n> and <n> and <n>");
        assertThat(TemplateSkeleton.of("pay 3.14 or -0.5 or 1,204 or 12,345,678.90 now")).isEqualTo("pay <n> or <n> or <n> or <n> now");
        assertThat(TemplateSkeleton.of("compute 5-3 and 23+58")).isEqualTo("compute <n>-<n> and <n>+<n>");
        assertThat(TemplateSkeleton.of("list 1,2,3")).isEqualTo("list <n>,<n>,<n>");
        // A number ending a sentence keeps the full stop; digits inside words are not numbers.
        assertThat(TemplateSkeleton.of("Use gpt4 for Q3 and 7.")).isEqualTo("Use gpt4 for Q3 and <n>.");
    }

    @Test
    void should_mask_quotes_emails_and_urls_before_the_numbers_inside_them() {
        assertThat(TemplateSkeleton.of("Translate \"Guten Tag 2\" to English")).isEqualTo("Translate <q> to <name>");
        assertThat(TemplateSkeleton.of("Reverse 'abc 12' please, don't worry")).isEqualTo("Reverse <q> please, don't worry");
        assertThat(TemplateSkeleton.of("Quote “hi” and ‘yo’")).isEqualTo("Quote <q> and <q>");
        assertThat(TemplateSkeleton.of("mail bob.smith42@example.co.uk today")).isEqualTo("mail <email> today");
        assertThat(TemplateSkeleton.of("fetch https://example.com/page?id=123, then www.site9.org/a.")).isEqualTo("fetch <url>, then <url>.");
    }

    @Test
    void should_collapse_white_space() {
        assertThat(TemplateSkeleton.of("  What\tis \n\n 2 +   2 ?  ")).isEqualTo("What is <n> + <n> ?");
    }
}
