package dev.distill4j.client.judge;

/**
 * A judge's comparison of two answers to one task, asked in both orders to control position bias: judges favour the
 * answer shown first (or second) more often than chance (Zheng et al. 2023; Wang et al. 2023, "Large Language Models
 * are not Fair Evaluators"). A winner stands only when both orders name it; when they disagree it is a tie.
 *
 * @param firstKey        the first sample's key
 * @param secondKey       the second sample's key
 * @param winner          the outcome over both orders
 * @param ordersDisagreed whether the two orders named different outcomes (position bias at work)
 * @param reason          the judge's reasons, first order then swapped, or why there is no outcome
 */
public record PairwiseVerdict(String firstKey, String secondKey, Winner winner, boolean ordersDisagreed, String reason) {
    /** Which sample won; {@code UNJUDGED} when an order got no usable answer (the reason says why). */
    public enum Winner {
        FIRST, SECOND, TIE, UNJUDGED
    }
}
