package io.bnb.conformance.check;

/**
 * Sizes of the property tests. By default the suite keeps upstream's parameter grids but trims
 * tensor sizes and iteration counts so that it finishes in about a minute on two cores;
 * {@code -Dbnb.conformance.full=true} restores upstream's sizes and iteration counts.
 */
public final class Grid {
    private Grid() {}

    public static final String PROPERTY = "bnb.conformance.full";

    public static boolean full() { return Boolean.getBoolean(PROPERTY); }

    /** {@code quick} normally, {@code full} under {@link #PROPERTY}. */
    public static int pick(int quick, int full) { return full() ? full : quick; }
}
