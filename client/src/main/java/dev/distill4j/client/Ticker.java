package dev.distill4j.client;

/** A monotonic clock in nanoseconds; tests pass a fake one so that waits are asserted, not slept. */
@FunctionalInterface
public interface Ticker {
    Ticker SYSTEM = System::nanoTime;

    long nanoTime();
}
