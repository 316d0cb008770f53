package dev.distill4j.serve;

import dev.distill4j.serve.guard.Guard;
import dev.distill4j.serve.guard.GuardLedger;
import dev.distill4j.serve.guard.GuardPolicy;
import dev.distill4j.serve.guard.RequestEvent;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The guard at the server's door: each generation request is recorded and its key's current decision applied before
 * it is queued (refused with a 403, throttled with a 429, degraded to one answer without logprobs, or let through);
 * a background thread rescores the keys every {@code rescoreMillis} and saves the ledger, so a restart keeps it.
 */
final class GuardGate implements AutoCloseable {
    /** A throttled key gets one request per this many milliseconds. */
    static final long THROTTLE_INTERVAL_MILLIS = 1_000;

    private final Guard guard;
    private final java.time.InstantSource clock;
    private final Path ledgerFile;
    private final Consumer<String> log;
    private final Map<String, Long> nextAllowed = new ConcurrentHashMap<>();
    private final Thread rescorer;
    private volatile boolean closed;

    /**
     * @param stateFolder where the ledger is saved, or null for a guard that forgets on restart
     * @param log         where each changed decision is written with its reasons, or null
     * @param clock       the time requests are stamped and scored with (a simulation runs it faster than the wall)
     */
    GuardGate(Guard guard, Path stateFolder, long rescoreMillis, Consumer<String> log, java.time.InstantSource clock) {
        this.guard = guard;
        this.clock = clock;
        this.ledgerFile = stateFolder == null ? null : stateFolder.resolve(GuardLedger.FILE_NAME);
        this.log = log;
        this.rescorer = Thread.ofVirtual().name("guard-rescorer").start(() -> {
            Map<String, GuardPolicy.Decision> last = Map.of();
            while (!closed) {
                try {
                    Thread.sleep(rescoreMillis);
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    last = rescore(last);
                } catch (RuntimeException e) {
                    // A failed rescoring (a full disk under the ledger) must not stop the guard: the next one tries again.
                    if (log != null) {
                        log.accept("guard rescoring failed: " + e.getMessage());
                    }
                }
            }
        });
    }

    /** The request as the key's decision lets it through; throws the refusal or the throttle's 429. */
    GenerationRequest admit(String keyId, GenerationRequest request, String promptText) {
        RequestEvent event = new RequestEvent(keyId, clock.millis(), request.promptTokens(), 0, request.n(), request.logprobs(),
                request.topLogprobs(), request.promptLogprobs() >= 0, request.temperature());
        GuardPolicy.Decision decision = guard.observe(event, promptText);
        return switch (decision.action()) {
            case REFUSE -> throw ApiError.refusedByGuard();
            case THROTTLE -> {
                long now = clock.millis();
                long allowedAt = nextAllowed.getOrDefault(keyId, 0L);
                if (now < allowedAt) {
                    throw ApiError.overQuota("This key is rate limited: one request per second.", (int) Math.max(1, (allowedAt - now + 999) / 1000));
                }
                nextAllowed.put(keyId, now + THROTTLE_INTERVAL_MILLIS);
                yield request;
            }
            case DEGRADE -> request.degraded();
            default -> request;
        };
    }

    private Map<String, GuardPolicy.Decision> rescore(Map<String, GuardPolicy.Decision> last) {
        guard.rescore(clock.millis());
        Map<String, GuardPolicy.Decision> now = new java.util.HashMap<>();
        for (GuardPolicy.Decision decision : guard.decisions()) {
            now.put(decision.keyId(), decision);
            GuardPolicy.Decision before = last.get(decision.keyId());
            if (log != null && (before == null ? decision.action() != dev.distill4j.serve.guard.GuardAction.ALLOW : before.action() != decision.action())) {
                log.accept(String.format(java.util.Locale.ROOT, "guard key=%s action=%s score=%.2f reasons=%s", decision.keyId(),
                        decision.action().name().toLowerCase(java.util.Locale.ROOT), decision.score(), String.join("; ", decision.reasons())));
            }
        }
        if (ledgerFile != null) {
            guard.ledger().save(ledgerFile);
        }
        return now;
    }

    /** The current decisions, flagged keys first: what {@code ./distill guard status} shows. */
    java.util.List<GuardPolicy.Decision> decisions() {
        return guard.decisions();
    }

    @Override
    public void close() {
        closed = true;
        rescorer.interrupt();
        try {
            rescorer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ledgerFile != null) {
            guard.ledger().save(ledgerFile);
        }
    }
}
