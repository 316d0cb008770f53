package dev.distill4j.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Content keys: SHA-256 over a sequence of parts, each length-prefixed so that
 * ("ab", "c") and ("a", "bc") never collide. The same inputs give the same key in every process,
 * which is what lets a stage run again without paying twice.
 */
public final class ContentKey {
    private ContentKey() {}

    /** The full 64-hex-digit key of the parts. */
    public static String of(String... parts) {
        MessageDigest digest = sha256();
        for (String part : parts) {
            byte[] bytes = (part == null ? "\u0000null" : part).getBytes(StandardCharsets.UTF_8);
            digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ':');
            digest.update(bytes);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A 16-hex-digit key (64 bits): plenty for task identifiers that people read. */
    public static String shortOf(String... parts) {
        return of(parts).substring(0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
