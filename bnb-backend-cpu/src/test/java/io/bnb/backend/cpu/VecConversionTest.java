package io.bnb.backend.cpu;

import io.bnb.api.Half;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The vector float16/bfloat16 conversions against the JDK's and bnb-api's scalar ones. */
class VecConversionTest {
    @BeforeAll
    static void vectorApiPresent() { Tensors.assumeVectorApi(); }

    @Test
    void everyHalfWidensExactly() {
        int[] bits = new int[8];
        float[] out = new float[8];
        for (int h = 0; h < 65536; h += 8) {
            for (int i = 0; i < 8; i++) bits[i] = (short) (h + i); // sign-extended, as the loads deliver them
            Vec.f16ToF32(IntVector.fromArray(Vec.I, bits, 0)).intoArray(out, 0);
            for (int i = 0; i < 8; i++) {
                float want = Float.float16ToFloat((short) (h + i));
                if (Float.isNaN(want)) assertTrue(Float.isNaN(out[i]), "NaN " + Integer.toHexString(h + i));
                else assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(out[i]), "half 0x" + Integer.toHexString(h + i));
            }
        }
    }

    /**
     * The widening loops against the scalar reads, on every 16-bit pattern, from offsets that
     * leave a scalar tail of each length below a vector.
     */
    @Test
    void widenLoopsMatchScalarReadsOnEveryPattern() {
        short[] all = new short[65536 + 7];
        for (int i = 0; i < all.length; i++) all[i] = (short) i;
        java.lang.foreign.MemorySegment s = java.lang.foreign.MemorySegment.ofArray(all);
        for (int skew = 0; skew < 8; skew++) {
            int len = 65536 - skew, off = 3;
            float[] h = new float[off + len], bf = new float[off + len];
            Vec.widenF16(s, skew, len, h, off);
            Vec.widenBf16(s, skew, len, bf, off);
            for (int i = 0; i < len; i++) {
                short bits = all[skew + i];
                int at = i;
                assertEquals(Float.floatToRawIntBits(Float.float16ToFloat(bits)), Float.floatToRawIntBits(h[off + i]),
                        () -> "f16 0x" + Integer.toHexString(bits & 0xffff) + " at " + at);
                assertEquals(Float.floatToRawIntBits(Float.intBitsToFloat(bits << 16)), Float.floatToRawIntBits(bf[off + i]),
                        () -> "bf16 0x" + Integer.toHexString(bits & 0xffff));
            }
        }
    }

    @Test
    void narrowingRoundsToNearestEven() {
        Random r = new Random(3);
        float[] in = new float[8];
        int[] h = new int[8], bf = new int[8];
        float[] special = {0f, -0f, 65504f, 65519.99f, 65520f, -65520f, 0x1p-24f, 0x1p-25f, 0x1.8p-25f, 0x1p-14f, 0x1.ffcp-15f,
                Float.MIN_VALUE, Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1f, 1.0009766f, 1.0014648f, -3.3e-8f};
        for (int iter = 0; iter < 200_000; iter++) {
            for (int i = 0; i < 8; i++) {
                int kind = r.nextInt(4);
                in[i] = kind == 0 ? special[r.nextInt(special.length)]
                        : kind == 1 ? Float.intBitsToFloat(r.nextInt())
                        : kind == 2 ? (float) (r.nextGaussian() * Math.pow(2, r.nextInt(40) - 28))
                        // exact ties of the binary16 and bfloat16 grids
                        : Float.intBitsToFloat((r.nextInt() & 0xffffe000) | 0x1000);
            }
            FloatVector v = FloatVector.fromArray(Vec.F, in, 0);
            Vec.f32ToF16(v).intoArray(h, 0);
            Vec.f32ToBf16(v).intoArray(bf, 0);
            for (int i = 0; i < 8; i++) {
                float x = in[i];
                short wantH = Float.floatToFloat16(x), wantB = Half.f32ToBf16(x);
                if (Float.isNaN(x)) {
                    assertTrue(Float.isNaN(Float.float16ToFloat((short) h[i])), "f16 NaN");
                    assertEquals(wantB, (short) bf[i], "bf16 NaN keeps its payload, quieted");
                } else {
                    assertEquals(wantH, (short) h[i], () -> "f16 of " + x + " (0x" + Integer.toHexString(Float.floatToRawIntBits(x)) + ")");
                    assertEquals(wantB, (short) bf[i], () -> "bf16 of " + x);
                    float rb = Half.round(x, io.bnb.api.DType.BF16);
                    float[] rv = new float[8];
                    Vec.roundBf16(v).intoArray(rv, 0);
                    if (!Float.isInfinite(x) && Math.abs(x) < 3.38e38f) assertEquals(Float.floatToRawIntBits(rb), Float.floatToRawIntBits(rv[i]), "roundBf16");
                }
            }
        }
    }
}
