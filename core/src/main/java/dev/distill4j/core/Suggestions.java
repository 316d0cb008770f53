package dev.distill4j.core;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean …?" for unknown names: the closest known name within a small edit distance. */
public final class Suggestions {
    private Suggestions() {}

    /** The known name closest to {@code unknown}, if it is close enough to be a likely typo. */
    public static Optional<String> closest(String unknown, Collection<String> known) {
        if (unknown == null) {
            return Optional.empty();
        }
        String target = unknown.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = editDistance(target, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        // A typo changes a character or two; beyond that (or a third of a long word) it is a different word.
        int allowed = target.length() <= 3 ? 1 : Math.min(3, Math.max(2, target.length() / 3));
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** " (did you mean 'x'?)" or an empty string, ready to append to a message. */
    public static String didYouMean(String unknown, Collection<String> known) {
        return closest(unknown, known).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
