package dev.distill4j.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distill4j.serve.guard.CampaignSignal;
import dev.distill4j.serve.guard.CoordinationSignal;
import dev.distill4j.serve.guard.CoverageSignal;
import dev.distill4j.serve.guard.Guard;
import dev.distill4j.serve.guard.GuardLedger;
import dev.distill4j.serve.guard.GuardPolicy;
import dev.distill4j.serve.guard.VolumeSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server with the guard: a key walking the arithmetic task space with top logprobs is refused once the guard
 * has rescored, a chat user beside it is not, and the refusal holds after a restart from the saved ledger.
 */
class GuardServerTest {
    private static final String ATTACKER = "sk-attacker-00000000000001";
    private static final String USER = "sk-user-000000000000000002";
    private static final String ADMIN = "sk-admin-00000000000000003";

    @TempDir
    Path dir;

    static Guard guard(Path stateDir) {
        Guard.Settings settings = new Guard.Settings(new VolumeSignal(3_600_000, 600, 86_400_000), new CoverageSignal(20),
                new CoordinationSignal(60_000, 3), CampaignSignal.standard(), null, null, GuardPolicy.standard(), 64, 128);
        return new Guard(settings, GuardLedger.load(stateDir.resolve("guard").resolve(GuardLedger.FILE_NAME), 256, Map.of()));
    }

    private static String attack(int a, int b) {
        return "{\"model\": \"teacher-arith\", \"max_tokens\": 4, \"n\": 2, \"logprobs\": true, \"top_logprobs\": 5,"
                + " \"messages\": [{\"role\": \"user\", \"content\": \"What is " + a + " + " + b + "?\"}]}";
    }

    private static String chat(String question) {
        return "{\"model\": \"teacher-arith\", \"max_tokens\": 4, \"messages\": [{\"role\": \"user\", \"content\": \"" + question + "\"}]}";
    }

    @Test
    void should_refuse_a_walking_key_after_rescoring_serve_its_neighbour_and_remember_after_a_restart() throws Exception {
        Path keys = dir.resolve("keys.txt");
        Files.writeString(keys, "attacker:" + ATTACKER + "\nuser:" + USER + "\nops:" + ADMIN + "\n");
        Path state = dir.resolve("state");
        List<String> log = new CopyOnWriteArrayList<>();
        List<Integer> attackerStatuses = new ArrayList<>();
        try (OpenAiServer server = Teacher.serve(ServeConfig.builder().apiKeys(ApiKeys.read(keys)).stateDir(state).guard(guard(state))
                .guardAdmins(java.util.Set.of("ops")).requestLog(log::add))) {
            List<String> questions = Teacher.questions(10, 3);
            long until = System.nanoTime() + 60_000_000_000L;
            for (int b = 10; System.nanoTime() < until; b++) {
                attackerStatuses.add(Http.post(server, "/v1/chat/completions", attack(12, b), ATTACKER).status());
                assertThat(Http.post(server, "/v1/chat/completions", chat(questions.get(b % questions.size())), USER).status()).isEqualTo(200);
                if (attackerStatuses.size() > 25 && attackerStatuses.get(attackerStatuses.size() - 1) == 403) {
                    break;
                }
            }
            // The admin view: the attacker first, refused, with its reasons; only an admin key may read it.
            Http.Answer status = Http.get(server, "/guard/status", ADMIN);
            assertThat(status.status()).isEqualTo(200);
            var first = dev.distill4j.core.Json.MAPPER.readTree(status.body()).get("keys").get(0);
            assertThat(first.get("key_id").asText()).isEqualTo("attacker");
            assertThat(first.get("action").asText()).isEqualTo("refuse");
            assertThat(first.get("reasons").toString()).contains("coverage");
            assertThat(Http.get(server, "/guard/status", USER).status()).isEqualTo(403);
        }
        assertThat(attackerStatuses).startsWith(200).endsWith(403);
        assertThat(log).anyMatch(line -> line.startsWith("guard key=attacker action=refuse") && line.contains("coverage"));
        assertThat(log).noneMatch(line -> line.startsWith("guard key=user"));
        assertThat(state.resolve("guard").resolve(GuardLedger.FILE_NAME)).exists();

        // Restarted from the saved ledger: refused again at the first rescoring, before sending anything new.
        try (OpenAiServer server = Teacher.serve(ServeConfig.builder().apiKeys(ApiKeys.read(keys)).stateDir(state).guard(guard(state)))) {
            Thread.sleep(OpenAiServer.GUARD_RESCORE_MILLIS + 1_000);
            assertThat(Http.post(server, "/v1/chat/completions", attack(12, 10), ATTACKER).status()).isEqualTo(403);
            assertThat(Http.post(server, "/v1/chat/completions", chat("What is 2 + 2?"), USER).status()).isEqualTo(200);
        }
    }
}
