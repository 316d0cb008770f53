package dev.distill4j.serve.guard;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Signal: the key is one of a campaign's many small accounts. Providers' distillation-abuse reports describe "hydra"
 * clusters: a task list split over hundreds of keys, each sending a handful of requests, so that no key reaches the
 * per-key ramps ({@link ExtractionParameters} needs 30 requests) and the scheduler's timing, spread thin over a
 * thousand keys, correlates weakly ({@link CoordinationSignal}). What the accounts cannot hide is what they share: one
 * template and one way of asking. Two parts, the larger wins:
 *
 * <ol>
 *   <li><b>Cohort extraction.</b> A key's dominant skeleton is the task skeleton ({@link TemplateSkeleton#task}: the
 *       clauses that hold the numbers, so that a task wrapped in varying chat words keeps one) of most of its recent
 *       requests: at least half of them (a slice cohort also needs {@link #MIN_SKELETON_REQUESTS}). Its dominant
 *       {@link Signature} is the commonest among its requests on that skeleton. Its cohort is every key with the same dominant skeleton and signature, itself
 *       included, and the cohort's evidence is their requests on the skeleton. The part is
 *       {@code mean weight × min(1, cohortRequests / ExtractionParameters.MIN_REQUESTS)}, where the mean
 *       {@link ExtractionParameters#weight} is over the key's own requests on its dominant skeleton (so padding a key
 *       with plain chat on other templates does not dilute it). 1,000 keys sending 3 requests each with
 *       {@code top_logprobs=5} on one template score 1 together; a lone developer trying it 3 times scores 0.1, as
 *       alone.
 *   <li><b>Disjoint slices.</b> A campaign asks each task once over the whole campaign; evaluation jobs, the hard
 *       negative (one template at high rate, greedy), run the same public benchmarks, so their prompts overlap, and a
 *       rerun repeats a key's own prompts. A prompt's identity is its {@link PromptTrace} (skeleton and operands); it
 *       is <i>novel</i> when it occurs exactly once across all keys' recent traces. The keys on a dominant skeleton
 *       (signature ignored: greedy slices are as useful to a copy) are split first, so that attackers sharing a
 *       template with evaluation jobs are not hidden by the jobs' overlap: the slice cohort is the keys that repeat
 *       none of their prompts on the skeleton and whose own novelty is above {@code noveltyFloor}; the rest get 0 from
 *       this part. For a slice cohort the part is
 *       {@code ramp(novelty) × min(1, keys / minKeys) × min(1, requests / minRequests)}, with {@code novelty} the
 *       fraction of the cohort's requests on the skeleton that are novel and {@code ramp} linear from 0 at
 *       {@code noveltyFloor} to 1 at {@code noveltyFull}.
 * </ol>
 *
 * <p>Limits. Slices: evaluation jobs whose prompts happen to be unique (the first to run a private benchmark, or
 * developers each generating random prompts from one template) are indistinguishable from a campaign's slices here,
 * once there are {@code minKeys} of them; only the parameters part and the other signals tell them apart. A campaign
 * can leave the slices part by having every key repeat one prompt (one wasted request per key) or by duplicating a
 * fifth of its tasks across keys; it keeps the cohort part, and the per-key signals see the repeats. A campaign whose
 * keys each spread over several templates (none dominant) is in no cohort. Everything here is relative to the keys
 * seen recently: a campaign alone on the server with fewer than {@code minKeys} keys scores only by parameters.
 *
 * @param minKeys      keys a slice cohort needs for the slices part to count in full (scaled down below)
 * @param minRequests  requests on the skeleton a slice cohort needs for the slices part to count in full
 * @param noveltyFloor novelty at and below which the slices part is 0; also the own novelty a key must exceed to be in
 *                     a slice cohort
 * @param noveltyFull  novelty at and above which the slices part counts in full
 */
public record CampaignSignal(int minKeys, int minRequests, double noveltyFloor, double noveltyFull) {
    /**
     * Requests a key needs on its dominant skeleton to be in a slice cohort: one request shows no template, and a chat
     * user whose two questions happen to share one (two sums) is not yet a template user. The extraction part needs no
     * such count: a plain request weighs 0 there, and one extraction-shaped request from each of a thousand new keys
     * on one template is the very campaign it is for.
     */
    public static final int MIN_SKELETON_REQUESTS = 3;

    /** One request as this signal sees it: its parameters and what the guard kept of its prompt. */
    public record Request(RequestEvent event, PromptTrace trace) {}

    /**
     * How a request asks, in the buckets that tell extraction from use (see {@link ExtractionParameters}).
     *
     * @param samples  n: 0 for 1, 1 for 2 to 7, 2 for 8 or more
     * @param logprobs 0 none, 1 the sampled token's only, 2 top_logprobs 1 to 4, 3 top_logprobs 5 or more
     * @param scoring  prompt scoring asked for
     * @param hot      temperature above 1
     */
    public record Signature(int samples, int logprobs, boolean scoring, boolean hot) {
        /** How many signatures there are: 3 x 4 x 2 x 2. */
        public static final int COUNT = 48;

        public Signature {
            if (samples < 0 || samples > 2 || logprobs < 0 || logprobs > 3) {
                throw new IllegalArgumentException("need a samples bucket in 0..2 and a logprobs bucket in 0..3, got " + samples + " and " + logprobs);
            }
        }

        public static Signature of(RequestEvent event) {
            return ofIndex(indexOf(event));
        }

        /** {@code of(event).index()} without making the record (scoring counts half a million of them). */
        static int indexOf(RequestEvent event) {
            int samples = event.n() >= 8 ? 2 : event.n() >= 2 ? 1 : 0;
            int logprobs = !event.logprobs() ? 0 : event.topLogprobs() >= 5 ? 3 : event.topLogprobs() >= 1 ? 2 : 1;
            return index(samples, logprobs, event.promptScoring(), event.temperature() > 1.0);
        }

        private static int index(int samples, int logprobs, boolean scoring, boolean hot) {
            return ((samples * 4 + logprobs) * 2 + (scoring ? 1 : 0)) * 2 + (hot ? 1 : 0);
        }

        /** The signature's place in 0..{@link #COUNT}-1, for counting signatures in an array. */
        public int index() {
            return index(samples, logprobs, scoring, hot);
        }

        public static Signature ofIndex(int index) {
            if (index < 0 || index >= COUNT) {
                throw new IllegalArgumentException("a signature index is in 0.." + (COUNT - 1) + ", got " + index);
            }
            return new Signature(index / 16, index / 4 % 4, index / 2 % 2 == 1, index % 2 == 1);
        }
    }

    /** A key's requests on its dominant skeleton, summed up. */
    private record Member(long skeleton, Signature signature, int requests, double meanWeight, int novel, boolean repeatsItself) {
        double novelty() {
            return (double) novel / requests;
        }
    }

    private record Cohort(long skeleton, Signature signature) {}

    /** A key's dominant skeleton and its requests on it. */
    private record Dominant(long skeleton, int requests) {
        /**
         * The skeleton of at least half the requests (and at least one), or null. Misra-Gries
         * with two counters keeps every value that fills more than a third, so a half is among its candidates: one
         * pass, no sort, no map. A tie (two skeletons of exactly half) goes to the smaller hash, the same on every
         * rescoring.
         */
        static Dominant of(long[] skeletons) {
            long first = 0;
            long second = 0;
            int firstCount = 0;
            int secondCount = 0;
            for (long skeleton : skeletons) {
                if (firstCount > 0 && skeleton == first) {
                    firstCount++;
                } else if (secondCount > 0 && skeleton == second) {
                    secondCount++;
                } else if (firstCount == 0) {
                    first = skeleton;
                    firstCount = 1;
                } else if (secondCount == 0) {
                    second = skeleton;
                    secondCount = 1;
                } else {
                    firstCount--;
                    secondCount--;
                }
            }
            int exactFirst = 0;
            int exactSecond = 0;
            for (long skeleton : skeletons) {
                exactFirst += firstCount > 0 && skeleton == first ? 1 : 0;
                exactSecond += secondCount > 0 && skeleton == second ? 1 : 0;
            }
            boolean secondWins = exactSecond > exactFirst || (exactSecond == exactFirst && second < first);
            long skeleton = secondWins ? second : first;
            int count = secondWins ? exactSecond : exactFirst;
            return count >= 1 && 2 * count >= skeletons.length ? new Dominant(skeleton, count) : null;
        }
    }

    /** A slice cohort's running totals. */
    private static final class Slices {
        int keys;
        long requests;
        long novel;
    }

    public CampaignSignal {
        if (minKeys < 1 || minRequests < 1) {
            throw new IllegalArgumentException("need minKeys >= 1 and minRequests >= 1, got " + minKeys + " and " + minRequests);
        }
        if (!(noveltyFloor >= 0 && noveltyFloor < noveltyFull && noveltyFull <= 1)) {
            throw new IllegalArgumentException("need 0 <= noveltyFloor < noveltyFull <= 1, got " + noveltyFloor + " and " + noveltyFull);
        }
    }

    /** 5 keys and 100 requests for the slices part in full; novelty ramps from 0.8 (nothing) to 0.98 (in full). */
    public static CampaignSignal standard() {
        return new CampaignSignal(5, 100, 0.8, 0.98);
    }

    /**
     * Every key's score, from all keys' recent requests. Linear in the number of requests, without sorting or boxing per
     * request: a full ledger, 2,000 keys x 256 requests, took 53 to 85 ms on a shared 2-core machine (a boxed
     * {@code HashMap} version took 150 to 200).
     */
    public Map<String, Double> scores(Map<String, List<Request>> byKey) {
        return scores(byKey, new HashMap<>());
    }

    /**
     * The cohort of a request, as {@link #scores(Map, Map)} names cohorts: its task skeleton and its parameters'
     * signature.
     */
    public static long cohortOf(PromptTrace trace, RequestEvent event) {
        return trace.task() * 0x9E3779B97F4A7C15L + Signature.indexOf(event);
    }

    /**
     * Every key's score, as {@link #scores(Map)}, and into {@code cohorts} the cohort-extraction score of every cohort
     * whose parameters are extraction-shaped (by {@link #cohortOf}): what a fresh key that joins the cohort would score
     * on its first request, so the guard can act on it before any rescoring has seen the key.
     */
    public Map<String, Double> scores(Map<String, List<Request>> byKey, Map<Long, Double> cohorts) {
        List<String> keys = List.copyOf(byKey.keySet());
        // One pass over the request objects into flat arrays; every later pass but the members' reads only these.
        long[][] skeletons = new long[keys.size()][];
        long[][] identities = new long[keys.size()][];
        Dominant[] dominant = new Dominant[keys.size()];
        int total = 0;
        for (int k = 0; k < keys.size(); k++) {
            List<Request> requests = byKey.get(keys.get(k));
            skeletons[k] = new long[requests.size()];
            identities[k] = new long[requests.size()];
            for (int i = 0; i < requests.size(); i++) {
                PromptTrace trace = requests.get(i).trace();
                skeletons[k][i] = trace.task();
                identities[k][i] = trace.identity();
            }
            dominant[k] = Dominant.of(skeletons[k]);
            total += requests.size();
        }
        // Novelty is only ever asked of prompts on a dominant skeleton, and a prompt's identity includes its skeleton,
        // so only requests on those skeletons (from every key, in a cohort or not) need counting.
        long[] templated = Arrays.stream(dominant).filter(d -> d != null).mapToLong(Dominant::skeleton).distinct().sorted().toArray();
        IdentityCounts occurrences = new IdentityCounts(total);
        boolean[] repeatsItself = new boolean[keys.size()];
        for (int k = 0; k < keys.size(); k++) {
            long own = dominant[k] == null ? 0 : dominant[k].skeleton();
            for (int i = 0; i < skeletons[k].length; i++) {
                if (Arrays.binarySearch(templated, skeletons[k][i]) >= 0) {
                    boolean repeat = occurrences.add(identities[k][i], k);
                    repeatsItself[k] |= repeat && dominant[k] != null && skeletons[k][i] == own;
                }
            }
        }
        Map<String, Member> members = new HashMap<>();
        Map<Cohort, Long> cohortRequests = new HashMap<>();
        Map<Long, Slices> slices = new HashMap<>();
        for (int k = 0; k < keys.size(); k++) {
            if (dominant[k] == null) {
                continue;
            }
            Member member = member(byKey.get(keys.get(k)), skeletons[k], identities[k], dominant[k], repeatsItself[k], occurrences);
            members.put(keys.get(k), member);
            cohortRequests.merge(new Cohort(member.skeleton(), member.signature()), (long) member.requests(), Long::sum);
            if (inSliceCohort(member)) {
                Slices totals = slices.computeIfAbsent(member.skeleton(), s -> new Slices());
                totals.keys++;
                totals.requests += member.requests();
                totals.novel += member.novel();
            }
        }
        Map<Cohort, double[]> cohortWeights = new HashMap<>();
        members.values().forEach(m -> {
            double[] sums = cohortWeights.computeIfAbsent(new Cohort(m.skeleton(), m.signature()), c -> new double[2]);
            sums[0] += m.meanWeight() * m.requests();
            sums[1] += m.requests();
        });
        cohortWeights.forEach((cohort, sums) -> {
            double meanWeight = sums[0] / sums[1];
            if (meanWeight > 0) {
                cohorts.put(cohort.skeleton() * 0x9E3779B97F4A7C15L + cohort.signature().index(),
                        meanWeight * Math.min(1.0, sums[1] / ExtractionParameters.MIN_REQUESTS));
            }
        });
        Map<String, Double> scores = new HashMap<>();
        for (String key : keys) {
            Member member = members.get(key);
            if (member == null) {
                scores.put(key, 0.0);
                continue;
            }
            long evidence = cohortRequests.get(new Cohort(member.skeleton(), member.signature()));
            double extraction = member.meanWeight() * Math.min(1.0, (double) evidence / ExtractionParameters.MIN_REQUESTS);
            double slice = inSliceCohort(member) ? slicesScore(slices.get(member.skeleton())) : 0.0;
            scores.put(key, Math.max(extraction, slice));
        }
        return scores;
    }

    /** The key's summary on its dominant skeleton; a tie between signatures goes to the lower {@link Signature#index()}. */
    private static Member member(List<Request> requests, long[] skeletons, long[] identities, Dominant dominant, boolean repeatsItself,
            IdentityCounts occurrences) {
        int[] bySignature = new int[Signature.COUNT];
        double weights = 0;
        int novel = 0;
        for (int i = 0; i < skeletons.length; i++) {
            if (skeletons[i] == dominant.skeleton()) {
                RequestEvent event = requests.get(i).event();
                bySignature[Signature.indexOf(event)]++;
                weights += ExtractionParameters.weight(event);
                novel += occurrences.once(identities[i]) ? 1 : 0;
            }
        }
        int signature = 0;
        for (int index = 1; index < Signature.COUNT; index++) {
            signature = bySignature[index] > bySignature[signature] ? index : signature;
        }
        return new Member(dominant.skeleton(), Signature.ofIndex(signature), dominant.requests(), weights / dominant.requests(), novel,
                repeatsItself);
    }

    /**
     * Whether the key can be one of a campaign's slices: it never asks the same prompt twice (an evaluation rerun does)
     * and few of its prompts are asked by anyone else (the same public benchmark is).
     */
    private boolean inSliceCohort(Member member) {
        return member.requests() >= MIN_SKELETON_REQUESTS && !member.repeatsItself() && member.novelty() > noveltyFloor;
    }

    private double slicesScore(Slices cohort) {
        double novelty = (double) cohort.novel / cohort.requests;
        double ramp = Math.clamp((novelty - noveltyFloor) / (noveltyFull - noveltyFloor), 0.0, 1.0);
        return ramp * Math.min(1.0, (double) cohort.keys / minKeys) * Math.min(1.0, (double) cohort.requests / minRequests);
    }
}
