package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line run as a separate process, as a user runs it: in its own folder, with its own HOME. */
class CliProcessTest {
    @TempDir
    Path home;

    private Process start(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().put("HOME", home.toString());
        return builder.start();
    }

    @Test
    void should_make_tasks_and_verify_them_with_exit_codes_a_script_can_use() throws Exception {
        Process make = start("tasks", "make", "--family", "arith", "--n", "25", "--split", "eval", "--out", "eval.jsonl", "--json");
        assertThat(make.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(make.exitValue()).isZero();
        assertThat(new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("\"family\":\"arith\"").contains("\"n\":25").contains("\"split\":\"eval\"");
        assertThat(Files.readAllLines(home.resolve("eval.jsonl"))).hasSize(25);

        Files.writeString(home.resolve("answers.jsonl"), "{\"task_id\": \"arith:nope\", \"answer\": \"Answer: 1\"}\n");
        Process verify = start("verify", "--tasks", "eval.jsonl", "--answers", "answers.jsonl");
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(verify.exitValue()).isEqualTo(3);
        assertThat(new String(verify.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("answers.jsonl:1: field 'task_id': no task 'arith:nope'");
    }
}
