package io.bnb.conformance.check;

/**
 * An independent statement of upstream's 8-bit blockwise rule (spec OPS.md §2.2): block absmax,
 * reciprocal scaling, nearest entry of a sorted 256-entry code, exact float32-midpoint ties going
 * to the even index, NaN (all-zero block) to index 0.
 */
public final class Ref8 {
    private Ref8() {}

    /** Index of the code entry nearest {@code v} (code sorted ascending). */
    public static int nearest(float[] code, float v) {
        if (Float.isNaN(v)) return 0;
        if (v <= code[0]) return 0;
        if (v >= code[code.length - 1]) return code.length - 1;
        int lo = 0, hi = code.length - 1; // code[lo] < v <= code[hi]
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (code[mid] < v) lo = mid; else hi = mid;
        }
        float midpoint = (code[lo] + code[hi]) * 0.5f;
        if (v > midpoint) return hi;
        if (v < midpoint) return lo;
        return lo % 2 == 0 ? lo : hi;
    }

    /** True when {@code v} lies within {@code ulps} ulps of the midpoint between two neighbours. */
    public static boolean nearBoundary(float[] code, float v, int ulps) {
        for (int i = 0; i + 1 < code.length; i++) {
            float m = (code[i] + code[i + 1]) * 0.5f;
            if (Math.abs(v - m) <= ulps * Math.ulp(m)) return true;
        }
        return false;
    }

    public static int[] codes(float[] x, float[] code, int bs) {
        float[] am = Ref4.absmax(x, bs);
        int[] c = new int[x.length];
        for (int i = 0; i < x.length; i++) c[i] = nearest(code, x[i] * (1.0f / am[i / bs]));
        return c;
    }

    /** {@code code[c]·absmax} in float32. */
    public static float[] dequantize(byte[] q, float[] absmax, float[] code, int bs) {
        float[] out = new float[q.length];
        for (int i = 0; i < q.length; i++) out[i] = code[q[i] & 0xff] * absmax[i / bs];
        return out;
    }

    /**
     * Requantization of an 8-bit optimizer state (OPTIMIZERS.md §5.3): nearest code of
     * {@code v / absmax}; for signed states a code whose sign bit differs from the value's moves
     * one index toward the value's sign.
     */
    public static int requantize(float[] code, float v, float absmax, boolean signed) {
        float x = v / absmax;
        int c = nearest(code, x);
        if (signed && !Float.isNaN(x)) {
            boolean codeNeg = (Float.floatToRawIntBits(code[c]) & 0x80000000) != 0;
            boolean valNeg = (Float.floatToRawIntBits(x) & 0x80000000) != 0;
            if (codeNeg != valNeg) c = (x > 0 ? c + 1 : c - 1) & 0xff;
        }
        return c;
    }
}
