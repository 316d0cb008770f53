package dev.distill4j.serve;

import io.javalin.http.Context;
import java.util.EventListener;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.SelectableChannelEndPoint;
import org.eclipse.jetty.server.Request;

/**
 * Notices that a request's client went away while the answer is being made, without writing to it: the
 * {@link HangUpWatcher} sees the client's end of stream on the socket, Jetty reports a failed request (an idle
 * time-out, a failure while reading) to failure listeners and a closed connection to connection listeners. A
 * streaming answer also learns it from a failed write; a whole-body answer has nothing to write until the end, so
 * without this its batch row would run on for nobody.
 */
final class ClientWatch implements AutoCloseable {
    private final AtomicBoolean gone = new AtomicBoolean();
    private final Runnable onGone;
    private final Connection connection;
    private final Connection.Listener listener;
    private final HangUpWatcher.Watch hangUp;

    private ClientWatch(Context ctx, HangUpWatcher watcher, Runnable onGone) {
        this.onGone = onGone;
        Request request = ServletContextRequest.getServletContextRequest(ctx.req());
        request.addFailureListener(failure -> gone());
        this.connection = request.getConnectionMetaData().getConnection();
        this.listener = new Connection.Listener() {
            @Override
            public void onClosed(Connection closed) {
                gone();
            }
        };
        connection.addEventListener(listener);
        this.hangUp = connection.getEndPoint() instanceof SelectableChannelEndPoint endPoint
                ? watcher.watch(endPoint.getChannel(), this::gone) : () -> {};
    }

    /** Watches the request's connection and runs {@code onGone} once if the client goes away. */
    static ClientWatch on(Context ctx, HangUpWatcher watcher, Runnable onGone) {
        return new ClientWatch(ctx, watcher, onGone);
    }

    /** Called also by a writer whose write failed. */
    void gone() {
        if (gone.compareAndSet(false, true)) {
            onGone.run();
        }
    }

    boolean isGone() {
        return gone.get();
    }

    @Override
    public void close() {
        // The connection outlives the request (keep-alive): the next request on it must not cancel this one's job.
        hangUp.close();
        connection.removeEventListener((EventListener) listener);
    }
}
