package dev.distill4j.client.generate;

import dev.distill4j.core.config.StrategyConfig;

/**
 * How many samples a task should have, given what is stored for it so far. The stage asks again after every round,
 * so a strategy that looks at pass counts adapts as verdicts come in.
 */
public sealed interface SamplingStrategy {
    /**
     * The total number of samples the task should end with, as far as can be told now; the stage asks for the
     * difference. A value at or below {@code samples} means the task is done.
     *
     * @param samples samples stored for the task under the run's sampling parameters
     * @param passed  how many of them its verifier passes
     */
    int target(int samples, int passed);

    /**
     * The strategy a config's {@code teacher.strategy} section describes.
     *
     * @param samplingN {@code teacher.sampling.n}: the samples per task where the section names none
     */
    static SamplingStrategy from(StrategyConfig config, int samplingN) {
        int samples = config.samplesGiven(samplingN);
        return switch (config.kind()) {
            case FIXED -> new Fixed(samples);
            case UNTIL_VERIFIED -> new UntilVerified(config.verified(), config.maxSamples());
            case DIFFICULTY -> new DifficultyAware(samples, config.verified(), config.maxSamples(), config.giveUpAfter());
        };
    }

    /** Whether the strategy reads verdicts, so the stage must grade stored samples. */
    default boolean needsVerdicts() {
        return true;
    }

    /** The same {@code n} samples for every task: the plain RL-style group. */
    record Fixed(int n) implements SamplingStrategy {
        public Fixed {
            if (n < 1) {
                throw new IllegalArgumentException("field 'n': expected a number >= 1, got " + n);
            }
        }

        @Override
        public int target(int samples, int passed) {
            return n;
        }

        @Override
        public boolean needsVerdicts() {
            return false;
        }
    }

    /**
     * Samples until {@code verified} of them pass the task's verifier, or {@code cap} were drawn: rejection sampling
     * with a ceiling, so a task the teacher cannot solve costs at most {@code cap} samples.
     *
     * @param verified passing samples wanted per task (>= 1)
     * @param cap      the most samples per task (>= verified)
     */
    record UntilVerified(int verified, int cap) implements SamplingStrategy {
        public UntilVerified {
            if (verified < 1) {
                throw new IllegalArgumentException("field 'verified': expected a number >= 1, got " + verified);
            }
            if (cap < verified) {
                throw new IllegalArgumentException("field 'cap': expected a number >= verified (" + verified + "), got " + cap);
            }
        }

        @Override
        public int target(int samples, int passed) {
            if (passed >= verified) {
                return samples;
            }
            // Ask for as many as are still missing at once: at a pass rate of 1, one round is enough.
            return Math.min(cap, samples + (verified - passed));
        }
    }

    /**
     * Spends samples where they teach most: a task the teacher always solves needs few, a task it solves rarely needs
     * many to find enough passing rollouts, and a task it never solves is dropped after {@code giveUpAfter} tries
     * (the RL observation that learning happens only where the pass rate is above zero).
     *
     * @param initial     samples every task gets first, to estimate its pass rate (>= 1)
     * @param verified    passing samples wanted per task
     * @param max         the most samples per task
     * @param giveUpAfter tries with no pass after which a task gets no more (initial <= giveUpAfter <= max)
     */
    record DifficultyAware(int initial, int verified, int max, int giveUpAfter) implements SamplingStrategy {
        public DifficultyAware {
            if (initial < 1) {
                throw new IllegalArgumentException("field 'initial': expected a number >= 1, got " + initial);
            }
            if (verified < 1) {
                throw new IllegalArgumentException("field 'verified': expected a number >= 1, got " + verified);
            }
            if (giveUpAfter < initial || max < giveUpAfter) {
                throw new IllegalArgumentException("field 'give_up_after': expected a number in [initial, max] = [" + initial + ", "
                        + max + "], got " + giveUpAfter);
            }
        }

        @Override
        public int target(int samples, int passed) {
            if (samples < initial) {
                return initial;
            }
            if (passed >= verified) {
                return samples;
            }
            if (passed == 0) {
                return samples >= giveUpAfter ? samples : giveUpAfter;
            }
            // Samples the observed pass rate says are needed for the passes still missing, rounded up.
            double rate = (double) passed / samples;
            int needed = (int) Math.ceil((verified - passed) / rate);
            return Math.min(max, samples + needed);
        }
    }
}
