package dev.distill4j.serve.guard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Signal: the key is one of many working together. A campaign spread over 10 to 1,000 accounts keeps each account under
 * the per-key limits, but its accounts share what they ask (one task template, split into slices) and when they ask it
 * (one scheduler drives them all): the "hydra" pattern that account-level limits miss and that providers describe in
 * their distillation-abuse reports.
 *
 * <p>For a key: {@code shared} is the fraction of its requests whose template skeleton is also used by at least
 * {@code minPartners} other keys; its partners are the other users of its most used such skeleton, and
 * {@code synchrony} is the mean Pearson correlation between the key's per-bucket request counts and each partner's,
 * over the span of that skeleton's users' requests. The
 * score is {@code shared * max(0, synchrony)}: popular templates alone (many people ask "What is the capital of X?") do
 * not score, because independent people do not ask in step.
 *
 * @param bucketMillis the width of the timing buckets
 * @param minPartners  other keys that must share a skeleton for it to count as shared
 */
public record CoordinationSignal(long bucketMillis, int minPartners) {
    /** One request as this signal sees it: when, and the hash of its template skeleton. */
    public record Observation(long atMillis, long skeleton) {}

    public CoordinationSignal {
        if (bucketMillis < 1 || minPartners < 1) {
            throw new IllegalArgumentException("need buckets >= 1 ms and at least 1 partner, got " + bucketMillis + " and " + minPartners);
        }
    }

    /**
     * Every key's score, from all keys' recent observations.
     *
     * <p>A key's partners are the users of its most used shared skeleton. Timing is compared over that skeleton's
     * users' common span, each key's bucket counts standardised once: the mean correlation with the partners is then
     * one dot product with the sum of their standardised series, so scoring is linear in keys times buckets (a
     * campaign of 1,000 keys would otherwise cost a million series comparisons every rescoring).
     */
    public Map<String, Double> scores(Map<String, List<Observation>> byKey) {
        Map<Long, Set<String>> keysBySkeleton = new HashMap<>();
        byKey.forEach((key, observations) -> observations.forEach(o -> keysBySkeleton.computeIfAbsent(o.skeleton(), s -> new HashSet<>()).add(key)));
        Map<String, Double> scores = new HashMap<>();
        Map<String, Long> anchorOf = new HashMap<>();
        Map<String, Double> sharedOf = new HashMap<>();
        for (Map.Entry<String, List<Observation>> entry : byKey.entrySet()) {
            List<Observation> own = entry.getValue();
            scores.put(entry.getKey(), 0.0);
            Map<Long, Integer> sharedCounts = new HashMap<>();
            long sharedRequests = 0;
            for (Observation observation : own) {
                if (keysBySkeleton.get(observation.skeleton()).size() - 1 >= minPartners) {
                    sharedRequests++;
                    sharedCounts.merge(observation.skeleton(), 1, Integer::sum);
                }
            }
            if (sharedRequests > 0) {
                anchorOf.put(entry.getKey(), sharedCounts.entrySet().stream().max(Map.Entry.<Long, Integer>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey())).orElseThrow().getKey());
                sharedOf.put(entry.getKey(), (double) sharedRequests / own.size());
            }
        }
        Map<Long, List<String>> anchored = new HashMap<>();
        anchorOf.forEach((key, skeleton) -> anchored.computeIfAbsent(skeleton, s -> new ArrayList<>()).add(key));
        for (Map.Entry<Long, List<String>> entry : anchored.entrySet()) {
            List<String> users = List.copyOf(keysBySkeleton.get(entry.getKey()));
            long from = Long.MAX_VALUE;
            long to = Long.MIN_VALUE;
            for (String user : users) {
                for (Observation o : byKey.get(user)) {
                    from = Math.min(from, o.atMillis());
                    to = Math.max(to, o.atMillis());
                }
            }
            int buckets = (int) Math.min(100_000, (to - from) / bucketMillis + 1);
            Map<String, double[]> standardised = new HashMap<>();
            double[] sum = new double[buckets];
            for (String user : users) {
                double[] z = standardise(counts(byKey.get(user), from, buckets));
                standardised.put(user, z);
                for (int b = 0; b < buckets; b++) {
                    sum[b] += z[b];
                }
            }
            int partners = users.size() - 1;
            for (String key : entry.getValue()) {
                double[] z = standardised.get(key);
                double dot = 0;
                for (int b = 0; b < buckets; b++) {
                    dot += z[b] * (sum[b] - z[b]);
                }
                double synchrony = dot / buckets / partners;
                scores.put(key, Math.min(1, sharedOf.get(key) * Math.max(0, synchrony)));
            }
        }
        return scores;
    }

    private double[] counts(List<Observation> observations, long from, int buckets) {
        double[] counts = new double[buckets];
        for (Observation o : observations) {
            int bucket = (int) ((o.atMillis() - from) / bucketMillis);
            if (bucket >= 0 && bucket < buckets) {
                counts[bucket]++;
            }
        }
        return counts;
    }

    /** Zero mean, unit (population) variance; all zeros for a constant series, which then correlates with nothing. */
    private static double[] standardise(double[] series) {
        double mean = 0;
        for (double value : series) {
            mean += value;
        }
        mean /= series.length;
        double variance = 0;
        for (double value : series) {
            variance += (value - mean) * (value - mean);
        }
        variance /= series.length;
        double[] z = new double[series.length];
        if (variance == 0) {
            return z;
        }
        double sd = Math.sqrt(variance);
        for (int i = 0; i < series.length; i++) {
            z[i] = (series[i] - mean) / sd;
        }
        return z;
    }

    /** Pearson correlation; 0 when either series is constant (no timing to compare). */
    static double pearson(double[] a, double[] b) {
        int n = a.length;
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < n; i++) {
            meanA += a[i];
            meanB += b[i];
        }
        meanA /= n;
        meanB /= n;
        double covariance = 0;
        double varianceA = 0;
        double varianceB = 0;
        for (int i = 0; i < n; i++) {
            covariance += (a[i] - meanA) * (b[i] - meanB);
            varianceA += (a[i] - meanA) * (a[i] - meanA);
            varianceB += (b[i] - meanB) * (b[i] - meanB);
        }
        return varianceA == 0 || varianceB == 0 ? 0 : covariance / Math.sqrt(varianceA * varianceB);
    }
}
