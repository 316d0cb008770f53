package dev.distill4j.client.generate;

/**
 * The run's dollar cap, kept by reservation: a request may be sent only after its worst-case cost is reserved,
 * and the reservation is replaced by the billed cost when the answer comes. Spent plus reserved never passes the
 * cap, so the run stops before the cap, not after it (as long as servers bill no more than the worst case).
 */
public final class CostBudget {
    private final double capUsd;
    private double spentUsd;
    private double reservedUsd;

    /**
     * @param capUsd       the cap, or {@code Double.POSITIVE_INFINITY} for none
     * @param alreadySpent what earlier runs of this stage spent into the same store
     */
    public CostBudget(double capUsd, double alreadySpent) {
        if (!(capUsd > 0)) {
            throw new IllegalArgumentException("field 'budget_usd': expected a number > 0, got " + capUsd);
        }
        this.capUsd = capUsd;
        this.spentUsd = alreadySpent;
    }

    /** Reserves {@code worstCaseUsd}; false (and nothing reserved) when that could pass the cap. */
    public synchronized boolean reserve(double worstCaseUsd) {
        if (spentUsd + reservedUsd + worstCaseUsd > capUsd) {
            return false;
        }
        reservedUsd += worstCaseUsd;
        return true;
    }

    /** Replaces a reservation with what the request was billed. */
    public synchronized void settle(double reservedUsd, double billedUsd) {
        this.reservedUsd -= reservedUsd;
        this.spentUsd += billedUsd;
    }

    /** Gives a reservation back: the request was not billed. */
    public synchronized void release(double reservedUsd) {
        this.reservedUsd -= reservedUsd;
    }

    public synchronized double spentUsd() {
        return spentUsd;
    }

    public double capUsd() {
        return capUsd;
    }
}
