package dev.distill4j.tasks.verify;

import dev.distill4j.core.VerifierSpec;
import dev.distill4j.core.verify.Verifier;
import dev.distill4j.core.verify.VerifierProvider;
import java.util.Set;

/** {@code integer}: the answer is the reference integer; separators, signs and digit scripts are normalised. */
public final class IntegerVerifierProvider implements VerifierProvider {
    @Override
    public String type() {
        return "integer";
    }

    @Override
    public Set<String> options() {
        return Set.of(AnswerSource.OPTION);
    }

    @Override
    public String description() {
        return "an integer answer equal to the reference (1,234 and ١٢٣٤ read as 1234); option extract: "
                + String.join(" | ", AnswerSource.optionValues());
    }

    @Override
    public Verifier create(VerifierSpec spec) {
        return new IntegerVerifier(AnswerSource.from(new VerifierOptions(spec)));
    }
}
