package dev.distill4j.core.verify;

/**
 * How well two pass/fail graders agree on the same samples (an LLM judge and a task's programmatic verifier): the
 * 2x2 table, percent agreement, and Cohen's kappa, which discounts the agreement two graders reach by chance
 * (kappa = (p_o - p_e) / (1 - p_e); Cohen 1960).
 *
 * @param bothPass  samples both graders passed
 * @param onlyFirst samples only the first passed
 * @param onlySecond samples only the second passed
 * @param bothFail  samples both failed
 */
public record Agreement(long bothPass, long onlyFirst, long onlySecond, long bothFail) {
    public static final Agreement NONE = new Agreement(0, 0, 0, 0);

    public Agreement {
        if (bothPass < 0 || onlyFirst < 0 || onlySecond < 0 || bothFail < 0) {
            throw new IllegalArgumentException("field 'counts': expected counts >= 0, got " + bothPass + ", " + onlyFirst + ", " + onlySecond
                    + ", " + bothFail);
        }
    }

    /** This table with one more sample. */
    public Agreement plus(boolean first, boolean second) {
        return new Agreement(bothPass + (first && second ? 1 : 0), onlyFirst + (first && !second ? 1 : 0),
                onlySecond + (!first && second ? 1 : 0), bothFail + (!first && !second ? 1 : 0));
    }

    public long samples() {
        return bothPass + onlyFirst + onlySecond + bothFail;
    }

    /** Share of samples the two agree on; NaN with no samples. */
    public double percent() {
        long n = samples();
        return n == 0 ? Double.NaN : (bothPass + bothFail) / (double) n;
    }

    /**
     * Cohen's kappa: 1 for full agreement, 0 for what chance gives, below 0 for less. NaN with no samples, and when
     * both graders give one same answer to every sample (chance agreement is then 1 and kappa has no value).
     */
    public double kappa() {
        long n = samples();
        if (n == 0) {
            return Double.NaN;
        }
        double observed = percent();
        double firstPass = (bothPass + onlyFirst) / (double) n;
        double secondPass = (bothPass + onlySecond) / (double) n;
        double chance = firstPass * secondPass + (1 - firstPass) * (1 - secondPass);
        return chance >= 1 ? Double.NaN : (observed - chance) / (1 - chance);
    }
}
