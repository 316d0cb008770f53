package dev.distill4j.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when someone sleeps on it (or a test advances it), and remembers every sleep. */
final class FakeClock implements Ticker, Sleeper {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        now.addAndGet(duration.toNanos());
    }

    void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
