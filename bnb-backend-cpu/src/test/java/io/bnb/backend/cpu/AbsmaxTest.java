package io.bnb.backend.cpu;

import io.bnb.api.DType;
import io.bnb.api.HostArrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The vector block absmaxes (the optimizer's compares magnitudes as int bits, the BF16 ones as
 * 16-bit ints, and they fall back to the float max for a NaN) against Math.max over |x|: same
 * bits for every block without a NaN (infinities, -0, subnormals, tails of every length
 * included), and a NaN for every block with one. Which NaN is not promised: the spec leaves NaN
 * input undefined, and which operand's payload a float max keeps differs between the
 * interpreter, C2's code and the CPU (a CI machine returned 0x7fc00000 where this one kept
 * 0x7fc00001).
 */
class AbsmaxTest {
    @BeforeAll
    static void vectorApiPresent() { assumeTrue(Simd.ENABLED && Vec.USABLE && FloatLanes.VECTOR, "no usable Vector API here"); }

    static final float[] ODD = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, Float.MIN_VALUE, -1e-40f, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.intBitsToFloat(0xffc00001), Float.NaN};

    @Test
    void vectorAbsmaxEqualsMathMax() {
        SplittableRandom r = new SplittableRandom(11);
        for (int t = 0; t < 600; t++) {
            int len = 1 + r.nextInt(300);
            float[] x = new float[len];
            for (int i = 0; i < len; i++) x[i] = (float) r.nextGaussian() * (t % 7 == 0 ? 1e-40f : 1f);
            int kind = t % 4; // 0: plain, 1: one special, 2: one NaN, 3: several of one NaN payload
            if (kind == 1) x[r.nextInt(len)] = ODD[r.nextInt(7)];
            if (kind >= 2) for (int k = kind == 2 ? 1 : 3; k > 0; k--) x[r.nextInt(len)] = (t & 8) == 0 ? Float.NaN : Float.intBitsToFloat(0xffc00001);
            float want = 0f;
            for (float v : x) want = Math.max(want, Math.abs(v));
            String what = "block " + t + " len " + len;
            assertSameAbsmax(want, BlockMathVec.absmax(x, len), what);
            for (DType d : new DType[] {DType.F32, DType.BF16, DType.F16}) {
                float[] rounded = new float[len];
                float wantD = 0f;
                for (int i = 0; i < len; i++) {
                    rounded[i] = FloatLanes.round(x[i], d);
                    wantD = Math.max(wantD, Math.abs(rounded[i]));
                }
                MemorySegment in = HostArrays.fromFloats(rounded, d);
                float[] dst = new float[len + 3];
                float got = Vec.widenAbsmax(in, d, 0, len, dst, 3);
                assertSameAbsmax(wantD, got, what + " " + d);
                if (d == DType.BF16) assertSameAbsmax(wantD, Vec.absmaxBf16(in, 0, len, new float[len]), what + " absmaxBf16");
                if (d == DType.F32) assertSameAbsmax(wantD, Vec.absmaxF32(in, 0, len), what + " absmaxF32");
                for (int i = 0; i < len; i++) assertEquals(Float.floatToRawIntBits(rounded[i]), Float.floatToRawIntBits(dst[3 + i]), what + " " + d + " widened " + i);
            }
        }
    }

    private static void assertSameAbsmax(float want, float got, String what) {
        if (Float.isNaN(want)) assertTrue(Float.isNaN(got), what + ": want a NaN, got " + got);
        else assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got), what);
    }
}
