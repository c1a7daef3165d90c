package io.bnb.backend.cpu;

import io.bnb.api.DType;
import io.bnb.api.QuantType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The 16-bit key search of NF4 codes for BF16 input against the float rule
 * ({@code nf4(x * (1 / absmax))}): every BF16 value of each block scale tried, and blocks whose
 * absmax sits at the edges of the range the keys handle.
 */
class Nf4Bf16KeysTest {
    @BeforeAll
    static void vectorApi() {
        Tensors.assumeVectorApi();
    }

    /**
     * Every BF16 value x with |x| <= m, for all 128 mantissas of m at five exponents (the lowest
     * handled one included): blocks of 32 whose first element is m, so that m is their absmax.
     */
    @Test
    void everyBf16ValueTakesTheCodeOfTheFloatRule() {
        assertEveryBf16ValueTakesTheRuleCode(Nf4Bf16Keys::blocks);
    }

    /** NF4 BF16 blocks of 32 {@code [b0, b1)} of {@code in}: packed codes into {@code out}, absmax into {@code absmax}. */
    interface Bf16Blocks {
        void run(MemorySegment in, int bs, long b0, long b1, MemorySegment out, MemorySegment absmax);
    }

    /** The check above for any BF16 NF4 kernel (also run on {@link Nf4Buckets}). */
    static void assertEveryBf16ValueTakesTheRuleCode(Bf16Blocks kernel) {
        long checked = 0;
        try (Arena arena = Arena.ofConfined()) {
            for (int e : new int[] {-100, -9, 0, 3, 99}) {
                for (int mu = 0; mu < 128; mu++) {
                    float m = Float.intBitsToFloat(((127 + e) << 7 | mu) << 16);
                    assertTrue(Nf4Bf16Keys.handles(m), "handled: " + m);
                    short[] values = new short[65536];
                    int count = 0;
                    for (int b = 0; b < 65536; b++) if (Math.abs(Elements.bf16ToFloat(b)) <= m) values[count++] = (short) b;
                    int blocks = (count + 30) / 31;
                    short[] x = new short[blocks * 32];
                    for (int k = 0; k < x.length; k++) {
                        int j = k / 32 * 31 + k % 32 - 1;
                        x[k] = k % 32 == 0 || j >= count ? (short) (Float.floatToRawIntBits(m) >>> 16) : values[j];
                    }
                    MemorySegment in = arena.allocate(2L * x.length), out = arena.allocate(x.length / 2), absmax = arena.allocate(4L * blocks);
                    MemorySegment.copy(x, 0, in, ValueLayout.JAVA_SHORT_UNALIGNED, 0, x.length);
                    kernel.run(in, 32, 0, blocks, out, absmax);
                    float r = 1f / m;
                    byte[] packed = out.toArray(ValueLayout.JAVA_BYTE);
                    for (int i = 0; i < x.length; i++) {
                        int want = FourBitCodes.nf4(Elements.bf16ToFloat(x[i]) * r);
                        int got = FourBitGoldenTest.nibble(packed, i);
                        if (got != want) fail("absmax " + m + ", x " + Elements.bf16ToFloat(x[i]) + ": code " + got + ", rule " + want);
                    }
                    for (int k = 0; k < blocks; k++) assertEquals(m, absmax.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, k));
                    checked += x.length;
                }
            }
        }
        assertTrue(checked > 10_000_000, "checked " + checked);
    }

    /**
     * Blocks whose absmax is at, just inside or just outside the handled range, or zero, NaN,
     * infinite, subnormal or the largest BF16: the same bytes and absmax as the scalar kernel.
     */
    @Test
    void edgeScalesMatchTheScalarKernel() {
        float[] scales = {0x1p-100f, Math.nextDown(0x1p-100f), 0x1p100f, Math.nextUp(0x1p100f), 0f, Float.NaN, Float.POSITIVE_INFINITY,
                1e-40f, 3.3895314e38f, 1f, 0.02f};
        matchesTheScalarKernel(scales);
        // a special block first: the search runs over its (unset) thresholds before the scalar rule redoes it
        matchesTheScalarKernel(new float[] {Float.NaN, 0.5f, 0f, 2f});
    }

    private static void matchesTheScalarKernel(float[] scales) {
        int bs = 64, n = bs * scales.length * 2;
        Random rnd = new Random(5);
        float[] x = new float[n];
        for (int k = 0; k < 2 * scales.length; k++) {
            float s = scales[k % scales.length];
            for (int i = 0; i < bs; i++) x[k * bs + i] = Float.isFinite(s) ? (float) (rnd.nextGaussian() * 0.3) * s : (i % 7 == 0 ? s : 1f);
            if (Float.isFinite(s)) x[k * bs + (k * 5 % bs)] = k % 2 == 0 ? s : -s;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(2L * n);
            for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, Elements.bf16(x[i]));
            long blocks = n / bs;
            MemorySegment keys = arena.allocate(n / 2), keysMax = arena.allocate(4 * blocks), ref = arena.allocate(n / 2), refMax = arena.allocate(4 * blocks);
            Nf4Bf16Keys.blocks(in, bs, 0, blocks, keys, keysMax);
            FourBitKernels.quantizeScalar(in, DType.BF16, n, bs, QuantType.NF4, ref, refMax, 0, blocks);
            assertArrayEquals(ref.toArray(ValueLayout.JAVA_BYTE), keys.toArray(ValueLayout.JAVA_BYTE), "packed bytes");
            FourBitGoldenTest.assertBitsEqual(refMax.toArray(ValueLayout.JAVA_FLOAT), keysMax.toArray(ValueLayout.JAVA_FLOAT), "absmax");
        }
    }

}
