package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./distill serve} as a user runs it: its own process, the URL it prints, a request, SIGTERM. */
class ServeCommandTest {
    @TempDir
    Path home;

    @Test
    void should_show_examples_in_help_and_refuse_a_missing_model() {
        CliRun help = CliRun.of("serve", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("./distill serve --model models/teacher-arith").contains("--api-keys").contains("--port");

        assertThat(CliRun.of("serve").exitCode()).isEqualTo(ExitCode.USAGE.code);
        CliRun missing = CliRun.of("serve", "--model", home.resolve("nothing").toString(), "--port", "0");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code);
    }

    @Test
    void should_list_the_degradations_in_help_and_name_the_valid_ones_for_an_unknown_one() {
        assertThat(CliRun.of("serve", "--help").out()).contains("--guard-degrade").contains("rounded_logprobs").contains("final_answer_only");
        CliRun unknown = CliRun.of("serve", "--model", home.resolve("nothing").toString(), "--guard", "--guard-degrade", "one_sample,round");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE.code);
        assertThat(unknown.err()).contains("--guard-degrade: unknown degradation 'round'")
                .contains("one_sample, no_logprobs, rounded_logprobs, final_answer_only");
    }

    @Test
    void should_print_the_url_of_a_free_port_answer_there_and_stop_on_sigterm() throws Exception {
        String key = "sk-cli-serve-1234567890";
        Files.writeString(home.resolve("keys.txt"), "cli:" + key + "\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        Path model = Path.of("..", "models", "teacher-arith").toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--model", model.toString(), "--port", "0", "--api-keys", "keys.txt"));
        Path stderr = home.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).directory(home.toFile()).redirectError(stderr.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("the first line of output").isNotNull();
            Matcher url = Pattern.compile("(http://127\\.0\\.0\\.1:(\\d+)/v1)").matcher(line);
            assertThat(url.find()).as(line).isTrue();
            assertThat(Integer.parseInt(url.group(2))).isPositive();

            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.group(1) + "/chat/completions"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"messages\": [{\"role\": \"user\", \"content\": \"What is 2 + 2?\"}], \"max_tokens\": 3}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("\"completion_tokens\":3");

            process.destroy(); // SIGTERM: a graceful shutdown
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(stderr);
            assertThat(log).contains("key=cli").contains("status=200").contains("shutting down").doesNotContain(key);
        } finally {
            process.destroyForcibly();
        }
    }
}
