package dev.distill4j.cli;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The guard's clock in a simulation: it stands still until the simulator moves it, so a day of traffic is replayed
 * in minutes and every request of one simulated second is stamped with that second, whatever the machine's speed.
 */
final class SimulatedClock implements InstantSource {
    private final AtomicLong millis;

    SimulatedClock(long startMillis) {
        this.millis = new AtomicLong(startMillis);
    }

    /** Moves the clock to {@code atMillis}; it never goes back. */
    void advanceTo(long atMillis) {
        millis.accumulateAndGet(atMillis, Math::max);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }
}
