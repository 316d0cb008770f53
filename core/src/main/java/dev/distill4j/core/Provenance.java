package dev.distill4j.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Who made a row: the run, the hash of the configuration, the seed and the code version.
 * Every table of the run store carries these columns, so any row can be traced back.
 */
public record Provenance(String run, String configHash, long seed, String codeVersion) {
    public Provenance {
        if (run == null || run.isBlank()) {
            throw new IllegalArgumentException("field 'run': expected a run name, got " + (run == null ? "null" : "an empty string"));
        }
        configHash = configHash == null ? "" : configHash;
        codeVersion = codeVersion == null || codeVersion.isBlank() ? runningVersion() : codeVersion;
    }

    /** Provenance for ad-hoc work outside a configured pipeline (a single command, a test). */
    public static Provenance adHoc(String run, long seed) {
        return new Provenance(run, "", seed, runningVersion());
    }

    /** The distill4j version that is running, from the build. */
    public static String runningVersion() {
        return CodeVersion.VALUE;
    }

    private static final class CodeVersion {
        static final String VALUE = read();

        private static String read() {
            try (InputStream in = Provenance.class.getResourceAsStream("/dev/distill4j/core/version.properties")) {
                if (in == null) {
                    return "dev";
                }
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "dev");
            } catch (IOException e) {
                return "dev";
            }
        }
    }
}
