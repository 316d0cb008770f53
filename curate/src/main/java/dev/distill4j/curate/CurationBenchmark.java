package dev.distill4j.curate;

import dev.distill4j.core.config.CurationConfig;
import dev.distill4j.core.config.DedupMode;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Curation at scale on a {@link SyntheticCorpus}: every document goes through a {@link Curator} (decontamination,
 * exact and near duplicates; no score or length filter), and the drops are scored against what was planted.
 *
 * <p>Definitions:
 * <ul>
 *   <li>near-duplicate recall: planted near copies (exact Jaccard ≥ threshold with their source, measured by
 *       {@link SyntheticCorpus#jaccard}) dropped as near duplicates of a document they truly match, over all planted
 *       near copies;</li>
 *   <li>near-duplicate precision: reported pairs (document, kept document it duplicates) whose exact Jaccard, measured
 *       independently of the index on the vocabulary indices, is at least the threshold, over all reported pairs.
 *       Every planted near copy is at least 0.81 from its source, so "planted or truly at the threshold" is this same
 *       test. Decoys (planted pairs at about 0.6 to 0.75) reported would count against it;</li>
 *   <li>contamination recall: planted contaminated documents dropped as contaminated, over all of them;</li>
 *   <li>documents/s: documents over the wall-clock seconds spent inside {@link Curator#offer} (generating the synthetic
 *       text and scoring the result are not counted; reading candidates back for verification is). On a shared
 *       machine compare with the CPU seconds of the whole loop (generation and scoring included), which waiting for a
 *       core does not inflate;</li>
 *   <li>peak heap: the sum of the heap pools' peaks during the run, an upper bound on the heap in use at any one time,
 *       garbage included: run with a small {@code -Xmx} to see what the work needs.</li>
 * </ul>
 */
public final class CurationBenchmark {
    private CurationBenchmark() {}

    /** The measured figures. */
    public record Figures(long docs, double seconds, double cpuSeconds, double docsPerSecond, double peakHeapMb, double maxHeapMb, double indexMb,
            long plantedNearDuplicates, double nearDupRecall, long reportedNearDuplicates, double nearDupPrecision,
            long plantedContaminated, double contaminationRecall, long contaminationFalsePositives, long plantedExactDuplicates,
            double exactDupRecall, long verifications, Funnel funnel) {}

    /**
     * @param docs     documents in the corpus
     * @param seed     the corpus seed
     * @param config   the curation settings (threshold, shingle, n-gram, overlap); score, length and per-task filters are off
     * @param progress told how many documents are done, now and then
     */
    public static Figures run(long docs, long seed, CurationConfig config, LongConsumer progress) {
        if (docs < 1 || docs > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field 'docs': expected an integer in [1, " + Integer.MAX_VALUE + "], got " + docs);
        }
        CurationConfig settings = CurationConfig.builder().minScore(0).dedup(DedupMode.NEAR).nearDupJaccard(config.nearDupJaccard())
                .shingle(config.shingle()).decontaminate(true).ngram(config.ngram()).minOverlap(config.minOverlap()).build();
        SyntheticCorpus corpus = new SyntheticCorpus(seed, settings.ngram(), 2000);
        ContaminationIndex contamination = new ContaminationIndex(settings.ngram(), settings.minOverlap());
        for (int e = 0; e < corpus.evaluationTexts(); e++) {
            contamination.addEvaluationText(corpus.evaluationText(e));
        }
        Tally tally = new Tally(corpus, settings);
        Curator<Void> curator = Curator.<Void>builder(settings).contamination(contamination).seed(seed)
                .keptTexts(KeptTexts.readBack(corpus::text)).listener(tally::dropped).build(kept -> {});

        System.gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
        long inside = 0;
        long started = System.nanoTime();
        long cpuStarted = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        for (int i = 0; i < docs; i++) {
            tally.planted(i);
            Candidate<Void> candidate = new Candidate<>("bench", 1.0, "", corpus.text(i), null);
            long before = System.nanoTime();
            curator.offer(candidate);
            inside += System.nanoTime() - before;
            if ((i + 1) % 10_000 == 0 || i + 1 == docs) {
                progress.accept(i + 1);
            }
        }
        Funnel funnel = curator.finish();
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStarted) / 1e9;
        double peakHeapMb = heapPools().stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() / (1024.0 * 1024.0);
        NearDuplicateIndex near = curator.nearDuplicates();
        double indexMb = (near.bytes() + curator.exactDuplicateBytes() + contamination.bytes()) / (1024.0 * 1024.0);
        return new Figures(docs, seconds, cpuSeconds, docs / (inside / 1e9), peakHeapMb, Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0),
                indexMb, tally.plantedNear, ratio(tally.recalledNear, tally.plantedNear), tally.reportedNear,
                ratio(tally.truePairs, tally.reportedNear), tally.plantedContaminated,
                ratio(tally.caughtContaminated, tally.plantedContaminated), tally.contaminationFalsePositives, tally.plantedExact,
                ratio(tally.caughtExact, tally.plantedExact), near.verifications(), funnel);
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 1.0 : (double) part / whole;
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP).toList();
    }

    /** The ground truth, counted as documents are offered and dropped. */
    private static final class Tally {
        private final SyntheticCorpus corpus;
        private final double threshold;
        private final int shingle;
        long plantedNear;
        long recalledNear;
        long reportedNear;
        long truePairs;
        long plantedContaminated;
        long caughtContaminated;
        long contaminationFalsePositives;
        long plantedExact;
        long caughtExact;

        Tally(SyntheticCorpus corpus, CurationConfig config) {
            this.corpus = corpus;
            this.threshold = config.nearDupJaccard();
            this.shingle = config.shingle();
        }

        void planted(int i) {
            switch (corpus.role(i)) {
                case NEAR_COPY -> plantedNear += corpus.jaccard(i, corpus.source(i), shingle) >= threshold ? 1 : 0;
                case CONTAMINATED -> plantedContaminated++;
                case EXACT_COPY -> plantedExact++;
                default -> { }
            }
        }

        void dropped(int i, Candidate<Void> candidate, DropReason reason, int duplicateOf) {
            SyntheticCorpus.Role role = corpus.role(i);
            switch (reason) {
                case NEAR_DUPLICATE -> {
                    reportedNear++;
                    if (corpus.jaccard(i, duplicateOf, shingle) >= threshold) {
                        truePairs++;
                        if (role == SyntheticCorpus.Role.NEAR_COPY && corpus.jaccard(i, corpus.source(i), shingle) >= threshold) {
                            recalledNear++;
                        }
                    }
                }
                case CONTAMINATED -> {
                    if (role == SyntheticCorpus.Role.CONTAMINATED) {
                        caughtContaminated++;
                    } else {
                        contaminationFalsePositives++;
                    }
                }
                case EXACT_DUPLICATE -> caughtExact += role == SyntheticCorpus.Role.EXACT_COPY ? 1 : 0;
                default -> { }
            }
        }
    }
}
