package io.bnb.backend.cpu;

import io.bnb.api.Codebooks;
import io.bnb.api.QuantType;

/**
 * The decision rules and lookup tables of the CUDA 4-bit kernels (spec OPS.md §3.2), scalar form.
 * Both rules are "count the thresholds the scaled value exceeds" with strict {@code >}, so a value
 * on a threshold takes the lower code and NaN (an all-zero block) takes code 0, exactly as the
 * CUDA comparison trees do.
 */
final class FourBitCodes {
    private FourBitCodes() {}

    /** Float32 midpoints of adjacent NF4 values, ascending. */
    static final float[] NF4_THRESHOLDS = {
        -0.8480964f, -0.6106329f, -0.45999527f, -0.33967942f, -0.2346074f, -0.13791174f, -0.045525018f,
        0.03979015f, 0.12025525f, 0.20352125f, 0.29201376f, 0.38931254f, 0.50166345f, 0.6427869f, 0.86147845f,
    };

    /**
     * FP4 magnitude thresholds as the CUDA source writes them (a few ulps off the exact midpoints
     * at five boundaries; the literals are canonical).
     */
    static final float[] FP4_THRESHOLDS = {
        0.00260417f, 0.0859375f, 0.20833333f, 0.29166667f, 0.4166667f, 0.583333f, 0.8333333f,
    };

    /** NF4 code of a scaled value. */
    static int nf4(float v) {
        int c = 0;
        for (float t : NF4_THRESHOLDS) if (v > t) c++;
        return c;
    }

    /**
     * FP4 code of a scaled value: sign bit for {@code v < 0} (so -0.0 is positive), then the
     * 3-bit pattern of the magnitude rank (ranks 0..7 map to 000,001,110,111,100,101,010,011,
     * i.e. bit 2 flips for ranks 2, 3, 6, 7).
     */
    static int fp4(float v) {
        float a = Math.abs(v);
        int c = 0;
        for (float t : FP4_THRESHOLDS) if (a > t) c++;
        return (v < 0f ? 8 : 0) | fp4Pattern(c);
    }

    /** 3-bit FP4 magnitude pattern of magnitude rank {@code c} (0..7). */
    static int fp4Pattern(int c) { return c ^ ((c & 2) << 1); }

    static int code(QuantType t, float v) { return t == QuantType.NF4 ? nf4(v) : fp4(v); }

    /**
     * The dequantization table of the CUDA kernel: the NF4 values, or the FP4 values with the
     * negative zero that the sign multiplication gives for code 0b1000.
     */
    static float[] dequantLut(QuantType t) {
        float[] lut = Codebooks.fourBit(t);
        if (t == QuantType.FP4) lut[8] = -0.0f;
        return lut;
    }
}
