package dev.distill4j.client.judge;

import java.util.List;

/**
 * Pairwise comparisons summed up.
 *
 * @param firstWins     comparisons the first sample won in both orders
 * @param secondWins    comparisons the second sample won in both orders
 * @param ties          ties, including those where the orders disagreed
 * @param unjudged      comparisons without a usable answer in some order
 * @param disagreements comparisons whose two orders named different outcomes
 */
public record PairwiseReport(long firstWins, long secondWins, long ties, long unjudged, long disagreements) {
    public static PairwiseReport of(List<PairwiseVerdict> verdicts) {
        long first = 0;
        long second = 0;
        long ties = 0;
        long unjudged = 0;
        long disagreements = 0;
        for (PairwiseVerdict verdict : verdicts) {
            switch (verdict.winner()) {
                case FIRST -> first++;
                case SECOND -> second++;
                case TIE -> ties++;
                case UNJUDGED -> unjudged++;
            }
            disagreements += verdict.ordersDisagreed() ? 1 : 0;
        }
        return new PairwiseReport(first, second, ties, unjudged, disagreements);
    }

    /** Comparisons with an answer in both orders. */
    public long judged() {
        return firstWins + secondWins + ties;
    }

    /** Share of the judged comparisons whose two orders disagreed; NaN when none was judged. */
    public double positionBiasRate() {
        return judged() == 0 ? Double.NaN : disagreements / (double) judged();
    }
}
