package io.bnb.conformance.check;

import io.bnb.api.Codebooks;
import io.bnb.api.QuantType;

/**
 * An independent statement of upstream's 4-bit rules (spec OPS.md §3.2), used to check backends:
 * block absmax, reciprocal scaling, the NF4 comparison tree (float32 midpoints, strict {@code >},
 * NaN to code 0), the FP4 sign bit and magnitude literals, high-nibble-first packing.
 */
public final class Ref4 {
    private Ref4() {}

    /** The 15 NF4 decision thresholds (float32 midpoints of adjacent NF4 values). */
    static final float[] NF4_THRESHOLDS = {
        -0.8480964f, -0.6106329f, -0.45999527f, -0.33967942f, -0.2346074f, -0.13791174f, -0.045525018f,
        0.03979015f, 0.12025525f, 0.20352125f, 0.29201376f, 0.38931254f, 0.50166345f, 0.6427869f, 0.86147845f};
    /** CUDA's FP4 magnitude literals; they differ from exact midpoints by a few ulps. */
    static final float[] FP4_THRESHOLDS = {0.00260417f, 0.0859375f, 0.20833333f, 0.29166667f, 0.4166667f, 0.583333f, 0.8333333f};
    /** 3-bit patterns of the sorted FP4 magnitudes 0, 1/192, 1/6, 1/4, 1/3, 1/2, 2/3, 1. */
    static final int[] FP4_PATTERN = {0b000, 0b001, 0b110, 0b111, 0b100, 0b101, 0b010, 0b011};

    public static float[] absmax(float[] x, int bs) {
        int blocks = (x.length + bs - 1) / bs;
        float[] am = new float[blocks];
        for (int i = 0; i < x.length; i++) am[i / bs] = Math.max(am[i / bs], Math.abs(x[i]));
        return am;
    }

    /** The scaled value {@code x·(1/absmax)} that the code is chosen for. */
    public static float scaled(float x, float absmax) { return x * (1.0f / absmax); }

    public static int code(float scaled, QuantType t) { return t == QuantType.NF4 ? nf4(scaled) : fp4(scaled); }

    static int nf4(float s) {
        int c = 0;
        if (Float.isNaN(s)) return 0;
        for (float th : NF4_THRESHOLDS) if (s > th) c++;
        return c;
    }

    static int fp4(float s) {
        if (Float.isNaN(s)) return 0;
        float m = Math.abs(s);
        int k = 0;
        for (float th : FP4_THRESHOLDS) if (m > th) k++;
        return FP4_PATTERN[k] | (s < 0 ? 0b1000 : 0);
    }

    /** 4-bit codes of {@code x} (one per element). */
    public static int[] codes(float[] x, int bs, QuantType t) {
        float[] am = absmax(x, bs);
        int[] c = new int[x.length];
        for (int i = 0; i < x.length; i++) c[i] = code(scaled(x[i], am[i / bs]), t);
        return c;
    }

    /** Code of the padding nibble of an odd-length tensor (the code of 0). */
    public static int padCode(QuantType t) { return t == QuantType.NF4 ? 7 : 0; }

    /** Packs codes two per byte, the lower index in the high nibble. */
    public static byte[] pack(int[] codes, QuantType t) {
        byte[] out = new byte[(codes.length + 1) / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = codes[2 * i];
            int lo = 2 * i + 1 < codes.length ? codes[2 * i + 1] : padCode(t);
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    /** Unpacks {@code n} codes. */
    public static int[] unpack(byte[] packed, int n) {
        int[] c = new int[n];
        for (int i = 0; i < n; i++) c[i] = i % 2 == 0 ? (packed[i / 2] >> 4) & 0xf : packed[i / 2] & 0xf;
        return c;
    }

    /** {@code code[c]·absmax} in float32. */
    public static float[] dequantize(int[] codes, float[] absmax, int bs, QuantType t) {
        float[] code = Codebooks.fourBit(t);
        float[] out = new float[codes.length];
        for (int i = 0; i < codes.length; i++) out[i] = code[codes[i]] * absmax[i / bs];
        return out;
    }

    /**
     * True when {@code scaled} lies within {@code ulps} float32 ulps of a decision threshold of
     * {@code t}: CUDA's fast-math reciprocal may put such an element on the neighbouring code.
     */
    public static boolean nearThreshold(float scaled, QuantType t, int ulps) {
        float[] th = t == QuantType.NF4 ? NF4_THRESHOLDS : FP4_THRESHOLDS;
        float v = t == QuantType.NF4 ? scaled : Math.abs(scaled);
        for (float x : th) if (Math.abs(v - x) <= ulps * Math.ulp(x)) return true;
        return false;
    }

    /** True when codes {@code a} and {@code b} sit on either side of one threshold. */
    public static boolean adjacent(int a, int b, QuantType t) {
        if (t == QuantType.NF4) return Math.abs(a - b) == 1;
        if ((a & 8) != (b & 8)) return false;
        return Math.abs(rank(a & 7) - rank(b & 7)) == 1;
    }

    private static int rank(int pattern) {
        for (int i = 0; i < FP4_PATTERN.length; i++) if (FP4_PATTERN[i] == pattern) return i;
        throw new IllegalArgumentException("pattern " + pattern);
    }

    /** FP4 codes 0b0000 and 0b1000 both mean zero; upstream backends disagree on which they write. */
    public static boolean equivalent(int a, int b, QuantType t) {
        return a == b || (t == QuantType.FP4 && (a & 7) == 0 && (b & 7) == 0);
    }
}
