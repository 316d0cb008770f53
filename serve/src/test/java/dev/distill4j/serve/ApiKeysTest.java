package dev.distill4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {
    @TempDir
    Path dir;

    private ApiKeys read(String text) throws Exception {
        Path file = dir.resolve("keys.txt");
        Files.writeString(file, text);
        return ApiKeys.read(file);
    }

    @Test
    void should_name_keys_by_their_prefix_or_their_digest_and_skip_comments() throws Exception {
        ApiKeys keys = read("# team keys\n\nalice:sk-alice-123456789\n  sk-bare-abcdefgh  \nurl:http://not-a-name-but-a-key\n");

        assertThat(keys.size()).isEqualTo(3);
        assertThat(keys.idOf("sk-alice-123456789")).contains("alice");
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("sk-bare-abcdefgh".getBytes(StandardCharsets.UTF_8)));
        assertThat(keys.idOf("sk-bare-abcdefgh")).contains("key-" + digest.substring(0, 8));
        assertThat(keys.idOf("http://not-a-name-but-a-key")).contains("url");
        assertThat(keys.idOf("sk-alice-12345678")).isEmpty();
        assertThat(keys.toString()).doesNotContain("sk-alice");
    }

    @Test
    void should_refuse_a_bad_file_without_showing_a_key() throws Exception {
        assertThatThrownBy(() -> read("short\n")).hasMessageContaining("keys.txt:1").hasMessageNotContaining("short");
        assertThatThrownBy(() -> read("a:sk-same-key-0001\nb:sk-same-key-0001\n")).hasMessageContaining("keys.txt:2")
                .hasMessageContaining("'a'").hasMessageNotContaining("sk-same");
        assertThatThrownBy(() -> read("a:sk-first-key-0001\na:sk-other-key-0002\n")).hasMessageContaining("a second key named 'a'");
        assertThatThrownBy(() -> read("# nothing\n")).hasMessageContaining("no API key");
    }
}
