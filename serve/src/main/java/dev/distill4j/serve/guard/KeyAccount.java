package dev.distill4j.serve.guard;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The guard's accounting of one API key: totals since it was first seen, and its most recent requests (a bounded
 * window) for the signals to score. Thread-safe: the server records from many request threads.
 */
public final class KeyAccount {
    /**
     * What an account holds, as saved and restored across a server restart.
     *
     * @param recent the last requests, oldest first
     * @param traces what the guard kept of those requests' prompts, in the same order
     */
    public record Usage(String keyId, String group, long requests, long promptTokens, long completionTokens, long multiSampleRequests,
            long logprobRequests, long scoringRequests, long firstSeenMillis, long lastSeenMillis, List<RequestEvent> recent, List<PromptTrace> traces) {
        public Usage {
            recent = List.copyOf(recent);
            traces = List.copyOf(traces);
            if (recent.size() != traces.size()) {
                throw new IllegalArgumentException("key " + keyId + ": " + recent.size() + " recent requests but " + traces.size() + " prompt traces");
            }
        }
    }

    private final String keyId;
    private final String group;
    private final int window;
    private final Deque<RequestEvent> recent = new ArrayDeque<>();
    private final Deque<PromptTrace> traces = new ArrayDeque<>();
    private long requests;
    private long promptTokens;
    private long completionTokens;
    private long multiSampleRequests;
    private long logprobRequests;
    private long scoringRequests;
    private long firstSeenMillis = -1;
    private long lastSeenMillis = -1;

    /**
     * @param group  the group of keys it belongs to (an organisation, a billing account); its own id when it has none
     * @param window how many recent requests it keeps for the signals
     */
    public KeyAccount(String keyId, String group, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("field 'window': expected at least 1 recent request to keep, got " + window);
        }
        this.keyId = keyId;
        this.group = group == null ? keyId : group;
        this.window = window;
    }

    public static KeyAccount restore(Usage usage, int window) {
        KeyAccount account = new KeyAccount(usage.keyId(), usage.group(), window);
        account.requests = usage.requests();
        account.promptTokens = usage.promptTokens();
        account.completionTokens = usage.completionTokens();
        account.multiSampleRequests = usage.multiSampleRequests();
        account.logprobRequests = usage.logprobRequests();
        account.scoringRequests = usage.scoringRequests();
        account.firstSeenMillis = usage.firstSeenMillis();
        account.lastSeenMillis = usage.lastSeenMillis();
        for (int i = Math.max(0, usage.recent().size() - window); i < usage.recent().size(); i++) {
            account.recent.addLast(usage.recent().get(i));
            account.traces.addLast(usage.traces().get(i));
        }
        return account;
    }

    /** Counts a request and keeps it among the recent ones, dropping the oldest beyond the window. */
    public synchronized void record(RequestEvent event, PromptTrace trace) {
        if (!event.keyId().equals(keyId)) {
            throw new IllegalArgumentException("a request of key " + event.keyId() + " recorded on the account of " + keyId);
        }
        requests++;
        promptTokens += event.promptTokens();
        completionTokens += event.completionTokens();
        multiSampleRequests += event.n() > 1 ? 1 : 0;
        logprobRequests += event.logprobs() ? 1 : 0;
        scoringRequests += event.promptScoring() ? 1 : 0;
        firstSeenMillis = firstSeenMillis < 0 ? event.atMillis() : Math.min(firstSeenMillis, event.atMillis());
        lastSeenMillis = Math.max(lastSeenMillis, event.atMillis());
        recent.addLast(event);
        traces.addLast(trace);
        while (recent.size() > window) {
            recent.removeFirst();
            traces.removeFirst();
        }
    }

    /** Requests recorded in all. */
    public synchronized long requests() {
        return requests;
    }

    /** A consistent copy of everything it holds. */
    public synchronized Usage usage() {
        return new Usage(keyId, group, requests, promptTokens, completionTokens, multiSampleRequests, logprobRequests, scoringRequests,
                firstSeenMillis, lastSeenMillis, new ArrayList<>(recent), new ArrayList<>(traces));
    }

    public String keyId() {
        return keyId;
    }

    public String group() {
        return group;
    }
}
