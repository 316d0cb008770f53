package dev.distill4j.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Runs one blocking call per item on virtual threads, at most a given number at once, and gives the results back in
 * item order. The teacher client caps what is in flight per endpoint; this caps what waits for it, so a round of
 * thousands of requests (generation) or a page of thousands of samples (the judge) does not park thousands of threads
 * on the client's semaphore at once.
 */
public final class BoundedConcurrency {
    private BoundedConcurrency() {}

    @FunctionalInterface
    public interface Call<T, R> {
        R apply(T item) throws InterruptedException;
    }

    /**
     * @throws InterruptedException when interrupted; the calls still running are interrupted too
     * @throws RuntimeException     the first call's that threw, after the others are interrupted
     */
    public static <T, R> List<R> map(List<T> items, int maxConcurrency, Call<T, R> call) throws InterruptedException {
        Semaphore slots = new Semaphore(maxConcurrency);
        List<R> results = new ArrayList<>(items.size());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<R>> futures = new ArrayList<>(items.size());
            for (T item : items) {
                futures.add(threads.submit(() -> {
                    slots.acquire();
                    try {
                        return call.apply(item);
                    } finally {
                        slots.release();
                    }
                }));
            }
            try {
                for (Future<R> future : futures) {
                    results.add(future.get());
                }
            } catch (InterruptedException e) {
                threads.shutdownNow();
                throw e;
            } catch (ExecutionException e) {
                threads.shutdownNow();
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("a concurrent call failed: " + e.getCause(), e.getCause());
            }
        }
        return results;
    }
}
