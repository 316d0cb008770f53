package dev.distill4j.tasks.verify;

import dev.distill4j.core.Suggestions;
import dev.distill4j.core.VerifierSpec;
import dev.distill4j.core.verify.Verifier;
import dev.distill4j.core.verify.VerifierProvider;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code json-fields}: the answer is a JSON object matching the reference field by field. Option
 * {@code fields} maps a field name to its normaliser ({@code text}, {@code exact}, {@code number},
 * {@code integer}, {@code date}); a field without one is compared as a number when the reference holds a
 * number, else as text.
 */
public final class JsonFieldsVerifierProvider implements VerifierProvider {
    @Override
    public String type() {
        return "json-fields";
    }

    @Override
    public Set<String> options() {
        return Set.of("fields", "allow_extra", "partial_credit");
    }

    @Override
    public String description() {
        return "a JSON object whose fields equal the reference's; options fields ({name: text|exact|number|integer|date}), "
                + "allow_extra (false), partial_credit (true)";
    }

    @Override
    public Verifier create(VerifierSpec spec) {
        VerifierOptions options = new VerifierOptions(spec);
        Map<String, FieldNormaliser> normalisers = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : options.stringMap("fields").entrySet()) {
            String name = field.getValue();
            if (!FieldNormaliser.optionValues().contains(name)) {
                throw new IllegalArgumentException(options.prefix("fields") + "expected a normaliser ("
                        + String.join(", ", FieldNormaliser.optionValues()) + ") for field '" + field.getKey()
                        + "', got '" + name + "'" + Suggestions.didYouMean(name, FieldNormaliser.optionValues()));
            }
            normalisers.put(field.getKey(), FieldNormaliser.valueOf(name.toUpperCase(Locale.ROOT)));
        }
        return new JsonFieldsVerifier(normalisers, options.flag("allow_extra", false), options.flag("partial_credit", true));
    }
}
