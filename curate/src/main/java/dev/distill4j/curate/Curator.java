package dev.distill4j.curate;

import dev.distill4j.core.config.CurationConfig;
import dev.distill4j.core.config.DedupMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The curation stage as a stream: candidates go in one at a time through {@link #offer(Candidate)}, kept ones come
 * out to the sink, and {@link #finish()} returns the {@link Funnel}. The steps, in order:
 * <ol>
 *   <li>score below {@code min_score}; completion shorter than {@code min_chars} or longer than {@code max_chars};</li>
 *   <li>best-of-N: the {@code best_of_n} highest-scoring samples of each task (earlier first on equal scores);</li>
 *   <li>decontamination: prompt and completion against the evaluation texts' n-grams;</li>
 *   <li>exact, then near duplicates of the completion among the candidates kept so far;</li>
 *   <li>the per-task cap {@code max_per_task}, counted after de-duplication.</li>
 * </ol>
 * Only kept candidates enter the duplicate indexes, so a candidate dropped for any reason never causes a later one
 * to be dropped as its duplicate.
 *
 * <p>Memory: the duplicate and contamination indexes, a count per task when a cap is set, and, with best-of-N, the
 * N best candidates of every task until {@link #finish()} (best-of-N can only choose once a task's samples are all
 * in). Without best-of-N, kept candidates reach the sink as they are offered.
 */
public final class Curator<T> {
    private final CurationConfig config;
    private final ContaminationIndex contamination;
    private final ExactDuplicateIndex exact;
    private final NearDuplicateIndex near;
    private final Consumer<Candidate<T>> sink;
    private final CurationListener<T> listener;
    private final Map<String, PriorityQueue<Entry<T>>> bestOfN = new HashMap<>();
    private final Map<String, Integer> perTask = new HashMap<>();
    private final EnumMap<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
    private int in;
    private long kept;
    private boolean finished;

    private record Entry<T>(int ordinal, Candidate<T> candidate) {}

    private Curator(Builder<T> builder, Consumer<Candidate<T>> sink) {
        this.config = builder.config;
        this.contamination = config.decontaminate() ? builder.contamination : null;
        this.exact = config.dedup() == DedupMode.NONE ? null : new ExactDuplicateIndex();
        this.near = config.dedup() == DedupMode.NEAR
                ? NearDuplicateIndex.forThreshold(config.nearDupJaccard(), config.shingle(), builder.seed, builder.keptTexts)
                : null;
        this.sink = sink;
        this.listener = builder.listener;
    }

    public static <T> Builder<T> builder(CurationConfig config) {
        return new Builder<>(config);
    }

    /** Offers the next candidate; a kept one reaches the sink now, or at {@link #finish()} under best-of-N. */
    public void offer(Candidate<T> candidate) {
        if (finished) {
            throw new IllegalStateException("this curator has finished; build a new one for more candidates");
        }
        if (in == Integer.MAX_VALUE) {
            throw new IllegalStateException("a curator takes at most " + Integer.MAX_VALUE + " candidates");
        }
        int ordinal = in++;
        if (candidate.score() < config.minScore()) {
            drop(ordinal, candidate, DropReason.BELOW_MIN_SCORE, -1);
            return;
        }
        int chars = candidate.completionChars();
        if (chars < config.minChars()) {
            drop(ordinal, candidate, DropReason.TOO_SHORT, -1);
            return;
        }
        if (config.maxChars() != null && chars > config.maxChars()) {
            drop(ordinal, candidate, DropReason.TOO_LONG, -1);
            return;
        }
        if (config.bestOfN() == null) {
            afterSelection(ordinal, candidate);
            return;
        }
        PriorityQueue<Entry<T>> best = bestOfN.computeIfAbsent(candidate.taskId(), task -> new PriorityQueue<>(WORST_FIRST));
        best.add(new Entry<>(ordinal, candidate));
        if (best.size() > config.bestOfN()) {
            Entry<T> worst = best.poll();
            drop(worst.ordinal(), worst.candidate(), DropReason.NOT_BEST_OF_N, -1);
        }
    }

    /** Lower score first; on equal scores the later one first, so the earlier sample is kept. */
    private static final Comparator<Entry<?>> WORST_FIRST = Comparator.<Entry<?>>comparingDouble(e -> e.candidate().score())
            .thenComparing(Comparator.<Entry<?>>comparingInt(Entry::ordinal).reversed());

    /** Sends the best-of-N survivors on in input order and returns the funnel. */
    public Funnel finish() {
        if (!finished) {
            finished = true;
            List<Entry<T>> survivors = new ArrayList<>();
            bestOfN.values().forEach(survivors::addAll);
            bestOfN.clear();
            survivors.sort(Comparator.comparingInt(Entry::ordinal));
            for (Entry<T> entry : survivors) {
                afterSelection(entry.ordinal(), entry.candidate());
            }
        }
        return funnel();
    }

    /** The funnel so far (under best-of-N, candidates still waiting for {@link #finish()} are in neither column). */
    public Funnel funnel() {
        long waiting = bestOfN.values().stream().mapToLong(PriorityQueue::size).sum();
        return new Funnel(in - waiting, kept, dropped);
    }

    /** The near-duplicate index, or null when {@code dedup} is not {@code near}. */
    public NearDuplicateIndex nearDuplicates() {
        return near;
    }

    /** Bytes held by the exact-duplicate index (0 when {@code dedup} is {@code none}). */
    public long exactDuplicateBytes() {
        return exact == null ? 0 : exact.bytes();
    }

    private void afterSelection(int ordinal, Candidate<T> candidate) {
        // Split into words once: decontamination, both duplicate indexes and their keys all read the same words.
        long[] words = Words.hashes(candidate.completion());
        if (contamination != null && contamination.isContaminated(promptAndCompletion(candidate.prompt(), words))) {
            drop(ordinal, candidate, DropReason.CONTAMINATED, -1);
            return;
        }
        long exactKey = 0;
        if (exact != null) {
            exactKey = ExactDuplicateIndex.keyOf(words);
            if (exact.contains(exactKey)) {
                drop(ordinal, candidate, DropReason.EXACT_DUPLICATE, -1);
                return;
            }
        }
        NearDuplicateIndex.Probe probe = null;
        if (near != null) {
            probe = near.probe(candidate.completion(), words);
            if (probe.isDuplicate()) {
                drop(ordinal, candidate, DropReason.NEAR_DUPLICATE, probe.duplicateOf());
                return;
            }
        }
        if (config.maxPerTask() != null) {
            int count = perTask.getOrDefault(candidate.taskId(), 0);
            if (count >= config.maxPerTask()) {
                drop(ordinal, candidate, DropReason.OVER_TASK_CAP, -1);
                return;
            }
            perTask.put(candidate.taskId(), count + 1);
        }
        if (exact != null) {
            exact.add(exactKey);
        }
        if (near != null) {
            near.add(ordinal, probe);
        }
        kept++;
        sink.accept(candidate);
    }

    /** The words of the prompt followed by those of the completion, as if the two were one text. */
    private static long[] promptAndCompletion(String prompt, long[] completionWords) {
        if (prompt.isEmpty()) {
            return completionWords;
        }
        long[] promptWords = Words.hashes(prompt);
        long[] all = java.util.Arrays.copyOf(promptWords, promptWords.length + completionWords.length);
        System.arraycopy(completionWords, 0, all, promptWords.length, completionWords.length);
        return all;
    }

    private void drop(int ordinal, Candidate<T> candidate, DropReason reason, int duplicateOf) {
        dropped.merge(reason, 1L, Long::sum);
        if (listener != null) {
            listener.dropped(ordinal, candidate, reason, duplicateOf);
        }
    }

    /** Options beyond the config; {@link #build(Consumer)} validates. */
    public static final class Builder<T> {
        private final CurationConfig config;
        private ContaminationIndex contamination;
        private KeptTexts keptTexts = KeptTexts.inMemory();
        private long seed = 1;
        private CurationListener<T> listener;

        private Builder(CurationConfig config) {
            if (config == null) {
                throw new IllegalArgumentException("field 'curation': expected a curation config, got null");
            }
            this.config = config;
        }

        /** The evaluation texts to decontaminate against, indexed with the config's {@code ngram} and {@code min_overlap}. */
        public Builder<T> evaluationTexts(Iterable<String> texts) {
            ContaminationIndex index = new ContaminationIndex(config.ngram(), config.minOverlap());
            texts.forEach(index::addEvaluationText);
            this.contamination = index;
            return this;
        }

        /** An index built elsewhere (it must use the config's n-gram size). */
        public Builder<T> contamination(ContaminationIndex index) {
            this.contamination = index;
            return this;
        }

        /**
         * Where the near-duplicate index reads kept completions back, by ordinal (default: it keeps them in memory).
         */
        public Builder<T> keptTexts(KeptTexts keptTexts) {
            this.keptTexts = keptTexts;
            return this;
        }

        /** Seeds the MinHash functions (default 1). */
        public Builder<T> seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder<T> listener(CurationListener<T> listener) {
            this.listener = listener;
            return this;
        }

        public Curator<T> build(Consumer<Candidate<T>> sink) {
            if (sink == null) {
                throw new IllegalArgumentException("field 'sink': expected where kept candidates go, got null");
            }
            if (keptTexts == null) {
                throw new IllegalArgumentException("field 'kept_texts': expected where kept completions are read back, got null");
            }
            if (config.decontaminate() && contamination == null) {
                throw new IllegalArgumentException("field 'decontaminate': true, but no evaluation texts were given"
                        + " (give them, or set curation.decontaminate: false)");
            }
            if (contamination != null && contamination.ngram() != config.ngram()) {
                throw new IllegalArgumentException("field 'ngram': the contamination index uses " + contamination.ngram()
                        + "-grams, the config " + config.ngram());
            }
            return new Curator<>(this, sink);
        }
    }
}
