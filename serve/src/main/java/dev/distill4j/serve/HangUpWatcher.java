package dev.distill4j.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Notices HTTP/1.1 clients that hang up while their answer is being made. Jetty reads a connection only when a
 * handler asks for content, so a client that closes its socket after sending the whole request goes unnoticed until
 * the answer is written, and a whole-body answer writes only at the end: its batch row would run on for nobody.
 *
 * <p>Every watched connection's channel is also registered, for reading only, with this watcher's own selector (a
 * channel may belong to several selectors; nothing is read here, so Jetty's parsing is untouched). Once the request
 * body is read, the only thing a client can make readable is the end of the stream or a reset: OpenAI's SDKs,
 * OkHttp, the JDK's client and Node's undici never pipeline a second request behind one that is unanswered. A client
 * that did pipeline would have its first request treated as abandoned; the README says so.
 */
final class HangUpWatcher implements AutoCloseable {
    private final Selector selector;
    private final Queue<Runnable> changes = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    /** A watch that can be called off once the answer is complete (the connection lives on for the next request). */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    HangUpWatcher() {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector: " + e.getMessage(), e);
        }
        this.thread = Thread.ofPlatform().name("distill-hangup-watcher").daemon(true).start(this::loop);
    }

    /** Runs {@code onHangUp} once when the channel turns readable (end of stream or reset) before the watch is closed. */
    Watch watch(SelectableChannel channel, Runnable onHangUp) {
        SelectionKey[] key = new SelectionKey[1];
        changes.add(() -> {
            try {
                key[0] = channel.register(selector, SelectionKey.OP_READ, onHangUp);
            } catch (ClosedChannelException e) {
                onHangUp.run();
            } catch (RuntimeException e) {
                // A channel in blocking mode cannot be watched: the answer's own writes will notice a hang-up instead.
            }
        });
        selector.wakeup();
        return () -> {
            changes.add(() -> {
                if (key[0] != null) {
                    key[0].cancel();
                }
            });
            selector.wakeup();
        };
    }

    private void loop() {
        while (!closed) {
            try {
                selector.select(1000);
                Runnable change;
                while ((change = changes.poll()) != null) {
                    change.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    key.cancel();
                    ((Runnable) key.attachment()).run();
                }
                selector.selectedKeys().clear();
                // Cancelled keys leave the selector at its next select; this one keeps the set small.
                selector.selectNow();
            } catch (IOException | RuntimeException e) {
                // Keep watching: a failed callback must not stop the others.
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(2000);
            selector.close();
        } catch (IOException e) {
            // Nothing left to watch.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
