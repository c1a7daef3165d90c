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
 * The bucket lookup of NF4 codes against the rule itself ({@link FourBitCodes#nf4}): its table,
 * the values around every threshold and every bucket edge, and whole blocks against the scalar
 * kernel. The kernels are called directly, so they run here even where 512-bit vectors are
 * emulated and quantize4bit does not take them.
 */
class Nf4BucketsTest {
    @BeforeAll
    static void vectorApi() {
        Tensors.assumeVectorApi();
    }

    @Test
    void tableIsBuiltForNf4AndRefusedWhereABucketSpansTwoThresholds() {
        int[] t = Nf4Buckets.buckets(FourBitCodes.NF4_THRESHOLDS);
        assertNotNull(t);
        assertEquals(0, t[0], "lowest bucket");
        assertEquals(15, t[31], "highest bucket: above the last threshold (0.86)");
        assertEquals(7, t[16], "the bucket of zero starts just below zero, above the seven negative thresholds");
        for (int b = 1; b < 32; b++) assertTrue(t[b] >= t[b - 1] && t[b] <= t[b - 1] + 1, "bucket " + b + ": " + t[b]);
        // 0.01 and 0.03 share a bucket (buckets are 1/16 wide)
        assertNull(Nf4Buckets.buckets(new float[] {-0.5f, 0.01f, 0.03f, 0.5f}));
        assertNotNull(Nf4Buckets.buckets(new float[] {-0.5f, 0.01f, 0.5f}));
    }

    @Test
    void valuesAroundEveryThresholdAndBucketEdgeTakeTheRuleCode() {
        FloatList ys = new FloatList();
        for (float t : FourBitCodes.NF4_THRESHOLDS) around(t, 5000, ys);
        // bucket edges: where the rounded fma(y, SCALE, 16) changes
        for (int b = 1; b < 32; b++) around((b - 16.5f) / Nf4Buckets.SCALE, 5000, ys); // edge 0 lies below -REACH
        // NaN and the infinities are left out: they only come from blocks outside the normal scale,
        // which the rule codes again (blocksMatchTheScalarKernel has blocks with them)
        for (float y : new float[] {0f, -0f, 1f, -1f, 1.0001f, -1.0001f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-30f, -1e-30f}) ys.add(y);
        Random rnd = new Random(11);
        for (int i = 0; i < 200_000; i++) ys.add(rnd.nextFloat() * 2.0002f - 1.0001f);
        float[] y = ys.padded(Nf4Buckets.W);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(4L * y.length), out = arena.allocate(y.length / 2);
            MemorySegment.copy(y, 0, in, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, y.length);
            // shift 31: every step takes rs[0]
            Nf4Buckets.codesF32(in, 0, y.length, new float[] {1f}, 31, out);
            byte[] packed = out.toArray(ValueLayout.JAVA_BYTE);
            for (int i = 0; i < y.length; i++) {
                int want = FourBitCodes.nf4(y[i]), got = FourBitGoldenTest.nibble(packed, i);
                if (got != want) fail("y " + y[i] + " (bits " + Integer.toHexString(Float.floatToRawIntBits(y[i])) + "): code " + got + ", rule " + want);
            }
        }
    }

    /** BF16 ones and minus ones scaled exactly onto every threshold and the floats beside it: one scale per step of 16. */
    @Test
    void bf16ValuesScaledOntoEveryThresholdTakeTheRuleCode() {
        float[] t = FourBitCodes.NF4_THRESHOLDS;
        float[] rs = new float[3 * t.length];
        for (int k = 0; k < t.length; k++) {
            rs[3 * k] = t[k];
            rs[3 * k + 1] = Math.nextUp(t[k]);
            rs[3 * k + 2] = Math.nextDown(t[k]);
        }
        int n = rs.length * Nf4Buckets.W;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(2L * n), out = arena.allocate(n / 2);
            for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, Elements.bf16(i % 2 == 0 ? 1f : -1f));
            Nf4Buckets.codesBf16(in, 0, n, rs, 4, out); // shift 4: step i takes rs[i >>> 4]
            byte[] packed = out.toArray(ValueLayout.JAVA_BYTE);
            for (int i = 0; i < n; i++) {
                float y = (i % 2 == 0 ? 1f : -1f) * rs[i >>> 4];
                assertEquals(FourBitCodes.nf4(y), FourBitGoldenTest.nibble(packed, i), "y " + y);
            }
        }
    }

    /** Every BF16 value under 640 block scales (the test of the 16-bit key search, run on this path). */
    @Test
    void everyBf16ValueTakesTheCodeOfTheFloatRule() {
        Nf4Bf16KeysTest.assertEveryBf16ValueTakesTheRuleCode((in, bs, b0, b1, out, absmax) -> Nf4Buckets.blocks(in, DType.BF16, bs, b0, b1, out, absmax));
    }

    /** Blocks of every handled and unhandled kind of absmax, F32, BF16 and F16, four block sizes: the scalar kernel's bytes and absmax. */
    @Test
    void blocksMatchTheScalarKernel() {
        float[] scales = {0x1p-100f, Math.nextDown(0x1p-100f), 0x1p100f, Math.nextUp(0x1p100f), 0f, Float.NaN, Float.POSITIVE_INFINITY,
                1e-40f, 3.3895314e38f, 1f, 0.02f, 7.5f};
        for (DType dtype : new DType[] {DType.F32, DType.BF16, DType.F16})
            for (int bs : new int[] {32, 64, 256, 4096}) {
                matchesTheScalarKernel(dtype, bs, scales);
                matchesTheScalarKernel(dtype, bs, new float[] {Float.NaN, 0.5f, 0f, 2f}); // a special block first
            }
    }

    private static void matchesTheScalarKernel(DType dtype, int bs, float[] scales) {
        int blocks = 2 * scales.length, n = bs * blocks;
        Random rnd = new Random(bs + scales.length);
        float[] x = new float[n];
        for (int k = 0; k < blocks; k++) {
            float s = scales[k % scales.length];
            for (int i = 0; i < bs; i++) x[k * bs + i] = Float.isFinite(s) ? (float) (rnd.nextGaussian() * 0.3) * s : (i % 7 == 0 ? s : 1f);
            if (Float.isFinite(s)) x[k * bs + (k * 5 % bs)] = k % 2 == 0 ? s : -s;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(4L * n);
            for (int i = 0; i < n; i++)
                if (dtype == DType.BF16) in.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, Elements.bf16(x[i]));
                else if (dtype == DType.F16) in.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, Float.floatToFloat16(x[i]));
                else in.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, x[i]);
            MemorySegment got = arena.allocate(n / 2), gotMax = arena.allocate(4L * blocks), ref = arena.allocate(n / 2), refMax = arena.allocate(4L * blocks);
            Nf4Buckets.blocks(in, dtype, bs, 0, blocks, got, gotMax);
            FourBitKernels.quantizeScalar(in, dtype, n, bs, QuantType.NF4, ref, refMax, 0, blocks);
            assertArrayEquals(ref.toArray(ValueLayout.JAVA_BYTE), got.toArray(ValueLayout.JAVA_BYTE), dtype + " bs " + bs + ": packed bytes");
            FourBitGoldenTest.assertBitsEqual(refMax.toArray(ValueLayout.JAVA_FLOAT), gotMax.toArray(ValueLayout.JAVA_FLOAT), dtype + " bs " + bs + ": absmax");
        }
    }

    /**
     * Every finite F16 value, shuffled into blocks of 64 under scales from 2^-20 to 2^15 (so
     * subnormal elements meet large and small absmax), against the scalar kernel: the widening of
     * normal and subnormal binary16 values, signs, and each block's absmax without widening.
     */
    @Test
    void everyF16ValueTakesTheCodeOfTheScalarKernel() {
        int[] finite = java.util.stream.IntStream.range(0, 1 << 16).filter(h -> (h & 0x7c00) != 0x7c00).toArray();
        Random rnd = new Random(16);
        for (int i = finite.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1), t = finite[i];
            finite[i] = finite[j];
            finite[j] = t;
        }
        int bs = 64, blocks = (finite.length + bs - 1) / bs, n = blocks * bs;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(2L * n);
            for (int i = 0; i < n; i++) {
                int h = i < finite.length ? finite[i] : 0;
                // every block but a few gets a scale element, some of them subnormal
                if (i % bs == 0 && (i / bs) % 9 != 0) h = Float.floatToFloat16(0x1p-20f * (float) Math.pow(2, (i / bs) % 36)) | (i / bs % 2 == 0 ? 0 : 0x8000);
                in.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, (short) h);
            }
            MemorySegment got = arena.allocate(n / 2), gotMax = arena.allocate(4L * blocks), ref = arena.allocate(n / 2), refMax = arena.allocate(4L * blocks);
            Nf4Buckets.blocks(in, DType.F16, bs, 0, blocks, got, gotMax);
            FourBitKernels.quantizeScalar(in, DType.F16, n, bs, QuantType.NF4, ref, refMax, 0, blocks);
            assertArrayEquals(ref.toArray(ValueLayout.JAVA_BYTE), got.toArray(ValueLayout.JAVA_BYTE), "packed bytes");
            FourBitGoldenTest.assertBitsEqual(refMax.toArray(ValueLayout.JAVA_FLOAT), gotMax.toArray(ValueLayout.JAVA_FLOAT), "absmax");
        }
    }

    @Test
    void badArgumentsAreRefused() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(1024);
            assertThrows(IllegalArgumentException.class, () -> Nf4Buckets.blocks(s, DType.F32, 48, 0, 1, s, s));
            assertThrows(IllegalArgumentException.class, () -> Nf4Buckets.blocks(s, DType.I8, 64, 0, 1, s, s));
        }
    }

    private static void around(float v, int ulps, FloatList out) {
        float lo = v, hi = v;
        out.add(v);
        for (int i = 0; i < ulps; i++) {
            lo = Math.nextDown(lo);
            hi = Math.nextUp(hi);
            out.add(lo);
            out.add(hi);
        }
    }

    /** A growable float array. */
    private static final class FloatList {
        private float[] a = new float[1024];
        private int n;

        void add(float v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, 2 * n);
            a[n++] = v;
        }

        /** The values, then zeros up to a multiple of {@code m}. */
        float[] padded(int m) { return java.util.Arrays.copyOf(a, (n + m - 1) / m * m); }
    }
}
