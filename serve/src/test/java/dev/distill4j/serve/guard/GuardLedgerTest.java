package dev.distill4j.serve.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardLedgerTest {
    @TempDir
    Path dir;

    @Test
    void should_remember_every_account_across_a_save_and_load() {
        GuardLedger ledger = new GuardLedger(5, Map.of("alice", "acme"));
        for (int i = 0; i < 7; i++) {
            ledger.record(new RequestEvent(i % 2 == 0 ? "alice" : "bob", 1_000L * i, 12, 30, 1 + i % 3, i == 3, i == 3 ? 5 : 0, false, 0.7),
                    PromptTrace.of("What is " + i + " + " + (2 * i) + "?"));
        }
        Path file = dir.resolve(GuardLedger.FILE_NAME);
        ledger.save(file);
        GuardLedger loaded = GuardLedger.load(file, 5, Map.of("alice", "acme"));
        assertThat(loaded.usages()).isEqualTo(ledger.usages());
        assertThat(loaded.usages()).extracting(KeyAccount.Usage::keyId).containsExactly("alice", "bob");
        assertThat(loaded.usages().get(0).group()).isEqualTo("acme");
        assertThat(loaded.usages().get(0).requests()).isEqualTo(4);
    }

    @Test
    void should_start_empty_without_a_file_and_name_a_corrupt_one() throws Exception {
        assertThat(GuardLedger.load(dir.resolve("none.json"), 5, Map.of()).usages()).isEmpty();
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "[{\"key_id\": \"alice\", \"requests\": ");
        assertThatThrownBy(() -> GuardLedger.load(broken, 5, Map.of())).hasMessageContaining(broken.toString()).hasMessageContaining("move it aside");
    }
}
