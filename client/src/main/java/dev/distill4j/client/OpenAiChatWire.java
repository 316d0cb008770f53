package dev.distill4j.client;

import com.openai.client.OpenAIClient;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIServiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Chat completions over the official OpenAI Java SDK, with the SDK's own retries off: {@link TeacherClient} owns
 * retrying, and two layers retrying multiply each other's attempts.
 *
 * <p>Servers that cannot sample {@code n > 1} in one request (some providers, some reasoning models) answer 400
 * naming {@code n}, or quietly return one choice; then the call is split into separate requests, with seeds
 * {@code seed, seed+1, ...} so that the samples differ, and the endpoint is remembered as single-choice.
 */
public final class OpenAiChatWire implements ChatWire {
    // "n" as a word of its own: "'n' must be 1", "n > 1 is not supported", "param=n"; not "tokens" or "max_n".
    private static final Pattern MENTIONS_N = Pattern.compile("(?<![A-Za-z0-9_])n(?![A-Za-z0-9_])");

    private final FailureClassifier classifier;
    private final UnaryOperator<String> environment;
    private final int idleConnections;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final Set<String> singleChoiceEndpoints = ConcurrentHashMap.newKeySet();

    /** @param environment the process environment, where an endpoint's key variable is looked up */
    public OpenAiChatWire(FailureClassifier classifier, UnaryOperator<String> environment) {
        this(classifier, environment, 64);
    }

    /**
     * @param idleConnections connections per endpoint kept open between requests: the client's concurrency, so
     *                        that every request in flight finds its connection again for the next one
     */
    public OpenAiChatWire(FailureClassifier classifier, UnaryOperator<String> environment, int idleConnections) {
        if (idleConnections < 1) {
            throw new IllegalArgumentException("field 'idle_connections': expected a number >= 1, got " + idleConnections);
        }
        this.classifier = classifier;
        this.environment = environment;
        this.idleConnections = idleConnections;
    }

    private record Connection(OpenAIClient client, String key) {}

    @Override
    public TeacherResult send(TeacherEndpoint endpoint, ChatCall call) {
        Connection connection = connections.computeIfAbsent(endpoint.name(), name -> connect(endpoint));
        if (call.n() > 1 && singleChoiceEndpoints.contains(endpoint.name())) {
            return oneByOne(endpoint, connection, call, List.of(), Usage.NONE);
        }
        TeacherResult result;
        try {
            result = once(endpoint, connection, call);
        } catch (OpenAIServiceException e) {
            if (call.n() > 1 && rejectsN(e)) {
                singleChoiceEndpoints.add(endpoint.name());
                return oneByOne(endpoint, connection, call, List.of(), Usage.NONE);
            }
            throw classifier.classify(endpoint.name(), e, connection.key());
        }
        if (call.n() > 1 && result.choices().size() == 1) {
            singleChoiceEndpoints.add(endpoint.name());
            return oneByOne(endpoint, connection, call, result.choices(), result.usage());
        }
        if (result.choices().size() != call.n()) {
            throw classifier.classify(endpoint.name(), new OpenAIInvalidDataException("expected " + call.n()
                    + " choices, got " + result.choices().size()), connection.key());
        }
        return result;
    }

    @Override
    public int requestsFor(TeacherEndpoint endpoint, ChatCall call) {
        return singleChoice(endpoint.name()) ? call.n() : 1;
    }

    /** Whether this endpoint has been found to sample only one choice per request. */
    public boolean singleChoice(String endpoint) {
        return singleChoiceEndpoints.contains(endpoint);
    }

    @Override
    public void close() {
        connections.values().forEach(connection -> connection.client().close());
        connections.clear();
    }

    private TeacherResult oneByOne(TeacherEndpoint endpoint, Connection connection, ChatCall call, List<Completion> have, Usage used) {
        List<Completion> choices = new ArrayList<>(have);
        Usage usage = used;
        String model = "";
        for (int i = choices.size(); i < call.n(); i++) {
            ChatCall single = call.withNAndSeed(1, call.seed() == null ? null : call.seed() + i);
            TeacherResult one;
            try {
                one = once(endpoint, connection, single);
            } catch (OpenAIException e) {
                throw classifier.classify(endpoint.name(), e, connection.key());
            }
            if (one.choices().size() != 1) {
                throw classifier.classify(endpoint.name(), new OpenAIInvalidDataException("expected 1 choice, got "
                        + one.choices().size()), connection.key());
            }
            choices.add(one.choices().getFirst().withIndex(i));
            usage = usage.plus(one.usage());
            model = one.model();
        }
        return new TeacherResult(endpoint.name(), model, choices, usage, 1);
    }

    /** One HTTP request; SDK failures other than a status come back classified. */
    private TeacherResult once(TeacherEndpoint endpoint, Connection connection, ChatCall call) {
        try {
            var completion = connection.client().chat().completions().create(OpenAiRequests.toParams(endpoint.model(), call));
            return OpenAiResponses.toResult(endpoint.name(), completion);
        } catch (OpenAIServiceException e) {
            throw e;
        } catch (OpenAIException e) {
            throw classifier.classify(endpoint.name(), e, connection.key());
        } catch (IllegalArgumentException | ArithmeticException e) {
            // A field out of range (a positive logprob, a huge index): the body is not a chat completion we can use.
            throw classifier.classify(endpoint.name(), new OpenAIInvalidDataException(e.getMessage(), e), connection.key());
        }
    }

    private static boolean rejectsN(OpenAIServiceException e) {
        if (e.statusCode() != 400 && e.statusCode() != 422) {
            return false;
        }
        return e.param().map("n"::equals).orElse(false) || MENTIONS_N.matcher(String.valueOf(e.getMessage())).find();
    }

    private Connection connect(TeacherEndpoint endpoint) {
        String key = OpenAiConnections.resolveKey(endpoint, environment);
        return new Connection(OpenAiConnections.open(endpoint, key, idleConnections), key);
    }
}
