package dev.distill4j.serve;

import dev.distill4j.serve.guard.Degradation;
import dev.distill4j.serve.guard.Guard;
import dev.distill4j.serve.guard.GuardLedger;
import dev.distill4j.serve.guard.GuardPolicy;
import dev.distill4j.serve.guard.RequestEvent;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The guard at the server's door: each generation request is recorded and its key's current decision applied before
 * it is queued (refused with a 403, throttled with a 429, degraded as the policy's {@link Degradation}s say, or let
 * through); a background thread rescores the keys every {@code rescoreMillis} and saves the ledger, so a restart keeps
 * it. A simulation can run without the thread and {@link #rescore()} when its own clock says so.
 */
final class GuardGate implements AutoCloseable {
    /** A throttled key gets one request per this many milliseconds. */
    static final long THROTTLE_INTERVAL_MILLIS = 1_000;

    private final Guard guard;
    private final java.time.InstantSource clock;
    private final Path ledgerFile;
    private final Consumer<String> log;
    private final Map<String, KeyTurn> turns = new ConcurrentHashMap<>();
    /** What the policy's degrade band does, split once here so that the request path only looks it up. */
    private final Set<Degradation> degradations;
    private final AnswerDegradation answerDegradation;
    /** The background rescorer, or null when rescoring is left to {@link #rescore()}. */
    private final Thread rescorer;
    /** The decisions of the last rescoring, so that only changes are logged; guarded by {@code this}. */
    private Map<String, GuardPolicy.Decision> lastDecisions = Map.of();
    private volatile boolean closed;

    /**
     * A request as the gate lets it through.
     *
     * @param request the request to generate, with the request-side degradations applied
     * @param answers the answer-side degradations, {@link AnswerDegradation#NONE} for a key not degraded
     */
    record Admission(GenerationRequest request, AnswerDegradation answers) {}

    /**
     * @param stateFolder   where the ledger is saved, or null for a guard that forgets on restart
     * @param rescoreMillis how often a background thread rescores, or 0 for no thread (the owner calls {@link #rescore()})
     * @param log           where each changed decision is written with its reasons, or null
     * @param clock         the time requests are stamped and scored with (a simulation runs it faster than the wall)
     */
    GuardGate(Guard guard, Path stateFolder, long rescoreMillis, Consumer<String> log, java.time.InstantSource clock) {
        if (rescoreMillis < 0) {
            throw new IllegalArgumentException("guard rescoring interval: expected >= 0 ms (0: no background rescoring), got " + rescoreMillis);
        }
        this.guard = guard;
        this.clock = clock;
        this.ledgerFile = stateFolder == null ? null : stateFolder.resolve(GuardLedger.FILE_NAME);
        this.log = log;
        this.degradations = guard.settings().policy().degradations();
        this.answerDegradation = AnswerDegradation.of(degradations);
        this.rescorer = rescoreMillis == 0 ? null : Thread.ofVirtual().name("guard-rescorer").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(rescoreMillis);
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    rescore();
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
    Admission admit(String keyId, GenerationRequest request, String promptText) {
        // One key's requests are admitted one at a time, in the order the guard records them: otherwise two requests
        // of a throttled key racing through the check could both pass, or the later one take the earlier one's slot.
        KeyTurn turn = turns.computeIfAbsent(keyId, k -> new KeyTurn());
        synchronized (turn) {
            // One reading of the clock for the stamp and the throttle: a simulation may move the clock in between.
            long now = clock.millis();
            RequestEvent event = new RequestEvent(keyId, now, request.promptTokens(), 0, request.n(), request.logprobs(),
                    request.topLogprobs(), request.promptLogprobs() >= 0, request.temperature());
            GuardPolicy.Decision decision = guard.observe(event, promptText);
            return switch (decision.action()) {
                case REFUSE -> throw ApiError.refusedByGuard();
                case THROTTLE -> {
                    if (now < turn.nextAllowedMillis) {
                        throw ApiError.overQuota("This key is rate limited: one request per second.",
                                (int) Math.max(1, (turn.nextAllowedMillis - now + 999) / 1000));
                    }
                    turn.nextAllowedMillis = now + THROTTLE_INTERVAL_MILLIS;
                    yield new Admission(request, AnswerDegradation.NONE);
                }
                case DEGRADE -> new Admission(request.degraded(degradations), answerDegradation);
                default -> new Admission(request, AnswerDegradation.NONE);
            };
        }
    }

    /** A key's place at the door: when its next throttled request may pass; also the lock its admissions take turns on. */
    private static final class KeyTurn {
        long nextAllowedMillis;
    }

    /** Rescores every key now, logs the decisions that changed and saves the ledger: what the background thread runs. */
    synchronized void rescore() {
        Map<String, GuardPolicy.Decision> last = lastDecisions;
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
        lastDecisions = now;
    }

    /** The current decisions, flagged keys first: what {@code ./distill guard status} shows. */
    java.util.List<GuardPolicy.Decision> decisions() {
        return guard.decisions();
    }

    @Override
    public void close() {
        closed = true;
        if (rescorer != null) {
            rescorer.interrupt();
            try {
                rescorer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ledgerFile != null) {
            guard.ledger().save(ledgerFile);
        }
    }
}
