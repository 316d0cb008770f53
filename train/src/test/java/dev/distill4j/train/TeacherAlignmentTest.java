package dev.distill4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.Json;
import dev.distill4j.model.tokenizer.CharVocabulary;
import dev.distill4j.model.tokenizer.ChatTemplate;
import dev.distill4j.model.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A teacher's stored token logprobs placed on the student's tokens of the same conversation. */
class TeacherAlignmentTest {
    @TempDir
    static Path folder;

    private static Tokenizer tokenizer;
    private static ChatTemplate template;

    @BeforeAll
    static void vocabulary() {
        CharVocabulary.fromCharacters(CharVocabulary.PRINTABLE_ASCII).writeTo(folder);
        tokenizer = Tokenizer.load(folder);
        template = ChatTemplate.forTokenizer(tokenizer);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    /** The generate stage's stored form: one object per teacher token with its top alternatives. */
    private static JsonNode logprobs(String json) throws Exception {
        return Json.MAPPER.readTree(json);
    }

    @Test
    void should_put_each_teacher_token_and_its_alternatives_on_the_student_token_it_is() throws Exception {
        List<ChatMessage> prompt = List.of(ChatMessage.user("1+1?"));
        TeacherAlignment.Aligned aligned = TeacherAlignment.of(prompt, "2!", logprobs("""
                [{"token": "2", "logprob": -0.1, "top": [{"token": "2", "logprob": -0.1}, {"token": "3", "logprob": -2.5}, {"token": "2", "logprob": -9}]},
                 {"token": "!", "logprob": -0.2, "top": [{"token": "!", "logprob": -0.2}, {"token": "<not one token>", "logprob": -3}]}]"""),
                tokenizer, template);
        assertThat(aligned.aligned()).isTrue();
        SftExample example = aligned.example();
        int[] ids = example.tokens();
        int first = -1;
        for (int i = 0; i < ids.length; i++) {
            if (example.lossMask()[i]) {
                first = i;
                break;
            }
        }
        // The first answer token is "2", with "2" and "3" as alternatives (the repeated "2" counted once).
        assertThat(ids[first]).isEqualTo(tokenizer.encode("2")[0]);
        assertThat(example.signals().teacherTopIds()[first]).containsExactly(tokenizer.encode("2")[0], tokenizer.encode("3")[0]);
        assertThat(example.signals().teacherTopLogprobs()[first]).containsExactly(-0.1f, -2.5f);
        // "!": an alternative the student cannot spell as one token joins the remaining mass.
        assertThat(example.signals().teacherTopIds()[first + 1]).containsExactly(tokenizer.encode("!")[0]);
        // Prompt tokens and the end of the turn carry no teacher signal.
        assertThat(example.signals().teacherTopIds()[first - 1]).isEmpty();
        assertThat(example.signals().teacherTopIds()[ids.length - 1]).isEmpty();
    }

    @Test
    void should_keep_the_example_without_teacher_signal_where_the_tokens_do_not_spell_the_answer() throws Exception {
        List<ChatMessage> prompt = List.of(ChatMessage.user("1+1?"));
        TeacherAlignment.Aligned wrongText = TeacherAlignment.of(prompt, "2!", logprobs("""
                [{"token": "7", "logprob": -0.1, "top": []}, {"token": "!", "logprob": -0.2, "top": []}]"""), tokenizer, template);
        assertThat(wrongText.aligned()).isFalse();
        assertThat(wrongText.example().signals()).isNull();
        TeacherAlignment.Aligned multiCharacter = TeacherAlignment.of(prompt, "2!", logprobs("""
                [{"token": "2!", "logprob": -0.1, "top": []}]"""), tokenizer, template);
        assertThat(multiCharacter.aligned()).isFalse();
        assertThat(TeacherAlignment.of(prompt, "2!", null, tokenizer, template).aligned()).isFalse();
    }
}
