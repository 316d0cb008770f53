package dev.distill4j.cli;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The teacher {@code bench client} talks to: a loopback HTTP/1.1 server answering every chat completion at once, run
 * as its own process so that its sockets, threads and garbage are not counted against the client being measured.
 *
 * <p>An instant server never has many requests open at once, so the first {@code gate} requests are held until
 * {@code gate} are open together (or {@code holdSeconds} pass); after that the gate stays open. Each answer's content
 * is the nanoseconds the server spent on the request, so the client can subtract them from what it waited.
 *
 * <p>Protocol with the parent: prints {@code port <n>} once listening; when its stdin closes, prints
 * {@code max_in_flight <n>} and exits.
 */
final class InstantTeacherServer {
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final CountDownLatch gateOpen = new CountDownLatch(1);
    private final int gate;
    private final long holdNanos;

    InstantTeacherServer(int gate, long holdNanos) {
        this.gate = gate;
        this.holdNanos = holdNanos;
    }

    /** Args: gate (requests to hold until open together), hold seconds (the most a request is held). */
    public static void main(String[] args) throws Exception {
        InstantTeacherServer server = new InstantTeacherServer(Integer.parseInt(args[0]),
                TimeUnit.SECONDS.toNanos(Long.parseLong(args[1])));
        // The kernel caps the backlog at net.core.somaxconn; asking for more costs nothing where it is higher.
        ServerSocket listener = new ServerSocket(0, 20_000, InetAddress.getLoopbackAddress());
        Thread acceptor = Thread.ofPlatform().daemon().name("accept").start(() -> server.accept(listener));
        PrintStream out = System.out;
        out.println("port " + listener.getLocalPort());
        out.flush();
        try (BufferedReader parent = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (parent.readLine() != null) {
                // Nothing is sent on stdin; it closes when the parent is done (or dies).
            }
        }
        listener.close();
        acceptor.join(1000);
        out.println("max_in_flight " + server.peak.get());
        out.flush();
    }

    private void accept(ServerSocket listener) {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** One keep-alive connection: requests in turn until the client closes it. */
    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream()); OutputStream out = socket.getOutputStream()) {
            socket.setTcpNoDelay(true);
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                in.skipNBytes(contentLength(head));
                long start = System.nanoTime();
                hold();
                long spent = System.nanoTime() - start;
                byte[] body = completion(spent);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                open.decrementAndGet();
            }
        } catch (IOException | InterruptedException e) {
            // The client went away, or the process is ending: nothing to answer.
        }
    }

    /** Counts the request as open and, until the gate has opened once, waits for {@code gate} to be open together. */
    private void hold() throws InterruptedException {
        int now = open.incrementAndGet();
        peak.accumulateAndGet(now, Math::max);
        if (gateOpen.getCount() == 0) {
            return;
        }
        if (now >= gate) {
            gateOpen.countDown();
            return;
        }
        gateOpen.await(holdNanos, TimeUnit.NANOSECONDS);
    }

    /** An OpenAI chat completion whose content is the server's own time on the request, in nanoseconds. */
    static byte[] completion(long serverNanos) {
        return ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"instant\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + serverNanos + "\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}").getBytes(StandardCharsets.US_ASCII);
    }

    /** The request line and headers, or null at a clean end of the connection. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder(256);
        int matched = 0;
        while (matched < HEAD_END.length) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.append((char) b);
            matched = b == HEAD_END[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString();
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                return Long.parseLong(line.substring(colon + 1).trim());
            }
        }
        return 0;
    }
}
