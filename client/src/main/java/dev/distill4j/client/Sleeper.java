package dev.distill4j.client;

import java.time.Duration;

/** Waits for a while; tests pass one that advances a fake {@link Ticker} and records the wait. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = duration -> {
        if (duration.isPositive()) {
            Thread.sleep(duration);
        }
    };

    void sleep(Duration duration) throws InterruptedException;
}
