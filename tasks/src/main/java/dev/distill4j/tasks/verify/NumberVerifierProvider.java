package dev.distill4j.tasks.verify;

import dev.distill4j.core.VerifierSpec;
import dev.distill4j.core.verify.Verifier;
import dev.distill4j.core.verify.VerifierProvider;
import java.util.Set;

/** {@code number}: a real-number answer within {@code rel_tol} / {@code abs_tol} of the reference. */
public final class NumberVerifierProvider implements VerifierProvider {
    @Override
    public String type() {
        return "number";
    }

    @Override
    public Set<String> options() {
        return Set.of("rel_tol", "abs_tol", "percent", AnswerSource.OPTION);
    }

    @Override
    public String description() {
        return "a real number within tolerance of the reference (1.5e3, 1,234.50, 3/4); options rel_tol (1e-9), "
                + "abs_tol (0), percent (false), extract";
    }

    @Override
    public Verifier create(VerifierSpec spec) {
        VerifierOptions options = new VerifierOptions(spec);
        Tolerance tolerance = new Tolerance(options.nonNegative("rel_tol", 1e-9), options.nonNegative("abs_tol", 0));
        return new NumberVerifier(AnswerSource.from(options), tolerance, options.flag("percent", false));
    }
}
