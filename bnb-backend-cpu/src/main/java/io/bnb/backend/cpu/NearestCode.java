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
 * <p>{@link #index} then reads one {@link CodeTable} entry (shared with the optimizer states'
 * search): the top 16 bits of the value pick a bucket, its low 16 bits are compared with the
 * bucket's split. Every float has its bucket, NaN and the infinities included, so there is no
 * range check. A bucket whose range holds two different thresholds (never for the dynamic or
 * linear maps; possible for codes with entries closer than 1/128 relative) switches this code
 * to a bisection over the thresholds. An unsorted code (not valid upstream, but not rejected
 * either) uses the rule itself for every element.
 */
final class NearestCode {
    static final int SIZE = 256;

    private final float[] code;
    private final boolean sorted;
    /** {@code next[k]} = t[k+1], the value x must exceed to get a code above k; next[255] = +inf. */
    final float[] next = new float[SIZE];
    /** The {@link CodeTable} entries, or null (unsorted code, or two thresholds in one bucket). */
    final int[] table;
    /** True when some bucket holds two different thresholds. */
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
        if (sorted) {
            for (int k = 1; k < SIZE; k++) next[k - 1] = largestBelow(k);
            next[SIZE - 1] = Float.POSITIVE_INFINITY;
        }
        CodeTable t = sorted ? CodeTable.build(next, v -> Float.isNaN(v) ? nanCode : count(v), k -> k & 0xff) : null;
        this.table = t == null ? null : t.entries;
        this.bisect = sorted && t == null;
    }

    /** The code of a scaled value, exactly as {@link #search} gives it. */
    int index(float v) {
        if (table != null) {
            int x = Float.floatToRawIntBits(v);
            return CodeTable.code(table, x);
        }
        if (bisect) return Float.isNaN(v) ? nanCode : count(v);
        return search(code, v);
    }

    private Blockwise8Bf16Keys bf16Keys;
    private boolean bf16KeysBuilt;

    /** The BF16 key tables of this code (built on first use), or null when it has none. */
    synchronized Blockwise8Bf16Keys bf16Keys() {
        if (!bf16KeysBuilt) {
            bf16Keys = Blockwise8Bf16Keys.build(this);
            bf16KeysBuilt = true;
        }
        return bf16Keys;
    }

    private SegmentCodes segments;
    private boolean segmentsBuilt;

    /** The segment search of this code (built and proven on first use), or null when it has none. */
    synchronized SegmentCodes segments() {
        if (!segmentsBuilt) {
            segments = table == null ? null : SegmentCodes.of(next);
            segmentsBuilt = true;
        }
        return segments;
    }

    /** True when {@link #index} reads {@link #table} (block callers may use it directly). */
    boolean usesBuckets() { return table != null; }

    /** The rule itself for this code. */
    int exact(float v) { return search(code, v); }

    /** Number of thresholds {@code v} exceeds (sorted codes only: {@link #next} ascends). */
    private int count(float v) { return CodeTable.exceeded(next, v); }

    /** Largest float (in total order) whose code by {@link #search} is below {@code k}. */
    private float largestBelow(int k) {
        if (search(code, Float.NEGATIVE_INFINITY) >= k) return Float.NEGATIVE_INFINITY;
        return fromKey(lastOfRun(key(Float.NEGATIVE_INFINITY), key(Float.POSITIVE_INFINITY), x -> search(code, fromKey(x)) < k));
    }

    /** Float bits mapped to a long that orders like the floats (-0.0 just below +0.0); the bisections over floats use it. */
    static long key(float f) {
        int b = Float.floatToRawIntBits(f);
        return b >= 0 ? b : b ^ 0x7fffffff;
    }

    /**
     * The largest key in {@code [from, to]} still in the run that starts at {@code from}, for a run
     * test that holds on a prefix of the range (a monotone function keeping its value): bisection.
     */
    static long lastOfRun(long from, long to, java.util.function.LongPredicate inRun) {
        if (inRun.test(to)) return to;
        long l = from, h = to;
        while (h - l > 1) {
            long m = (l + h) >> 1; // keys of negative floats are negative
            if (inRun.test(m)) l = m;
            else h = m;
        }
        return l;
    }

    /** The float of {@link #key} {@code k}. */
    static float fromKey(long k) {
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
