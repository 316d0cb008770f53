package dev.distill4j.tasks.verify;

import dev.distill4j.core.VerifierSpec;
import dev.distill4j.core.verify.Verifier;
import dev.distill4j.core.verify.VerifierProvider;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code choice}: multiple choice; the answer picks exactly one choice, the reference's. */
public final class ChoiceVerifierProvider implements VerifierProvider {
    private static final List<String> DEFAULT_CHOICES = List.of("A", "B", "C", "D");

    @Override
    public String type() {
        return "choice";
    }

    @Override
    public Set<String> options() {
        return Set.of("choices");
    }

    @Override
    public String description() {
        return "multiple choice: the answer names exactly one choice (B, (B), B., or its text); option choices "
                + "(default [A, B, C, D])";
    }

    @Override
    public Verifier create(VerifierSpec spec) {
        VerifierOptions options = new VerifierOptions(spec);
        List<String> choices = options.strings("choices", DEFAULT_CHOICES);
        Set<String> seen = new HashSet<>();
        for (String choice : choices) {
            if (!seen.add(AnswerText.normalize(choice, true).toLowerCase(Locale.ROOT))) {
                throw options.invalid("choices", "distinct choices", choices);
            }
        }
        if (choices.size() > 26) {
            throw options.invalid("choices", "at most 26 choices", choices.size() + " choices");
        }
        return new ChoiceVerifier(choices);
    }
}
