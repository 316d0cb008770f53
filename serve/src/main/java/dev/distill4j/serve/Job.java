package dev.distill4j.serve;

import dev.distill4j.model.generate.Completion;
import dev.distill4j.model.generate.RowSpec;
import dev.distill4j.model.generate.TokenLogprob;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One HTTP request's work in the scheduler: its rows (one per choice), whose key it counts against, and the events
 * the scheduler thread sends back to the request's own thread. The scheduler never blocks on a job: events go into
 * an unbounded queue that the request thread drains.
 */
final class Job {
    /** What the scheduler reports about a job, in order. */
    sealed interface Event {}

    /**
     * New tokens of a streaming choice since the last event of that choice (with their logprobs when asked for); the
     * first event of a choice also carries its prompt logprobs, when asked for (null otherwise).
     */
    record Tokens(int choice, int[] tokens, List<TokenLogprob> logprobs, List<TokenLogprob> promptLogprobs) implements Event {}

    /** A choice is done; {@code promptLogprobs} is null unless asked for. */
    record Finished(int choice, Completion completion, List<TokenLogprob> promptLogprobs) implements Event {}

    /** The job cannot finish (shutdown past its deadline, an engine failure). */
    record Failed(ApiError error) implements Event {}

    final String keyId;
    /** A batch API request: admitted only when no live request waits, in at most the scheduler's background rows. */
    final boolean background;
    final GenerationRequest request;
    final List<RowSpec> rows;
    final long enqueuedNanos = System.nanoTime();
    private volatile long admittedNanos;
    private final AtomicInteger unfinishedRows;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean over = new AtomicBoolean();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    Job(String keyId, GenerationRequest request, List<RowSpec> rows) {
        this(keyId, request, rows, false);
    }

    Job(String keyId, GenerationRequest request, List<RowSpec> rows, boolean background) {
        this.keyId = keyId;
        this.background = background;
        this.request = request;
        this.rows = List.copyOf(rows);
        this.unfinishedRows = new AtomicInteger(rows.size());
    }

    boolean streaming() {
        return request.stream();
    }

    /** The first time one of its rows joined the batch: the end of its queue time. */
    void admitted() {
        if (admittedNanos == 0) {
            admittedNanos = System.nanoTime();
        }
    }

    /** Nanoseconds from arrival to the first row joining the batch (or until now, if none has). */
    long queueNanos() {
        long admitted = admittedNanos;
        return (admitted == 0 ? System.nanoTime() : admitted) - enqueuedNanos;
    }

    /** Marks the client gone; true the first time. */
    boolean cancel() {
        return cancelled.compareAndSet(false, true);
    }

    boolean cancelled() {
        return cancelled.get();
    }

    void send(Event event) {
        events.add(event);
    }

    /** Counts a finished row; true when it was the last. */
    boolean rowFinished() {
        return unfinishedRows.decrementAndGet() == 0 && over.compareAndSet(false, true);
    }

    /** Ends the job whatever its rows' state (failed or cancelled); true the first time. */
    boolean end() {
        return over.compareAndSet(false, true);
    }

    boolean isOver() {
        return over.get();
    }

    /** The next event, waiting up to {@code millis}; null when none came. */
    Event next(long millis) throws InterruptedException {
        return events.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Every choice of a whole (not streamed) answer, in choice order; prompt logprobs are null unless asked for. */
    record Answers(Completion[] completions, List<List<TokenLogprob>> promptLogprobs) {}

    /**
     * Waits for every choice to finish, checking {@code giveUp} between polls of {@code pollMillis}.
     *
     * @return the answers, or null when {@code giveUp} said so first
     * @throws ApiError the job failed (shutdown past its deadline, an engine failure)
     */
    Answers awaitAll(BooleanSupplier giveUp, long pollMillis) throws InterruptedException {
        Completion[] completions = new Completion[request.choices()];
        List<List<TokenLogprob>> promptLogprobs = new ArrayList<>(Collections.nCopies(request.choices(), null));
        int done = 0;
        while (done < completions.length) {
            if (giveUp.getAsBoolean()) {
                return null;
            }
            Event event = next(pollMillis);
            if (event instanceof Finished finished) {
                completions[finished.choice()] = finished.completion();
                promptLogprobs.set(finished.choice(), finished.promptLogprobs());
                done++;
            } else if (event instanceof Failed failed) {
                throw failed.error();
            }
        }
        return new Answers(completions, promptLogprobs);
    }
}
