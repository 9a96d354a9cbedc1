package com.coeffection.sync.matching;

import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The similarity of two normalised names: {@code 1 - d / max(|a|, |b|)}, where {@code d} is their Levenshtein
 * distance (the fewest single-character insertions, deletions and substitutions that turn one into the other).
 * Identical names are 1.0; "Jon Smith" and "John Smith" are 0.9 (one insertion in ten characters). A fuzzy match
 * needs at least {@link #FUZZY_THRESHOLD}.
 */
public final class NameSimilarity {
    /** 85%. */
    public static final double FUZZY_THRESHOLD = 0.85;

    private NameSimilarity() {
    }

    public static double of(String a, String b) {
        int longest = Math.max(a.length(), b.length());
        if (longest == 0) {
            return 1.0;
        }
        return 1.0 - (double) LevenshteinDistance.getDefaultInstance().apply(a, b) / longest;
    }

    /**
     * The similarity when it is at least {@code threshold}, else -1; cheaper than {@link #of} for names far apart
     * (the distance computation stops at the largest distance the threshold allows).
     */
    public static double atLeast(String a, String b, double threshold) {
        int longest = Math.max(a.length(), b.length());
        if (longest == 0) {
            return 1.0;
        }
        int allowed = (int) Math.floor((1.0 - threshold) * longest + 1e-9);
        if (Math.abs(a.length() - b.length()) > allowed) {
            return -1;
        }
        int d = new LevenshteinDistance(allowed).apply(a, b);
        if (d < 0) {
            return -1;
        }
        double s = 1.0 - (double) d / longest;
        return s + 1e-9 >= threshold ? s : -1;
    }
}
