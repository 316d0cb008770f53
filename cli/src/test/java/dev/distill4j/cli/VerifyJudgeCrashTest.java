package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.client.MisbehavingServer;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.tasks.TaskRequest;
import dev.distill4j.tasks.arith.ArithFamily;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code ./distill verify --judge-config} child process killed with SIGKILL at random moments and started
 * again: every sample ends with one judge verdict, and no judge request was sent after its answer was stored.
 */
class VerifyJudgeCrashTest {
    private static final int SAMPLES = 24;
    private static final Pattern SAMPLE_NAME = Pattern.compile("sample-\\d+");

    @TempDir
    Path dir;

    private final MisbehavingServer server = newServer();

    @AfterEach
    void close() throws Exception {
        server.close();
    }

    @Test
    void should_end_with_a_verdict_per_sample_and_no_stored_answer_asked_again_after_sigkills() throws Exception {
        // One request at a time, 60 ms each: about 1.5 s of judging for the kills to land in. The judge names the
        // sample it was shown in its reason, so each stored answer can be matched to the requests that asked for it.
        server.otherwise(new MisbehavingServer.Slow(Duration.ofMillis(60))).replies((body, choice) -> {
            Matcher name = SAMPLE_NAME.matcher(body.path("messages").get(1).path("content").asText());
            return "{\"scores\": {\"correctness\": 4}, \"reason\": \"" + (name.find() ? name.group() : "?") + "\"}";
        });
        Path config = writeRunAndConfig();
        Random random = new Random(20261129L);
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

        Path file = dir.resolve("runs/judged/run.duckdb");
        assertThat(count(file, "SELECT count(*) FROM verdicts WHERE verifier LIKE 'judge%'")).isEqualTo(SAMPLES);
        Map<String, Instant> storedAt = answersStoredAt(file);
        assertThat(storedAt).hasSize(SAMPLES);
        List<String> askedAfterStored = new ArrayList<>();
        for (MisbehavingServer.Received received : server.received()) {
            Matcher name = SAMPLE_NAME.matcher(received.body().path("messages").get(1).path("content").asText());
            assertThat(name.find()).isTrue();
            Instant stored = storedAt.get(name.group());
            if (stored != null && received.at().isAfter(stored)) {
                askedAfterStored.add(name.group());
            }
        }
        assertThat(askedAfterStored).as("after %d kills", kills).isEmpty();
        assertThat(kills).isPositive();
    }

    private Path writeRunAndConfig() throws Exception {
        List<Task> tasks = new ArithFamily().generate(TaskRequest.of(SAMPLES, 5, Split.TRAIN));
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            Task task = tasks.get(i);
            samples.add(new Sample("sample-" + i, null, task.id(), 0, "teacher-a", "sample-" + i + "\nAnswer: " + task.reference(), "stop",
                    5, 5, null));
        }
        try (RunStore store = RunStore.open(dir.resolve("runs/judged"), Provenance.adHoc("judged", 0))) {
            store.tasks().put(tasks);
            store.samples().put(samples);
        }
        Files.writeString(dir.resolve("rubric.yaml"), "name: q\ncriteria:\n  - {name: correctness, description: Right.}\n");
        return Files.writeString(dir.resolve("pipeline.yaml"), """
                run: {name: judged, dir: runs, seed: 3}
                tasks: {family: arith}
                judge:
                  rubric: rubric.yaml
                  endpoints:
                    - {name: judge, base_url: %s, model: judge-model, max_concurrency: 1, timeout_seconds: 5}
                """.formatted(server.baseUrl()));
    }

    private Process start(Path config) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "verify", "--judge-config", config.toString(), "--quiet");
        return new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(new File(dir.toFile(), "out.log"))
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
    }

    /** When each sample's judge answer was stamped, by the sample the judge named; the stamp precedes the commit. */
    private static Map<String, Instant> answersStoredAt(Path file) throws Exception {
        Map<String, Instant> storedAt = new HashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT reply, created_at FROM judge_replies")) {
            while (rows.next()) {
                Matcher name = SAMPLE_NAME.matcher(rows.getString(1));
                assertThat(name.find()).isTrue();
                storedAt.put(name.group(), rows.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC));
            }
        }
        return storedAt;
    }

    private static long count(Path file, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static MisbehavingServer newServer() {
        try {
            return new MisbehavingServer();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
