package dev.distill4j.client;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the SDK's chat completion into a {@link TeacherResult}. The SDK checks fields when they are read, so a
 * body of the wrong shape fails here, as {@link com.openai.errors.OpenAIInvalidDataException}.
 */
final class OpenAiResponses {
    private OpenAiResponses() {}

    static TeacherResult toResult(String endpoint, ChatCompletion completion) {
        List<Completion> choices = completion.choices().stream()
                .sorted(Comparator.comparingLong(ChatCompletion.Choice::index))
                .map(choice -> new Completion(Math.toIntExact(choice.index()), choice.message().content().orElse(""),
                        choice.finishReason().asString(), logprobs(choice)))
                .toList();
        Usage usage = completion.usage().map(u -> new Usage(u.promptTokens(), u.completionTokens())).orElse(Usage.NONE);
        return new TeacherResult(endpoint, completion.model(), choices, usage, 1);
    }

    private static List<TokenLogprob> logprobs(ChatCompletion.Choice choice) {
        return choice.logprobs().flatMap(ChatCompletion.Choice.Logprobs::content).orElse(List.of()).stream()
                .map(OpenAiResponses::token)
                .toList();
    }

    private static TokenLogprob token(ChatCompletionTokenLogprob token) {
        List<TopLogprob> top = token.topLogprobs().stream().map(alt -> new TopLogprob(alt.token(), alt.logprob())).toList();
        return new TokenLogprob(token.token(), token.logprob(), top);
    }
}
