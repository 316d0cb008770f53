package dev.distill4j.curate;

/**
 * Near duplicates by MinHash with LSH bands, streaming: each document is compared with the documents kept before it.
 * A document's candidates are the kept documents that agree with it on all rows of at least one band; each candidate
 * is then verified by the exact Jaccard similarity of the two shingle sets (the candidate's text read back through
 * {@link KeptTexts}), so a reported pair is always at or above the threshold and the banding decides only recall.
 *
 * <p>Memory: one band table entry (8 bytes at up to 60% load) per band per kept document, {@link LshBands#bands()}
 * of them (12 at a threshold of 0.8), whatever the documents' length; plus what {@link KeptTexts} holds.
 */
public final class NearDuplicateIndex {
    private final double threshold;
    private final int shingle;
    private final LshBands banding;
    private final MinHasher minHasher;
    private final BandTable[] tables;
    private final KeptTexts keptTexts;
    private long verifications;

    /**
     * @param threshold the Jaccard similarity of shingle sets at which two documents are near duplicates, in (0, 1]
     * @param shingle   words per shingle
     * @param banding   the LSH banding ({@link LshBands#forThreshold(double)} gives one for the threshold)
     * @param seed      seeds the MinHash functions
     * @param keptTexts where the texts of kept documents are read back for verification
     */
    public NearDuplicateIndex(double threshold, int shingle, LshBands banding, long seed, KeptTexts keptTexts) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("field 'near_dup_jaccard': expected a number in (0, 1], got " + threshold);
        }
        if (shingle < 1) {
            throw new IllegalArgumentException("field 'shingle': expected an integer >= 1, got " + shingle);
        }
        this.threshold = threshold;
        this.shingle = shingle;
        this.banding = banding;
        this.minHasher = new MinHasher(banding.hashes(), seed);
        this.tables = new BandTable[banding.bands()];
        for (int b = 0; b < tables.length; b++) {
            tables[b] = new BandTable();
        }
        this.keptTexts = keptTexts;
    }

    /** An index with the banding chosen for {@code threshold}. */
    public static NearDuplicateIndex forThreshold(double threshold, int shingle, long seed, KeptTexts keptTexts) {
        return new NearDuplicateIndex(threshold, shingle, LshBands.forThreshold(threshold), seed, keptTexts);
    }

    /**
     * A document looked up in the index.
     *
     * @param duplicateOf the id of a kept document at or above the threshold, or -1 for none
     * @param jaccard     the exact Jaccard similarity with that document, or 0
     */
    public record Probe(String text, long[] shingles, int[] bandKeys, int duplicateOf, double jaccard) {
        public boolean isDuplicate() {
            return duplicateOf >= 0;
        }
    }

    /** Looks {@code text} up: which kept document, if any, it nearly duplicates. Changes nothing. */
    public Probe probe(String text) {
        return probe(text, Words.hashes(text));
    }

    /** {@link #probe(String)} for a text already split into its {@link Words#hashes word hashes}. */
    Probe probe(String text, long[] words) {
        long[] shingles = Shingles.of(words, shingle);
        int[] bandKeys = bandKeys(minHasher.signature(shingles));
        // A kept document that shares several bands is verified once.
        IntList tried = new IntList();
        IntList candidates = new IntList();
        for (int b = 0; b < tables.length; b++) {
            candidates.clear();
            tables[b].forEach(bandKeys[b], candidates::add);
            for (int c = 0; c < candidates.size(); c++) {
                int id = candidates.get(c);
                if (tried.contains(id)) {
                    continue;
                }
                tried.add(id);
                verifications++;
                double jaccard = Shingles.jaccard(shingles, Shingles.of(keptTexts.text(id), shingle));
                if (jaccard >= threshold) {
                    return new Probe(text, shingles, bandKeys, id, jaccard);
                }
            }
        }
        return new Probe(text, shingles, bandKeys, -1, 0);
    }

    /** Files a probed document under {@code id} (its id for {@link KeptTexts}), so later documents are compared with it. */
    public void add(int id, Probe probe) {
        for (int b = 0; b < tables.length; b++) {
            tables[b].add(probe.bandKeys()[b], id);
        }
        keptTexts.keep(id, probe.text());
    }

    public LshBands banding() {
        return banding;
    }

    /** Candidate pairs verified by exact Jaccard so far: the read-backs this index asked for. */
    public long verifications() {
        return verifications;
    }

    /** Bytes held by the band tables. */
    public long bytes() {
        long bytes = 0;
        for (BandTable table : tables) {
            bytes += table.bytes();
        }
        return bytes;
    }

    private int[] bandKeys(long[] signature) {
        int rows = banding.rows();
        int[] keys = new int[tables.length];
        for (int b = 0; b < keys.length; b++) {
            long h = Hash64.sequence(signature, b * rows, rows) + b;
            keys[b] = (int) Hash64.mix(h);
        }
        return keys;
    }

    /** The few candidate ids of one probe: usually none, rarely more than a handful. */
    private static final class IntList {
        private int[] values = new int[4];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int get(int i) {
            return values[i];
        }

        int size() {
            return size;
        }

        void clear() {
            size = 0;
        }

        boolean contains(int value) {
            for (int i = 0; i < size; i++) {
                if (values[i] == value) {
                    return true;
                }
            }
            return false;
        }
    }
}
