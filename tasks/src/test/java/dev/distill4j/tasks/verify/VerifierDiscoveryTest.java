package dev.distill4j.tasks.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill4j.core.VerifierSpec;
import dev.distill4j.core.verify.Verifiers;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifierDiscoveryTest {
    private final Verifiers verifiers = Verifiers.discover();

    @Test
    void should_find_all_six_built_in_verifiers_through_the_service_loader() {
        assertThat(verifiers.providers().keySet())
                .contains("exact", "integer", "number", "regex", "choice", "json-fields");
    }

    @Test
    void should_reject_an_unknown_option_with_a_suggestion() {
        assertThatThrownBy(() -> verifiers.forSpec(VerifierSpec.of("number", Map.of("rel_tl", 1e-6))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no option 'rel_tl'")
                .hasMessageContaining("did you mean 'rel_tol'?");
    }

    @Test
    void should_reject_an_unknown_verifier_with_a_suggestion() {
        assertThatThrownBy(() -> verifiers.forSpec(VerifierSpec.of("integr")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("did you mean 'integer'?");
    }

    @Test
    void should_build_each_spec_from_its_options() {
        assertThat(verifiers.forSpec(VerifierSpec.of("json-fields", Map.of("fields", Map.of("total", "number")))))
                .isNotNull();
        assertThat(verifiers.forSpec(VerifierSpec.of("choice", Map.of("choices", java.util.List.of("yes", "no")))))
                .isNotNull();
    }
}
