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
 * {@code minPartners} other keys; its partners are those keys, and {@code synchrony} is the mean Pearson correlation
 * between the key's per-bucket request counts and each partner's, over the buckets where any of them was active. The
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

    /** Every key's score, from all keys' recent observations. */
    public Map<String, Double> scores(Map<String, List<Observation>> byKey) {
        Map<Long, Set<String>> keysBySkeleton = new HashMap<>();
        byKey.forEach((key, observations) -> observations.forEach(o -> keysBySkeleton.computeIfAbsent(o.skeleton(), s -> new HashSet<>()).add(key)));
        Map<String, Double> scores = new HashMap<>();
        for (Map.Entry<String, List<Observation>> entry : byKey.entrySet()) {
            String key = entry.getKey();
            List<Observation> own = entry.getValue();
            if (own.isEmpty()) {
                scores.put(key, 0.0);
                continue;
            }
            Set<String> partners = new HashSet<>();
            long sharedRequests = 0;
            for (Observation observation : own) {
                Set<String> users = keysBySkeleton.get(observation.skeleton());
                if (users.size() - 1 >= minPartners) {
                    sharedRequests++;
                    partners.addAll(users);
                }
            }
            partners.remove(key);
            double shared = (double) sharedRequests / own.size();
            double synchrony = partners.isEmpty() ? 0 : meanCorrelation(own, partners.stream().map(byKey::get).toList());
            scores.put(key, shared * Math.max(0, synchrony));
        }
        return scores;
    }

    private double meanCorrelation(List<Observation> own, List<List<Observation>> partners) {
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        List<List<Observation>> all = new ArrayList<>(partners);
        all.add(own);
        for (List<Observation> observations : all) {
            for (Observation o : observations) {
                from = Math.min(from, o.atMillis());
                to = Math.max(to, o.atMillis());
            }
        }
        int buckets = (int) Math.min(100_000, (to - from) / bucketMillis + 1);
        double[] mine = counts(own, from, buckets);
        double sum = 0;
        for (List<Observation> partner : partners) {
            sum += pearson(mine, counts(partner, from, buckets));
        }
        return sum / partners.size();
    }

    private double[] counts(List<Observation> observations, long from, int buckets) {
        double[] counts = new double[buckets];
        for (Observation o : observations) {
            int bucket = (int) ((o.atMillis() - from) / bucketMillis);
            if (bucket < buckets) {
                counts[bucket]++;
            }
        }
        return counts;
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
