package dev.distill4j.tasks.verify;

import dev.distill4j.core.VerifierSpec;
import dev.distill4j.core.verify.Verifier;
import dev.distill4j.core.verify.VerifierProvider;
import java.util.Set;

/** {@code exact}: the answer equals the reference as normalised text. */
public final class ExactVerifierProvider implements VerifierProvider {
    @Override
    public String type() {
        return "exact";
    }

    @Override
    public Set<String> options() {
        return Set.of("ignore_case", AnswerSource.OPTION);
    }

    @Override
    public String description() {
        return "the answer equals the reference after NFKC, trimming and collapsing whitespace; options ignore_case "
                + "(false), extract (final_line: marker else last non-blank line | last_number | whole)";
    }

    @Override
    public Verifier create(VerifierSpec spec) {
        VerifierOptions options = new VerifierOptions(spec);
        return new ExactVerifier(AnswerSource.from(options), options.flag("ignore_case", false));
    }
}
