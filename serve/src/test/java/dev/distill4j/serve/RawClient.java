package dev.distill4j.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** An HTTP/1.1 request on a plain socket, which a test can drop mid-answer as a client that goes away does. */
final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final StringBuilder received = new StringBuilder();

    private RawClient(Socket socket) {
        this.socket = socket;
    }

    static RawClient post(OpenAiServer server, String path, String body, String key) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                + "\r\n" + (key == null ? "" : "Authorization: Bearer " + key + "\r\n") + "\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return new RawClient(socket);
    }

    /** Reads until the answer so far contains {@code text}, or the connection ends; returns what arrived. */
    String readUntil(String text) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (received.indexOf(text) < 0) {
            int read = in.read(buffer);
            if (read < 0) {
                break;
            }
            received.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
        }
        return received.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
