package io.bnb.backend.cpu;

import io.bnb.api.DType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The column pass of int8DoubleQuant on the vector path against the scalar reference of
 * {@link Int8Columns}, bit for bit: column maxima and codes for every float dtype, widths with and
 * without a tail, with and without a threshold, on data sown with the awkward values (NaN, ±inf,
 * zero columns, values whose product with 127 overflows the dtype, subnormals).
 */
class Int8ColumnsVecTest {
    static final float[] ODD = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 600f, -1000f, 65504f, 3e38f,
            1e-7f, 6e-8f, 2f, -2f};

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void columnMaximaAndCodesEqualTheScalarReference(DType t) {
        Tensors.assumeVectorApi();
        SplittableRandom r = new SplittableRandom(23);
        try (Arena arena = Arena.ofConfined()) {
            for (int k : new int[]{8, 96, 101, 7}) {
                int rows = 37;
                MemorySegment src = arena.allocate((long) rows * k * t.byteSize());
                for (int i = 0; i < rows * k; i++) {
                    float x = (float) r.nextGaussian() * 2.5f;
                    if (r.nextInt(40) == 0) x = ODD[r.nextInt(ODD.length)];
                    // column 2 is all zeros (its absmax is 0: every code 0)
                    if (i % k == 2) x = 0f;
                    Elements.put(src, t, i, x);
                }
                for (float thr : new float[]{0f, 2f}) {
                    float[] ms = new float[k], mv = new float[k];
                    Int8Columns.absmax(src, t, k, 0, rows, thr, ms, false);
                    Int8Columns.absmax(src, t, k, 0, rows, thr, mv, true);
                    assertArrayEquals(bits(ms), bits(mv), t + " k=" + k + " thr=" + thr + ": column maxima");
                    // codes against the same maxima, and against maxima that are all finite (so most groups take vectors)
                    float[] finite = new float[k];
                    for (int c = 0; c < k; c++) finite[c] = Float.isFinite(ms[c]) ? ms[c] : 1000f;
                    for (float[] m : new float[][]{ms, finite}) {
                        MemorySegment qs = arena.allocate((long) rows * k), qv = arena.allocate((long) rows * k);
                        Int8Columns.codes(src, t, k, 0, rows, thr, m, qs, false);
                        Int8Columns.codes(src, t, k, 0, rows, thr, m, qv, true);
                        assertEquals(-1, qs.mismatch(qv), t + " k=" + k + " thr=" + thr + ": first differing code");
                    }
                }
            }
        }
    }


    /**
     * The vector codes take the quotient {@code p / colMax} from a reciprocal and a fused correction:
     * against the division on quotients at and next to half-integers, where an ulp decides the
     * rounding. Each value is the one among 129 neighbours in its dtype whose quotient lies nearest a
     * half-integer. Column maxima run from 2^-126 (far below the range where the vector path takes
     * the reciprocal) to 2^100. The data is checked to hold values that the uncorrected product
     * {@code p * r} would code otherwise.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void quotientsNextToHalfIntegersCodeAsTheDivisionDoes(DType t) {
        Tensors.assumeVectorApi();
        SplittableRandom r = new SplittableRandom(5);
        int k = 64, rows = 1024;
        float[] st = new float[k];
        for (int c = 0; c < k; c++) {
            // F32 and BF16: columns 8-15 far down, where products underflow (the other groups of eight
            // take the vector path, which a group with any such column leaves to the scalar rule)
            int e = t == DType.F16 ? r.nextInt(-14, 10) : c / 8 == 1 ? r.nextInt(-126, -90) : r.nextInt(-72, 100);
            float m = c % 3 == 0 ? 1f + r.nextInt(8) / 8f : 1f + r.nextFloat();
            st[c] = FloatLanes.round(Math.scalb(m, e), t);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate((long) rows * k * t.byteSize());
            int uncorrected = 0;
            for (int i = 0; i < rows * k; i++) {
                int c = i % k;
                float target = r.nextInt(127) - 63 + 0.5f;
                float x = FloatLanes.round(target * st[c] / 127f, t), best = x;
                double gap = Double.MAX_VALUE;
                for (int u = 0; u < 129; u++) {
                    float p = FloatLanes.round(x * 127f, t), g = Math.abs(p / st[c] - target);
                    if (g < gap) {
                        gap = g;
                        best = x;
                    }
                    x = FloatLanes.round(Math.nextUp(x), t);
                }
                x = r.nextInt(50) == 0 ? 0f : best;
                Elements.put(src, t, i, x);
                float p = FloatLanes.round(x * 127f, t), q = p / st[c], y = p * (1f / st[c]);
                if (Int8Rows.code(y) != Int8Rows.code(q)) uncorrected++;
            }
            assertTrue(uncorrected > 20, t + ": values that p * r codes otherwise: " + uncorrected);
            for (float thr : new float[]{0f, 1e-3f}) {
                MemorySegment qs = arena.allocate((long) rows * k), qv = arena.allocate((long) rows * k);
                Int8Columns.codes(src, t, k, 0, rows, thr, st, qs, false);
                Int8Columns.codes(src, t, k, 0, rows, thr, st, qv, true);
                assertEquals(-1, qs.mismatch(qv), t + " thr=" + thr + ": first differing code");
            }
        }
    }

    /** Every F16 value: its widened value and its product {@code round_f16(x * 127)}, bit for bit. */
    @org.junit.jupiter.api.Test
    void f16ProductsAreTheRoundedProductForEveryHalf() {
        Tensors.assumeVectorApi();
        int n = 1 << 16;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate(2L * n);
            for (int i = 0; i < n; i++) src.setAtIndex(java.lang.foreign.ValueLayout.JAVA_SHORT, i, (short) i);
            float[] xs = new float[n], ps = new float[n];
            Int8ColumnsVec.productsF16(src, 0, n, xs, ps);
            int subnormal = 0;
            for (int i = 0; i < n; i++) {
                float x = Float.float16ToFloat((short) i);
                float want = FloatLanes.round(x * 127f, DType.F16);
                assertEquals(Float.floatToRawIntBits(x), Float.floatToRawIntBits(xs[i]), "value of half 0x" + Integer.toHexString(i));
                if (Float.isNaN(want)) assertTrue(Float.isNaN(ps[i]), "product of NaN half 0x" + Integer.toHexString(i));
                else assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(ps[i]), "product of half 0x" + Integer.toHexString(i));
                if (want != 0f && Math.abs(want) < 0x1p-14f) subnormal++;
            }
            // the products that round to an F16 subnormal (k * 2^-24, k <= 8) are covered too
            assertEquals(2 * 8, subnormal);
        }
    }

    private static int[] bits(float[] f) {
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) b[i] = Float.floatToRawIntBits(f[i]);
        return b;
    }
}
