package dev.distill4j.tasks.verify;

import dev.distill4j.core.VerifierSpec;
import dev.distill4j.core.verify.Verifier;
import dev.distill4j.core.verify.VerifierProvider;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code regex}: passes when {@code pattern} is found in the answer or the completion. */
public final class RegexVerifierProvider implements VerifierProvider {
    @Override
    public String type() {
        return "regex";
    }

    @Override
    public Set<String> options() {
        return Set.of("pattern", "target", "flags", "timeout_ms");
    }

    @Override
    public String description() {
        return "passes when the pattern is found; options pattern (required), target (answer | completion), "
                + "flags (i, m, s), timeout_ms (1000)";
    }

    @Override
    public Verifier create(VerifierSpec spec) {
        VerifierOptions options = new VerifierOptions(spec);
        String source = options.required("pattern");
        int flags = flags(options);
        Pattern pattern;
        try {
            pattern = Pattern.compile(source, flags);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(options.prefix("pattern") + "expected a valid regular expression, got '"
                    + source + "': " + e.getDescription() + " near index " + e.getIndex(), e);
        }
        boolean wholeCompletion = options.oneOf("target", "answer", List.of("answer", "completion")).equals("completion");
        long timeoutMillis = options.positive("timeout_ms", 1000, 600_000);
        return new RegexVerifier(pattern, wholeCompletion, timeoutMillis);
    }

    private static int flags(VerifierOptions options) {
        String letters = options.string("flags", "");
        int flags = 0;
        for (char c : letters.toCharArray()) {
            flags |= switch (c) {
                case 'i' -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                case 'm' -> Pattern.MULTILINE;
                case 's' -> Pattern.DOTALL;
                default -> throw options.invalid("flags", "letters from i, m, s", letters);
            };
        }
        return flags;
    }
}
