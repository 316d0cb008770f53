package dev.distill4j.curate;

/**
 * The banding of a MinHash signature for locality-sensitive hashing (Leskovec, Rajaraman, Ullman, Mining of
 * Massive Datasets, ch. 3): {@code bands} bands of {@code rows} values each. Two documents become candidates when all
 * rows of at least one band agree, which for Jaccard similarity J happens with probability 1 − (1 − Jʳ)ᵇ.
 *
 * @param bands how many bands (and band tables in the index)
 * @param rows  signature values per band
 */
public record LshBands(int bands, int rows) {
    /** At the threshold itself a true pair becomes a candidate with at least this probability (more above it). */
    public static final double RECALL_AT_THRESHOLD = 0.99;
    /** Each band is a table entry per kept document: this caps the index at 12 entries per document. */
    static final int MAX_BANDS = 12;
    /** The MinHash cost per shingle grows with rows × bands. */
    static final int MAX_HASHES = 64;

    public LshBands {
        if (bands < 1) {
            throw new IllegalArgumentException("field 'bands': expected an integer >= 1, got " + bands);
        }
        if (rows < 1) {
            throw new IllegalArgumentException("field 'rows': expected an integer >= 1, got " + rows);
        }
    }

    /** Signature length: bands × rows MinHash values. */
    public int hashes() {
        return bands * rows;
    }

    /** The probability that a pair of Jaccard similarity {@code jaccard} shares at least one band. */
    public double candidateProbability(double jaccard) {
        return 1 - Math.pow(1 - Math.pow(jaccard, rows), bands);
    }

    /**
     * The banding for a threshold: the most rows per band (so that fewer dissimilar pairs become candidates and
     * need checking) for which at most {@value #MAX_BANDS} bands and {@value #MAX_HASHES} hashes still make a pair at
     * the threshold a candidate with probability {@value #RECALL_AT_THRESHOLD}. At 0.8 that is 12 bands of 5 rows
     * (0.991 at J = 0.8, 0.32 at J = 0.5, 0.029 at J = 0.3). Thresholds below about 0.32 get single-row bands, as many as
     * the recall needs.
     */
    public static LshBands forThreshold(double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("field 'near_dup_jaccard': expected a number in (0, 1], got " + threshold);
        }
        for (int rows = MAX_HASHES; rows >= 1; rows--) {
            double bands = bandsFor(threshold, rows);
            if (bands <= MAX_BANDS && bands * rows <= MAX_HASHES) {
                return new LshBands((int) bands, rows);
            }
        }
        // Below about 0.32 even single-row bands need more than 12: take as many as the recall needs.
        return new LshBands((int) bandsFor(threshold, 1), 1);
    }

    /** The fewest bands of {@code rows} rows that reach the recall at the threshold (possibly infinite). */
    private static double bandsFor(double threshold, int rows) {
        double bandHit = Math.pow(threshold, rows);
        return bandHit >= 1 ? 1 : Math.ceil(Math.log(1 - RECALL_AT_THRESHOLD) / Math.log1p(-bandHit));
    }
}
