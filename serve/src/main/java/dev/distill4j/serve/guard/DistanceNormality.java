package dev.distill4j.serve.guard;

import java.util.List;

/**
 * Signal: the key's queries are spaced unlike natural ones. PRADA (Juuti, Szyller, Marchal and Asokan 2019, "PRADA:
 * Protecting Against DNN Model Stealing Attacks") observed that for each new query of a benign client, its distance to
 * the nearest of the client's earlier queries follows a roughly normal distribution, while extraction queries (seed
 * samples and many small synthetic variations of them, or a systematic walk of a task space) give a distribution far
 * from normal: many tiny distances and a few large ones. It tests the set of these minimum distances with Shapiro-Wilk
 * and flags a client whose W falls below a threshold set on benign traffic.
 *
 * <p>Measured here, it does not transfer as is to text: on hashed embeddings of templated chat prompts benign windows
 * gave W of 0.88 to 0.92, and an in-order arithmetic walk 0.98 (its small, regular steps are close to normal), so the
 * guard leaves it out unless its thresholds are calibrated on the deployment's traffic.
 *
 * <p>The score ramps linearly from 0 at W = {@code benignW} to 1 at W = {@code attackW}; fewer than
 * {@code minQueries} queries score 0 (too little to tell). Distances are Euclidean, between prompt embeddings.
 *
 * @param benignW    at or above this W the key scores 0 (benign traffic's W lies above it)
 * @param attackW    at or below this W the key scores 1
 * @param minQueries queries needed before the test speaks
 */
public record DistanceNormality(double benignW, double attackW, int minQueries) {
    public DistanceNormality {
        if (!(0 < attackW && attackW < benignW && benignW <= 1) || minQueries < 4) {
            throw new IllegalArgumentException("need 0 < attackW < benignW <= 1 and at least 4 queries, got " + attackW + ", " + benignW + ", "
                    + minQueries);
        }
    }

    /**
     * Starting thresholds, to be calibrated on a deployment's benign traffic (PRADA sets its threshold per model from
     * benign clients): W above 0.96 scores 0, below 0.90 scores 1, after 20 queries.
     */
    public static DistanceNormality standard() {
        return new DistanceNormality(0.96, 0.90, 20);
    }

    /** @param embeddings the key's prompt embeddings, oldest first (at most a bounded recent window) */
    public double score(List<float[]> embeddings) {
        double w = w(embeddings);
        if (Double.isNaN(w)) {
            return 0;
        }
        return Math.max(0, Math.min(1, (benignW - w) / (benignW - attackW)));
    }

    /** W of the minimum distances, or NaN with fewer than {@code minQueries} queries or identical distances. */
    public double w(List<float[]> embeddings) {
        if (embeddings.size() < minQueries) {
            return Double.NaN;
        }
        double[] minimum = new double[embeddings.size() - 1];
        for (int i = 1; i < embeddings.size(); i++) {
            double nearest = Double.POSITIVE_INFINITY;
            for (int j = 0; j < i; j++) {
                nearest = Math.min(nearest, distance(embeddings.get(i), embeddings.get(j)));
            }
            minimum[i - 1] = nearest;
        }
        double spread = 0;
        for (double d : minimum) {
            spread = Math.max(spread, Math.abs(d - minimum[0]));
        }
        // Every query equally far from its nearest neighbour: a perfectly regular walk, as unnatural as it gets.
        return spread < 1e-12 ? 0 : ShapiroWilk.test(minimum).w();
    }

    static double distance(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("embeddings of different sizes: " + a.length + " and " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }
}
