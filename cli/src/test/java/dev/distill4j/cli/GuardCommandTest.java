package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./distill serve --guard} in its own process, walked by an attacker, and {@code ./distill guard status} against it. */
class GuardCommandTest {
    @TempDir
    Path home;

    @Test
    void should_refuse_a_task_space_walk_and_show_it_in_the_status() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path model = Path.of("..", "models", "teacher-arith").toAbsolutePath().normalize();
        Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "serve", "--model", model.toString(), "--port", "0", "--guard",
                "--state", home.resolve("state").toString(), "--quiet").directory(home.toFile()).redirectError(home.resolve("err.txt").toFile()).start();
        try {
            String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(line).as("the first line of output").isNotNull().contains("guard on");
            Matcher url = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)/v1").matcher(line);
            assertThat(url.find()).as(line).isTrue();
            String root = url.group(1);
            HttpClient client = HttpClient.newHttpClient();
            int last = 0;
            for (int b = 10; b < 200 && last != 403; b++) {
                String body = "{\"n\": 4, \"logprobs\": true, \"top_logprobs\": 5, \"max_tokens\": 2, \"messages\": [{\"role\": \"user\", \"content\":"
                        + " \"What is 31 + " + b + "?\"}]}";
                last = client.send(HttpRequest.newBuilder(URI.create(root + "/v1/chat/completions")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
                if (b > 40 && last == 200) {
                    Thread.sleep(50); // let the rescoring thread catch up rather than spin
                }
            }
            assertThat(last).isEqualTo(403);
            CliRun status = CliRun.of("guard", "status", "--url", root);
            assertThat(status.exitCode()).as(status.err()).isZero();
            assertThat(status.out()).containsPattern("anonymous\\s+refuse\\s+1\\.00\\s+.*coverage").contains("1 of 1 keys acted on");
            CliRun json = CliRun.of("guard", "status", "--url", root, "--json");
            assertThat(json.out()).contains("\"key_id\":\"anonymous\"").contains("\"action\":\"refuse\"");
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(home.resolve("state").resolve("guard").resolve("guard-ledger.json")).exists();
        } finally {
            process.destroyForcibly();
        }
        CliRun unreachable = CliRun.of("guard", "status", "--url", "http://127.0.0.1:9");
        assertThat(unreachable.exitCode()).isNotZero();
        assertThat(unreachable.err()).contains("cannot reach http://127.0.0.1:9");
    }
}
