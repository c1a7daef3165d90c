package io.bnb.backend.cpu;

import java.util.Arrays;

/**
 * The CUDA 8-bit code search for one 256-entry code (spec OPS.md §2.2), made fast and kept exact.
 *
 * <p>{@link #search} is the rule itself: a 7-level binary search over the odd indices starting
 * at 127, then a comparison with the float32 midpoint of the two neighbours, ties to the even
 * index. For a sorted code its result is a non-decreasing step function of x, so it equals
 * "the number of thresholds {@code t[k]} (k = 1..255) that x exceeds", where {@code t[k]} is the
 * largest float whose code is below k; the constructor finds each {@code t[k]} by bisection over
 * all floats with the rule itself, so no midpoint or tie is re-derived by hand.
 *
 * <p>{@link #index} then needs two table reads: the scaled value's float bits pick one of 8192
 * buckets (sign, 32 binades below 2, 7 mantissa bits), each holding the codes of its lowest
 * and highest value, and one compare with the threshold between them decides. A bucket whose
 * range contains two different thresholds (never for the dynamic maps; possible for codes
 * with entries closer than 1/128 relative) switches the table to a bisection over the thresholds.
 * An unsorted code (not a valid input upstream, but not rejected either) falls back to the rule
 * itself for every element.
 */
final class NearestCode {
    static final int SIZE = 256;
    private static final int LOW = 0x30000000;   // 2^-31: every smaller magnitude shares the first bucket
    private static final int HIGH = 0x3fffffff;  // just below 2: every larger magnitude (and inf, NaN) shares the last
    private static final int BUCKETS_PER_SIGN = (HIGH - LOW + 1) >>> 16;

    private final float[] code;
    private final boolean sorted;
    /** {@code next[k]} = t[k+1], the value x must exceed to get a code above k; next[255] = +inf. */
    private final float[] next = new float[SIZE];
    /** Per bucket: code of its lowest value | code of its highest value << 8. */
    private final char[] buckets = new char[2 * BUCKETS_PER_SIGN];
    /** True when some bucket straddles two different thresholds. */
    private final boolean bisect;
    /** Code of NaN (what an all-zero block gives: 0 * (1/0)). */
    final int nanCode;

    NearestCode(float[] code) {
        if (code.length != SIZE) throw new IllegalArgumentException("code must have 256 entries, got " + code.length);
        this.code = code.clone();
        boolean ok = true;
        for (int i = 0; i + 1 < SIZE; i++) if (!(code[i] <= code[i + 1])) ok = false; // also rejects NaN
        this.sorted = ok;
        this.nanCode = search(this.code, Float.NaN);
        boolean straddles = false;
        if (sorted) {
            for (int k = 1; k < SIZE; k++) next[k - 1] = largestBelow(k);
            next[SIZE - 1] = Float.POSITIVE_INFINITY;
            for (int sign = 0; sign < 2; sign++) {
                for (int m = 0; m < BUCKETS_PER_SIGN; m++) {
                    float lowAbs = m == 0 ? 0f : Float.intBitsToFloat(LOW + (m << 16));
                    float highAbs = m == BUCKETS_PER_SIGN - 1 ? Float.POSITIVE_INFINITY : Float.intBitsToFloat(LOW + (m << 16) + 0xffff);
                    float min = sign == 0 ? lowAbs : -highAbs, max = sign == 0 ? highAbs : -lowAbs;
                    int k0 = count(min), k1 = count(max);
                    buckets[sign * BUCKETS_PER_SIGN + m] = (char) (k0 | k1 << 8);
                    for (int k = k0 + 1; k < k1; k++) if (Float.compare(next[k], next[k0]) != 0) straddles = true;
                }
            }
        }
        this.bisect = straddles;
    }

    /** The code of a scaled value, exactly as {@link #search} gives it for every non-NaN input. */
    int index(float v) {
        if (!sorted) return search(code, v);
        if (bisect) return count(v);
        int bits = Float.floatToRawIntBits(v);
        int e = buckets[bucket(bits)];
        int k0 = e & 0xff;
        return v > next[k0] ? e >>> 8 : k0;
    }

    /** The rule itself ({@link #search}) for this code; for values {@link #index} cannot take (NaN). */
    int exact(float v) { return search(code, v); }

    /** True when {@link #index} uses the two-read bucket table. */
    boolean usesBuckets() { return sorted && !bisect; }

    static int bucket(int bits) {
        int a = Math.min(Math.max(bits & 0x7fffffff, LOW), HIGH) - LOW;
        return (a >>> 16) + ((bits >>> 31) * BUCKETS_PER_SIGN);
    }

    /** Number of thresholds {@code v} exceeds (sorted codes only). */
    private int count(float v) {
        int k = 0;
        for (int step = 128; step > 0; step >>= 1) if (v > next[k + step - 1]) k += step;
        return k;
    }

    /** Largest float (in total order) whose code by {@link #search} is below {@code k}. */
    private float largestBelow(int k) {
        long lo = key(Float.NEGATIVE_INFINITY), hi = key(Float.POSITIVE_INFINITY);
        if (search(code, Float.NEGATIVE_INFINITY) >= k) return Float.NEGATIVE_INFINITY; // only for codes of -inf entries
        if (search(code, Float.POSITIVE_INFINITY) < k) return Float.POSITIVE_INFINITY;
        while (hi - lo > 1) {
            long mid = (lo + hi) >> 1;
            if (search(code, fromKey(mid)) < k) lo = mid;
            else hi = mid;
        }
        return fromKey(lo);
    }

    /** Float bits mapped to a long that orders like the floats (-0.0 just below +0.0). */
    private static long key(float f) {
        int b = Float.floatToRawIntBits(f);
        return b >= 0 ? b : b ^ 0x7fffffff;
    }

    private static float fromKey(long k) {
        int b = (int) k;
        return Float.intBitsToFloat(b >= 0 ? b : b ^ 0x7fffffff);
    }

    /**
     * The CUDA rule: binary search over the odd indices 1..253 (pivot 127, steps 64..1) with
     * {@code x > code[pivot]}, landing on an even index p; then the float32 midpoint with the
     * neighbour on x's side decides, a value on the midpoint keeping p.
     */
    static int search(float[] code, float x) {
        int pivot = 127, lower = 0, upper = 255;
        for (int step = 64; step > 0; step >>= 1) {
            if (x > code[pivot]) {
                lower = pivot;
                pivot += step;
            } else {
                upper = pivot;
                pivot -= step;
            }
        }
        float val = code[pivot];
        if (x > val) return x > (code[upper] + val) * 0.5f ? upper : pivot;
        return x < (code[lower] + val) * 0.5f ? lower : pivot;
    }

    // ------------------------------------------------------------------ cache

    private static final int CACHE = 8;
    private static final NearestCode[] cache = new NearestCode[CACHE];
    private static int cacheNext;

    /** A searcher for {@code code}, reused while the same table keeps coming (optimizers alternate two). */
    static NearestCode of(float[] code) {
        synchronized (cache) {
            for (NearestCode c : cache) if (c != null && Arrays.equals(c.code, code)) return c;
        }
        NearestCode c = new NearestCode(code);
        synchronized (cache) {
            cache[cacheNext] = c;
            cacheNext = (cacheNext + 1) % CACHE;
        }
        return c;
    }
}
