package dev.distill4j.cli;

import dev.distill4j.serve.guard.CampaignSignal;
import dev.distill4j.serve.guard.CoordinationSignal;
import dev.distill4j.serve.guard.CoverageSignal;
import dev.distill4j.serve.guard.Degradation;
import dev.distill4j.serve.guard.Guard;
import dev.distill4j.serve.guard.GuardLedger;
import dev.distill4j.serve.guard.GuardPolicy;
import dev.distill4j.serve.guard.VolumeSignal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** The guard {@code ./distill serve --guard} runs, with its ledger restored from the server's state folder. */
final class GuardSetup {
    private GuardSetup() {}

    static final long HOUR_MILLIS = 3_600_000;

    /** Reads a groups file: one {@code KEY_ID GROUP} a line; blank lines and {@code #} comments skipped. */
    static Map<String, String> groups(Path file) {
        Map<String, String> groups = new java.util.LinkedHashMap<>();
        java.util.List<String> lines;
        try {
            lines = java.nio.file.Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the guard's groups file " + file + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected 'KEY_ID GROUP', got '" + line + "'");
            }
            groups.put(parts[0], parts[1]);
        }
        return groups;
    }

    /**
     * Volume: 600 requests an hour reaches half the score (no single chat user sends that many), 10x a key's own rate
     * after a day of history; coverage after 20 prompts; coordination across 3 or more keys in one-minute buckets;
     * campaigns of many small keys ({@link CampaignSignal#standard()}: disjoint slices count in full from 5 keys and 100
     * requests); the standard bands (flag 0.5, throttle 0.7, degrade 0.85, refuse 0.95). The distance and MMD tests need
     * calibration on the deployment's benign traffic and are off. A degraded key gets the
     * {@link GuardPolicy#STANDARD_DEGRADATIONS}.
     */
    static Guard guard(Path stateDir, Set<String> allowList) {
        return guard(stateDir, allowList, Map.of(), GuardPolicy.STANDARD_DEGRADATIONS);
    }

    /**
     * @param groups       the group of each key that has one (an organisation's keys are also scored together)
     * @param degradations what a degraded key's answers lose
     */
    static Guard guard(Path stateDir, Set<String> allowList, Map<String, String> groups, Set<Degradation> degradations) {
        GuardPolicy standard = GuardPolicy.standard();
        GuardPolicy policy = new GuardPolicy(standard.flagAt(), standard.throttleAt(), standard.degradeAt(), standard.refuseAt(), allowList, degradations);
        return new Guard(settings(policy), GuardLedger.load(stateDir.resolve("guard").resolve(GuardLedger.FILE_NAME), 256, groups));
    }

    /** The signals {@code serve --guard} runs, with {@code policy}; the simulator measures exactly these. */
    static Guard.Settings settings(GuardPolicy policy) {
        return new Guard.Settings(new VolumeSignal(HOUR_MILLIS, 600, 24 * HOUR_MILLIS), new CoverageSignal(20), new CoordinationSignal(60_000, 3),
                CampaignSignal.standard(), null, null, policy, 64, 128);
    }
}
