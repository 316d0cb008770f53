package dev.distill4j.cli;

import dev.distill4j.serve.guard.CoordinationSignal;
import dev.distill4j.serve.guard.CoverageSignal;
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

    /**
     * Volume: 600 requests an hour reaches half the score (no single chat user sends that many), 10x a key's own rate
     * after a day of history; coverage after 20 prompts; coordination across 3 or more keys in one-minute buckets; the
     * standard bands (flag 0.5, throttle 0.7, degrade 0.85, refuse 0.95). The distance and MMD tests need calibration on
     * the deployment's benign traffic and are off.
     */
    static Guard guard(Path stateDir, Set<String> allowList) {
        GuardPolicy standard = GuardPolicy.standard();
        Guard.Settings settings = new Guard.Settings(new VolumeSignal(HOUR_MILLIS, 600, 24 * HOUR_MILLIS), new CoverageSignal(20),
                new CoordinationSignal(60_000, 3), null, null,
                new GuardPolicy(standard.flagAt(), standard.throttleAt(), standard.degradeAt(), standard.refuseAt(), allowList), 64, 128);
        return new Guard(settings, GuardLedger.load(stateDir.resolve("guard").resolve(GuardLedger.FILE_NAME), 256, Map.of()));
    }
}
