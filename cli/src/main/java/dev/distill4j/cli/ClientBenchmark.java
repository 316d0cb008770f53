package dev.distill4j.cli;

import dev.distill4j.client.ChatCall;
import dev.distill4j.client.TeacherClient;
import dev.distill4j.client.TeacherEndpoint;
import dev.distill4j.client.TeacherResult;
import dev.distill4j.core.ChatMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives {@link TeacherClient} from virtual threads against an {@link InstantTeacherServer} in a child process:
 * how many requests per second the client side sustains, what it adds to each request, and its heap at
 * {@code concurrency} requests in flight.
 */
final class ClientBenchmark {
    /**
     * @param requestsPerSecond completed requests over the wall time of the run
     * @param overheadP50Ms     median of (client latency - server time) per request
     * @param overheadP99Ms     99th percentile of the same
     * @param maxInFlight       the most requests the server saw open at once
     * @param peakHeapMb        this JVM's heap in use at its highest during the run (the sum of the pools' peaks)
     * @param maxHeapMb         the heap this JVM may grow to (-Xmx)
     * @param failed            requests that ended in an error
     */
    record Figures(int requests, int concurrency, double seconds, double requestsPerSecond, double overheadP50Ms,
            double overheadP99Ms, int maxInFlight, double peakHeapMb, double maxHeapMb, int failed) {}

    private ClientBenchmark() {}

    static Figures run(int requests, int concurrency) throws IOException, InterruptedException {
        if (requests < 1 || concurrency < 1) {
            throw new IllegalArgumentException("expected requests and concurrency >= 1, got " + requests + " and " + concurrency);
        }
        int gate = Math.min(requests, concurrency);
        Process server = startServer(gate);
        try (BufferedReader serverOut = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII))) {
            int port = Integer.parseInt(expect(serverOut, "port "));
            long[] overheadNanos = new long[requests];
            AtomicInteger failed = new AtomicInteger();
            resetHeapPeaks();
            long start = System.nanoTime();
            drive(port, requests, concurrency, overheadNanos, failed);
            double seconds = (System.nanoTime() - start) / 1e9;
            double peakHeap = heapPeakBytes() / (1024.0 * 1024.0);
            server.getOutputStream().close();
            int maxInFlight = Integer.parseInt(expect(serverOut, "max_in_flight "));
            Arrays.sort(overheadNanos);
            return new Figures(requests, concurrency, seconds, requests / seconds, percentile(overheadNanos, 0.50) / 1e6,
                    percentile(overheadNanos, 0.99) / 1e6, maxInFlight, peakHeap, Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0),
                    failed.get());
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    private static void drive(int port, int requests, int concurrency, long[] overheadNanos, AtomicInteger failed)
            throws InterruptedException {
        TeacherEndpoint endpoint = TeacherEndpoint.builder().name("instant").baseUrl("http://127.0.0.1:" + port + "/v1")
                .model("instant").timeout(Duration.ofSeconds(120)).build();
        ChatCall call = ChatCall.builder().messages(List.of(ChatMessage.user("2+2="))).n(1).maxTokens(1).build();
        // A permit per request in flight bounds the virtual threads alive at once, so N can exceed C freely.
        Semaphore slots = new Semaphore(concurrency);
        try (TeacherClient client = TeacherClient.builder().endpoint(endpoint).maxConcurrency(concurrency)
                        .requestDeadline(Duration.ofSeconds(120)).build();
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                slots.acquire();
                int request = i;
                threads.submit(() -> {
                    try {
                        long sent = System.nanoTime();
                        TeacherResult result = client.call(call);
                        long waited = System.nanoTime() - sent;
                        overheadNanos[request] = waited - Long.parseLong(result.choices().getFirst().text());
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        overheadNanos[request] = Long.MAX_VALUE;
                    } finally {
                        slots.release();
                    }
                    return null;
                });
            }
        }
    }

    /** The same java and classpath as this process, so the server is the code of this build. */
    private static Process startServer(int gate) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A held request waits at most 30 s: if the client cannot reach the gate, the run ends and says so.
        return new ProcessBuilder(java, "-Xss256k", "-cp", System.getProperty("java.class.path"), InstantTeacherServer.class.getName(),
                Integer.toString(gate), "30")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String expect(BufferedReader serverOut, String prefix) throws IOException {
        for (String line = serverOut.readLine(); line != null; line = serverOut.readLine()) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).strip();
            }
        }
        throw new UncheckedIOException(new IOException("the bench server ended without printing '" + prefix.strip() + "'"));
    }

    private static void resetHeapPeaks() {
        System.gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** An upper bound on the heap used at any one time: each pool peaked at most this high, maybe not together. */
    private static long heapPeakBytes() {
        return heapPools().stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP).toList();
    }

    /** Nearest-rank percentile of sorted values; a failed request (MAX_VALUE) sorts last. */
    static double percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
