package dev.distill4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./distill guard}: the guard of a running {@code serve --guard}. */
@Command(name = "guard", mixinStandardHelpOptions = true, description = "The guard against distillation attacks of a running ./distill serve --guard.",
        subcommands = {GuardCommand.Status.class, GuardSimulateCommand.class})
final class GuardCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The keys the guard has seen, flagged ones first: the action it takes on each (allow, flag, throttle, degrade,",
                "refuse), its score and the signals behind it. Needs a key listed with serve's --guard-admin (or a server without keys)."},
            footer = {"", "Examples:", "  ./distill guard status --url http://127.0.0.1:8000 --api-key-env OPS_KEY",
                "  ./distill guard status --url http://127.0.0.1:8000 --json"})
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--url", defaultValue = "http://127.0.0.1:8000", description = "The server's root (default: ${DEFAULT-VALUE}).")
        URI url;

        @Option(names = "--api-key-env", paramLabel = "VAR", description = "The environment variable holding an admin key.")
        String apiKeyEnv;

        @Option(names = "--all", description = "Every key, not only those the guard acts on.")
        boolean all;

        @Option(names = "--json", description = "Print the server's answer as one JSON object.")
        boolean json;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve("/guard/status")).timeout(Duration.ofSeconds(30)).GET();
            if (apiKeyEnv != null) {
                String key = System.getenv(apiKeyEnv);
                if (key == null || key.isBlank()) {
                    throw new IllegalArgumentException("--api-key-env: the environment variable " + apiKeyEnv + " is not set");
                }
                request.header("Authorization", "Bearer " + key.strip());
            }
            HttpResponse<String> response;
            try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IOException("cannot reach " + url + ": " + e.getMessage() + " (is ./distill serve --guard running there?)", e);
            }
            if (response.statusCode() != 200) {
                JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
                throw new IllegalStateException("the server answered " + response.statusCode() + ": " + error.path("message").asText(response.body()));
            }
            JsonNode body = Json.MAPPER.readTree(response.body());
            if (json) {
                out.println(body);
                return ExitCode.OK.code;
            }
            int shown = 0;
            out.printf("%-24s %-9s %6s  %s%n", "key", "action", "score", "reasons");
            for (JsonNode key : body.get("keys")) {
                if (!all && key.get("action").asText().equals("allow")) {
                    continue;
                }
                java.util.List<String> reasons = new java.util.ArrayList<>();
                key.get("reasons").forEach(reason -> reasons.add(reason.asText()));
                out.printf(Locale.ROOT, "%-24s %-9s %6.2f  %s%n", key.get("key_id").asText(), key.get("action").asText(), key.get("score").asDouble(),
                        String.join("; ", reasons));
                shown++;
            }
            out.printf("%d of %d keys%s%n", shown, body.get("keys").size(), all ? "" : " acted on (--all for every key)");
            return ExitCode.OK.code;
        }
    }
}
