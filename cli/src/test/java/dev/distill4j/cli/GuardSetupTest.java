package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill4j.serve.guard.Degradation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardSetupTest {
    @TempDir
    Path dir;

    @Test
    void should_read_a_groups_file_and_name_the_line_of_a_bad_entry() throws Exception {
        Path good = dir.resolve("groups.txt");
        Files.writeString(good, "# organisations\nacme-1 acme\n\nacme-2   acme\nsolo-dev indie\n");
        assertThat(GuardSetup.groups(good)).containsExactly(java.util.Map.entry("acme-1", "acme"), java.util.Map.entry("acme-2", "acme"),
                java.util.Map.entry("solo-dev", "indie"));
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "acme-1 acme\nacme-2\n");
        assertThatThrownBy(() -> GuardSetup.groups(bad)).hasMessageContaining(bad + " line 2").hasMessageContaining("expected 'KEY_ID GROUP'");
    }

    @Test
    void should_degrade_with_the_standard_set_unless_told_otherwise() {
        assertThat(GuardSetup.guard(dir, java.util.Set.of()).settings().policy().degradations())
                .containsExactlyInAnyOrder(Degradation.ONE_SAMPLE, Degradation.NO_LOGPROBS, Degradation.FINAL_ANSWER_ONLY);
        var rounded = GuardSetup.guard(dir, java.util.Set.of("eval"), java.util.Map.of(), java.util.Set.of(Degradation.ROUNDED_LOGPROBS))
                .settings().policy();
        assertThat(rounded.degradations()).containsExactly(Degradation.ROUNDED_LOGPROBS);
        assertThat(rounded.allowList()).containsExactly("eval");
    }
}
