package io.bnb.backend.cpu;

import java.util.function.IntUnaryOperator;

/**
 * The one-read table that both 8-bit code searches ({@link NearestCode} for quantizeBlockwise,
 * {@link StateCodes} for the 8-bit optimizer states) run on. Both rules are "the number of
 * sorted thresholds {@code t[0..254]} the value exceeds" (optionally remapped per code, the
 * optimizers' sign fix), so over any bucket of floats that share their top 16 bits (sign,
 * exponent, 7 mantissa bits) the code changes at most once when no two distinct thresholds
 * fall in the bucket, which holds for every map upstream builds (codes closer than 1/128
 * relative would break it; then the owner keeps its exact search and there is no table).
 *
 * <p>Entry {@code b} = {@code k0 | k1 << 8 | split << 16}: with {@code low} the low 16 bits of the
 * float, complemented for negative floats so that it grows with the value, the code is
 * {@code low > split ? k1 : k0}. {@code split = 0xffff} means the bucket has one code. Every
 * float has its bucket, so a lookup needs no range check; NaN and the infinities get what the
 * rule gives them (where the owner's remap is defined for them).
 */
final class CodeTable {
    static final int BUCKETS = 1 << 16;

    final int[] entries;

    private CodeTable(int[] entries) { this.entries = entries; }

    /** The low key of float bits {@code x}: low 16 bits, complemented when negative. */
    static int low(int x) { return (x ^ (x >> 31)) & 0xffff; }

    /** The number of the ascending thresholds {@code t[0..254]} that {@code y} exceeds (0 for NaN), by bisection. */
    static int exceeded(float[] t, float y) {
        int lo = 0, hi = 255;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (y > t[mid]) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** The code of the float with bits {@code x}, from the table. */
    int code(int x) { return code(entries, x); }

    /** The code of the float with bits {@code x} from table {@code entries} (the lookup every owner inlines). */
    static int code(int[] entries, int x) { return pick(x, entries[x >>> 16]); }

    /** The code of the float with bits {@code x} from its bucket's entry {@code e}. */
    static int pick(int x, int e) { return low(x) > e >>> 16 ? (e >>> 8) & 0xff : e & 0xff; }

    /**
     * The table for {@code count} (a non-decreasing function of the float value, 0..255, NaN
     * anywhere) with thresholds {@code next} ({@code next[k]} = the largest value with count
     * {@code <= k}; next[255] = +inf), each code then passed through {@code remap(k | sign << 8)}
     * (sign = the bucket's sign bit). Returns null when some bucket holds two distinct thresholds.
     */
    static CodeTable build(float[] next, FloatToInt count, IntUnaryOperator remap) {
        int[] t = new int[BUCKETS];
        for (int b = 0; b < BUCKETS; b++) {
            int sign = b >>> 15;
            // value order inside the bucket: low key 0 is the smallest value, 0xffff the largest
            float first = at(b, 0), last = at(b, 0xffff);
            int k0 = count.apply(first), k1 = count.apply(last), split = 0xffff;
            if (k0 != k1) {
                // a bucket with NaNs has one other member, an infinity at one end: one split
                if (!Float.isNaN(first) && !Float.isNaN(last)) {
                    if (k1 < k0) return null;
                    for (int k = k0 + 1; k < k1; k++) if (Float.compare(next[k], next[k0]) != 0) return null;
                }
                // largest low key still on k0 (the code is monotone in the low key here)
                int lo = 0, hi = 0xffff;
                while (hi - lo > 1) {
                    int mid = (lo + hi) >>> 1;
                    if (count.apply(at(b, mid)) == k0) lo = mid;
                    else hi = mid;
                }
                split = lo;
            }
            t[b] = remap.applyAsInt(k0 | sign << 8) | remap.applyAsInt(k1 | sign << 8) << 8 | split << 16;
        }
        return new CodeTable(t);
    }

    /** The float of bucket {@code b} with low key {@code low}. */
    private static float at(int b, int low) {
        int x = b << 16 | low;
        return Float.intBitsToFloat(x < 0 ? x ^ 0xffff : x);
    }

    /** A float-to-code rule. */
    @FunctionalInterface
    interface FloatToInt {
        int apply(float v);
    }
}
