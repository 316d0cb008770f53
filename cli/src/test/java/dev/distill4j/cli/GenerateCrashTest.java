package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.client.MisbehavingServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code ./distill generate} child process killed with SIGKILL at random moments and started again: the run
 * ends with exactly n samples per task, and no sample was asked for after it was stored.
 */
class GenerateCrashTest {
    private static final int TRAIN_TASKS = 24;
    private static final int N = 2;

    @TempDir
    Path dir;

    private final MisbehavingServer server = newServer();

    @AfterEach
    void close() throws Exception {
        server.close();
    }

    @Test
    void should_end_with_n_samples_per_task_and_no_stored_sample_asked_again_after_sigkills() throws Exception {
        // One request at a time, 60 ms each: about 1.5 s of generation for the kills to land in.
        server.otherwise(new MisbehavingServer.Slow(Duration.ofMillis(60)));
        Path config = config();
        Random random = new Random(20261123L);
        int kills = 0;
        for (int attempt = 0; attempt < 4; attempt++) {
            Process child = start(config);
            if (child.waitFor(1500 + random.nextInt(2500), TimeUnit.MILLISECONDS)) {
                break;
            }
            child.destroyForcibly().waitFor(); // SIGKILL on Linux: no shutdown hook, no finally block runs
            kills++;
        }
        Process last = start(config);
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).as(new String(last.getErrorStream().readAllBytes())).isZero();

        Map<String, Instant> storedAt = storedAt(dir.resolve("runs/crash/run.duckdb"));
        assertThat(storedAt).hasSize(TRAIN_TASKS * N);
        // Every choice a request asked for is named by its completion text: "reply <i> to <question> seed <s>".
        List<String> askedAfterStored = new ArrayList<>();
        for (MisbehavingServer.Received received : server.received()) {
            JsonNode body = received.body();
            JsonNode messages = body.path("messages");
            String question = messages.get(messages.size() - 1).path("content").asText();
            for (int i = 0; i < body.path("n").asInt(1); i++) {
                String identity = "reply " + i + " to " + question + " seed " + body.path("seed").asLong();
                Instant stored = storedAt.get(identity);
                if (stored != null && received.at().isAfter(stored)) {
                    askedAfterStored.add(identity);
                }
            }
        }
        assertThat(askedAfterStored).as("after %d kills", kills).isEmpty();
        assertThat(kills).isPositive();
    }

    private Process start(Path config) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "generate", "--config", config.toString(), "--quiet");
        return new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(new File(dir.toFile(), "out.log"))
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
    }

    /** When each sample was stamped, by completion text; the stamp is taken before its transaction commits. */
    private static Map<String, Instant> storedAt(Path file) throws Exception {
        Map<String, Instant> storedAt = new HashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT completion, created_at FROM samples")) {
            while (rows.next()) {
                storedAt.put(rows.getString(1), rows.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC));
            }
        }
        return storedAt;
    }

    private Path config() throws Exception {
        Path config = dir.resolve("pipeline.yaml");
        Files.writeString(config, """
                run: {name: crash, dir: runs, seed: 3}
                tasks: {family: arith, train: %d, eval: 1}
                teacher:
                  endpoints:
                    - {name: local, base_url: %s, model: teacher-model, max_concurrency: 1, timeout_seconds: 5}
                  sampling: {n: %d, seed: 11}
                """.formatted(TRAIN_TASKS, server.baseUrl(), N));
        return config;
    }

    private static MisbehavingServer newServer() {
        try {
            return new MisbehavingServer();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
