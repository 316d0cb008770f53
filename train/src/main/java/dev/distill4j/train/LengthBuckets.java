package dev.distill4j.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Length-bucketed batches: examples sorted by length are cut into batches of similar length (so little of a
 * padded batch is padding), and the order of the batches is shuffled per epoch from the seed. Within a length
 * the order is the examples' original order, so the same data and seed give the same batches everywhere.
 */
public final class LengthBuckets {
    private final List<List<Integer>> batches;

    public LengthBuckets(List<SftExample> examples, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("field 'batch_size': expected a number >= 1, got " + batchSize);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> examples.get(i).length()).thenComparingInt(i -> i));
        List<List<Integer>> cut = new ArrayList<>();
        for (int from = 0; from < order.size(); from += batchSize) {
            cut.add(List.copyOf(order.subList(from, Math.min(order.size(), from + batchSize))));
        }
        this.batches = List.copyOf(cut);
    }

    /** Batches per epoch. */
    public int size() {
        return batches.size();
    }

    /** The batches of an epoch in their shuffled order: a pure function of (seed, epoch). */
    public List<List<Integer>> epoch(long seed, int epoch) {
        List<List<Integer>> shuffled = new ArrayList<>(batches);
        // java.util.Random's shuffle is specified exactly, so the order is the same on every JVM.
        Collections.shuffle(shuffled, new Random(seed * 1_000_003L + epoch));
        return shuffled;
    }
}
