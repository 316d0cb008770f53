package dev.distill4j.eval.study;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains students side by side on worker threads, with the engine's intra-op threads shared out among them.
 *
 * <p>Two trainings with one PyTorch thread each outrun one training with two on this kind of machine: small models
 * leave a core idle between ops. One thread per training is also what makes a training a function of its seed: the
 * same training on two intra-op threads ended on weights that differed in the fifth digit from run to run. The
 * setting is global to the engine, so it is put back when the pool is done.
 */
public final class TrainingPool {
    private TrainingPool() {}

    /**
     * Runs every job and returns their results in the jobs' order; the first job to fail cancels the rest and its
     * exception is rethrown.
     *
     * @param workers           trainings at once
     * @param threadsPerTraining the engine's intra-op threads while the pool runs (1 for reproducible trainings)
     */
    public static <T> List<T> run(List<Callable<T>> jobs, int workers, int threadsPerTraining, String threadName) throws InterruptedException {
        if (workers < 1 || threadsPerTraining < 1) {
            throw new IllegalArgumentException("workers and threads per training must be >= 1, got " + workers + " and " + threadsPerTraining);
        }
        // The native library loads with the engine; a caller that has not touched a tensor yet must load it first.
        Engine.getEngine("PyTorch");
        int threadsBefore = JniUtils.getNumThreads();
        JniUtils.setNumThreads(threadsPerTraining);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(workers, jobs.size())), runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            jobs.forEach(job -> futures.add(pool.submit(job)));
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    futures.forEach(f -> f.cancel(true));
                    throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
            JniUtils.setNumThreads(threadsBefore);
        }
    }

    /** One training per core, each on one thread: as fast as this machine allows, and reproducible. */
    public static <T> List<T> reproducible(List<Callable<T>> jobs, String threadName) throws InterruptedException {
        return run(jobs, Runtime.getRuntime().availableProcessors(), 1, threadName);
    }
}
