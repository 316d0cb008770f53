package dev.distill4j.client.generate;

import dev.distill4j.client.FailureKind;
import dev.distill4j.client.Ticker;
import dev.distill4j.client.Usage;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/** Counts what the stage does, and tells the progress callback after every request. */
final class GenerationMeter {
    private final Ticker ticker;
    private final long started;
    private final Consumer<GenerationProgress> listener;
    private final Map<FailureKind, Long> errors = new EnumMap<>(FailureKind.class);
    private long doneAtStart = -1;
    private long done;
    private long total;
    private long sent;
    private long failed;
    private long samplesWritten;
    private long promptTokens;
    private long completionTokens;
    private double costUsd;
    private long batches;

    GenerationMeter(Ticker ticker, Consumer<GenerationProgress> listener) {
        this.ticker = ticker;
        this.started = ticker.nanoTime();
        this.listener = listener;
    }

    /** A new round's plan: {@code stored} samples are there, {@code planned} more are asked for. */
    synchronized void plan(long stored, long planned) {
        if (doneAtStart < 0) {
            doneAtStart = stored;
        }
        done = stored;
        total = stored + planned;
        report();
    }

    synchronized void answered(Usage usage, double billedUsd, int newSamples) {
        sent++;
        promptTokens += usage.promptTokens();
        completionTokens += usage.completionTokens();
        costUsd += billedUsd;
        samplesWritten += newSamples;
        done += newSamples;
        report();
    }

    /** Several answers stored together (a batch's): {@code requests} requests, their summed usage and bill. */
    synchronized void answeredTogether(int requests, Usage usage, double billedUsd, int newSamples) {
        sent += requests;
        promptTokens += usage.promptTokens();
        completionTokens += usage.completionTokens();
        costUsd += billedUsd;
        samplesWritten += newSamples;
        done += newSamples;
        report();
    }

    /** A provider batch this run submitted or found in flight. */
    synchronized void batch() {
        batches++;
    }

    synchronized long batches() {
        return batches;
    }

    synchronized void failed(FailureKind kind, int lostSamples) {
        failed++;
        errors.merge(kind, 1L, Long::sum);
        total -= lostSamples;
        report();
    }

    /** Samples held back by the budget: they leave the plan. */
    synchronized void heldBack(int samples) {
        total -= samples;
        report();
    }

    synchronized long sent() {
        return sent;
    }

    synchronized long failedRequests() {
        return failed;
    }

    synchronized long samplesWritten() {
        return samplesWritten;
    }

    synchronized long promptTokens() {
        return promptTokens;
    }

    synchronized long completionTokens() {
        return completionTokens;
    }

    synchronized double costUsd() {
        return costUsd;
    }

    synchronized Map<FailureKind, Long> errors() {
        return Map.copyOf(errors);
    }

    Duration elapsed() {
        return Duration.ofNanos(ticker.nanoTime() - started);
    }

    private void report() {
        double seconds = Math.max(1e-9, (ticker.nanoTime() - started) / 1e9);
        long doneHere = done - Math.max(0, doneAtStart);
        // The rate of this process only: samples found stored say nothing about how fast the teacher answers.
        Duration eta = doneHere <= 0 ? null : Duration.ofMillis(Math.round(1000 * seconds * Math.max(0, total - done) / doneHere));
        listener.accept(new GenerationProgress(done, Math.max(done, total), sent / seconds, (promptTokens + completionTokens) / seconds,
                errors, costUsd, eta));
    }
}
