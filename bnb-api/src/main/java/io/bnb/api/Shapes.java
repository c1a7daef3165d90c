package io.bnb.api;

import java.util.Arrays;

/** Small helpers for shapes. */
public final class Shapes {
    private Shapes() {}

    /** Product of the dimensions; throws on a negative dimension or overflow. */
    public static long numel(long... shape) {
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
            n = Math.multiplyExact(n, shape[i]);
        }
        return n;
    }

    public static String str(long... shape) { return Arrays.toString(shape); }

    /** ceil(n / bs). */
    public static long blocks(long n, long bs) { return (n + bs - 1) / bs; }
}
