package dev.distill4j.client;

import java.util.List;

/**
 * What a call brought back.
 *
 * @param endpoint the name of the endpoint that answered
 * @param model    the model the server says answered
 * @param choices  the completions, indexed 0..n-1
 * @param usage    tokens billed, summed over the requests the call needed
 * @param attempts how many attempts the client made, the successful one included
 */
public record TeacherResult(String endpoint, String model, List<Completion> choices, Usage usage, int attempts) {
    public TeacherResult {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("field 'endpoint': expected an endpoint name, got " + endpoint);
        }
        model = model == null ? "" : model;
        choices = List.copyOf(choices);
        for (int i = 0; i < choices.size(); i++) {
            if (choices.get(i).index() != i) {
                throw new IllegalArgumentException("field 'choices[" + i + "].index': expected " + i + ", got " + choices.get(i).index());
            }
        }
        if (usage == null) {
            throw new IllegalArgumentException("field 'usage': expected token counts, got null");
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("field 'attempts': expected a number >= 1, got " + attempts);
        }
    }

    TeacherResult withAttempts(int count) {
        return new TeacherResult(endpoint, model, choices, usage, count);
    }
}
