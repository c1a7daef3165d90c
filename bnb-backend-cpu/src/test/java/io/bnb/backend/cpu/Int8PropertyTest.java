package io.bnb.backend.cpu;

import io.bnb.api.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * LLM.int8 ops against independent reference computations written from spec OPS.md §6-§7, the
 * bars of TOLERANCES.md §4, and agreement of the vector and the scalar path.
 */
class Int8PropertyTest {
    final CpuBackend b = new CpuBackend();
    final boolean vec = FloatLanes.VECTOR;

    /** Reference row quantization: rint(x·(127·(1/absmax))) with outliers left out and zeroed. */
    static final class RefQuant {
        final byte[] q;
        final float[] stats;
        final long[] cols;

        RefQuant(float[] x, int rows, int k, float thr) {
            q = new byte[x.length];
            stats = new float[rows];
            TreeSet<Long> oc = new TreeSet<>();
            for (int r = 0; r < rows; r++) {
                float amax = 0;
                for (int c = 0; c < k; c++) {
                    float ax = Math.abs(x[r * k + c]);
                    if (thr > 0 && ax >= thr) oc.add((long) c);
                    else amax = Math.max(amax, ax);
                }
                stats[r] = amax;
                for (int c = 0; c < k; c++) {
                    float v = x[r * k + c];
                    q[r * k + c] = amax == 0 || (thr > 0 && Math.abs(v) >= thr) ? 0 : (byte) Math.rint(v * (127f * (1f / amax)));
                }
            }
            if (rows > 1) for (int r = 0; r < rows; r++) for (long c : oc) q[r * k + (int) c] = 0;
            cols = oc.stream().mapToLong(Long::longValue).toArray();
        }
    }

    static float[] data(SplittableRandom r, int n, DType t, float plant) {
        float[] x = Tensors.randn(r, n, 1f, t);
        for (int i = 0; i < n; i += 97) x[i] = FloatLanes.round(plant * (i % 2 == 0 ? 1 : -1), t);
        return x;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F16", "BF16", "F32"})
    void vectorwiseQuantEqualsReferenceOnBothPaths(DType t) {
        SplittableRandom r = new SplittableRandom(7);
        int[][] shapes = {{7, 37}, {3, 256}, {1, 1000}, {64, 8}, {5, 1}};
        for (int[] s : shapes)
            for (float thr : new float[]{0f, 2.5f, 2.7f, 3f, 1e-30f, 1e30f}) {
                float[] x = data(r, s[0] * s[1], t, 3f);
                RefQuant ref = new RefQuant(x, s[0], s[1], thr);
                try (Tensor a = Tensors.floats(b, x, t, s[0], s[1])) {
                    for (boolean v : new boolean[]{vec, false})
                        try (Int8Quantized q = Int8Kernels.vectorwiseQuant(b, a, thr, v)) {
                            String what = t + " " + s[0] + "x" + s[1] + " thr " + thr + " vector " + v;
                            assertArrayEquals(ref.q, Tensors.bytes(q.data()), what);
                            assertArrayEquals(ref.stats, Tensors.floats(q.rowStats()), what);
                            if (thr == 0) assertNull(q.outlierCols(), what);
                            else assertArrayEquals(ref.cols, Tensors.longs(q.outlierCols()), what);
                        }
                }
            }
    }

    @Test
    void threeDimensionalInputIsRowsOfTheLastDimension() {
        SplittableRandom r = new SplittableRandom(3);
        float[] x = data(r, 2 * 3 * 45, DType.F16, 7f);
        RefQuant ref = new RefQuant(x, 6, 45, 6f);
        try (Tensor a = Tensors.floats(b, x, DType.F16, 2, 3, 45); Int8Quantized q = b.int8VectorwiseQuant(a, 6f)) {
            assertArrayEquals(new long[]{2, 3, 45}, q.data().shape());
            assertArrayEquals(new long[]{6}, q.rowStats().shape());
            assertArrayEquals(ref.q, Tensors.bytes(q.data()));
            assertArrayEquals(ref.cols, Tensors.longs(q.outlierCols()));
        }
    }

    @Test
    void zeroRowsAllOutlierRowsAndNoOutliers() {
        float[] x = new float[3 * 16];
        for (int c = 0; c < 16; c++) x[16 + c] = 10f;     // row 1: every element an outlier
        x[2 * 16 + 5] = 0.5f;                             // row 2: one small value
        try (Tensor a = Tensors.floats(b, x, DType.F32, 3, 16)) {
            for (boolean v : new boolean[]{vec, false}) {
                try (Int8Quantized q = Int8Kernels.vectorwiseQuant(b, a, 6f, v)) {
                    assertArrayEquals(new float[]{0f, 0f, 0.5f}, Tensors.floats(q.rowStats()));
                    assertEquals(16, q.outlierCols().numel()); // every column has an outlier, so all are zeroed
                    for (byte c : Tensors.bytes(q.data())) assertEquals(0, c);
                }
                try (Int8Quantized q = Int8Kernels.vectorwiseQuant(b, a, 20f, v)) {
                    assertEquals(DType.I64, q.outlierCols().dtype());
                    assertEquals(0, q.outlierCols().numel(), "threshold above every value: empty, not null");
                    assertEquals(127, Tensors.bytes(q.data())[16]);
                    assertEquals(127, Tensors.bytes(q.data())[2 * 16 + 5]);
                }
            }
        }
    }

    @Test
    void singleRowZeroesOnlyTheOutlierElements() {
        float[] x = {1f, 8f, -2f, 0.5f};
        try (Tensor a = Tensors.floats(b, x, DType.F16, 1, 4); Int8Quantized q = b.int8VectorwiseQuant(a, 6f)) {
            assertArrayEquals(new byte[]{64, 0, -127, 32}, Tensors.bytes(q.data()));
            assertArrayEquals(new long[]{1}, Tensors.longs(q.outlierCols()));
        }
    }

    @Test
    void scalarAndVectorAgreeOnNonFiniteAndSubnormalInput() {
        float[] x = {Float.NaN, 1f, -2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, Float.POSITIVE_INFINITY, 1f, 2f, 3f, 4f, 5f, 6f, 7f,
                1e-40f, -3e-40f, 2e-45f, 0f, -0f, 1e-41f, 5e-39f, 1e-44f, 0f, 0f, 0f, 0f, 0f, 1e-39f};
        try (Tensor a = Tensors.floats(b, x, DType.F32, 2, 16)) {
            for (float thr : new float[]{0f, 5f})
                try (Int8Quantized v = Int8Kernels.vectorwiseQuant(b, a, thr, vec); Int8Quantized s = Int8Kernels.vectorwiseQuant(b, a, thr, false)) {
                    assertArrayEquals(Tensors.bytes(s.data()), Tensors.bytes(v.data()));
                    assertArrayEquals(Tensors.floats(s.rowStats()), Tensors.floats(v.rowStats()));
                }
        }
        // a subnormal row absmax (127/absmax overflows float) still gives the exact codes
        try (Tensor a = Tensors.floats(b, new float[]{1e-40f, -4e-41f, 2.5e-41f, 0f, 1e-40f, 1e-40f, 1e-40f, 1e-40f, 1e-40f}, DType.F32, 1, 9);
             Int8Quantized q = b.int8VectorwiseQuant(a, 0f)) {
            assertArrayEquals(new byte[]{127, -51, 32, 0, 127, 127, 127, 127, 127}, Tensors.bytes(q.data()));
        }
    }

    /** TOLERANCES §4 test_coo_int8_vectorwise_quant: CA·SA/127 vs A with outlier columns zeroed, rtol 0.05 atol 1.5e-2. */
    @Test
    void dequantizedRowsMatchInputOutsideOutlierColumns() {
        SplittableRandom r = new SplittableRandom(11);
        int rows = 256, k = 1024;
        float[] x = Tensors.randn(r, rows * k, 1f, DType.F16);
        try (Tensor a = Tensors.floats(b, x, DType.F16, rows, k); Int8Quantized q = b.int8VectorwiseQuant(a, 3f);
             Tensor dq = b.int8VectorwiseDequant(q.data(), q.rowStats())) {
            assertEquals(DType.F32, dq.dtype());
            float[] d = Tensors.floats(dq);
            boolean[] out = new boolean[k];
            for (long c : Tensors.longs(q.outlierCols())) out[(int) c] = true;
            assertTrue(Tensors.longs(q.outlierCols()).length > 0);
            for (int i = 0; i < x.length; i++) {
                float want = out[i % k] ? 0f : x[i];
                assertEquals(want, d[i], 1.5e-2 + 0.05 * Math.abs(want), "element " + i);
            }
        }
    }

    @Test
    void vectorwiseDequantIsCodeTimesStatTimesF32Inverse127() {
        byte[] q = {127, -127, 1, 0, -5, 64};
        try (Tensor a = Tensors.bytes(b, q, DType.I8, 2, 3); Tensor s = Tensors.floats(b, new float[]{2.5f, 0.3f}, DType.F32, 2);
             Tensor d = b.int8VectorwiseDequant(a, s)) {
            float c = (float) (1.0 / 127.0);
            assertEquals(0x3C010204, Float.floatToRawIntBits(c));
            float[] got = Tensors.floats(d);
            for (int i = 0; i < 6; i++) assertEquals(q[i] * (i < 3 ? 2.5f : 0.3f) * c, got[i], 0f);
            assertEquals(2.5f, got[0], 1e-6f);
        }
    }

    /** The same rule, bit for bit, on rows long enough for vectors and with a tail: every code against seven stats. */
    @Test
    void vectorwiseDequantIsExactOnLongRows() {
        int k = 256 + 5, rows = 7;
        byte[] q = new byte[rows * k];
        for (int i = 0; i < q.length; i++) q[i] = (byte) (i * 37 + i / k);
        float[] st = {2.5f, 0.3f, 1e-30f, 127f, 3.4e38f, 6.1e-5f, 0.75f};
        try (Tensor a = Tensors.bytes(b, q, DType.I8, rows, k); Tensor s = Tensors.floats(b, st, DType.F32, rows);
             Tensor d = b.int8VectorwiseDequant(a, s)) {
            float c = Int8Kernels.INV127;
            float[] got = Tensors.floats(d);
            for (int i = 0; i < q.length; i++)
                assertEquals(Float.floatToRawIntBits(q[i] * st[i / k] * c), Float.floatToRawIntBits(got[i]), "element " + i);
        }
    }

    @ParameterizedTest(name = "K {0}")
    @ValueSource(ints = {1, 7, 499, 512, 1031, 2053})
    void linearMatmulIsExact(int k) {
        SplittableRandom r = new SplittableRandom(k);
        int m = 13, n = 37;
        byte[] a = Tensors.randomInt8(r, m * k), w = Tensors.randomInt8(r, n * k);
        int[] want = new int[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                long s = 0;
                for (int x = 0; x < k; x++) s += (long) a[i * k + x] * w[j * k + x];
                want[i * n + j] = (int) s;
            }
        try (Tensor at = Tensors.bytes(b, a, DType.I8, m, k); Tensor wt = Tensors.bytes(b, w, DType.I8, n, k)) {
            for (boolean v : new boolean[]{vec, false})
                try (Tensor c = Int8Kernels.linearMatmul(b, at, wt, v)) {
                    assertEquals(DType.I32, c.dtype());
                    assertArrayEquals(new long[]{m, n}, c.shape());
                    assertArrayEquals(want, Tensors.ints(c), "vector " + v);
                }
        }
    }

    /** The panel kernel on column sub-ranges of random shapes (padded rows, odd columns, K tails and K > 4096) against the plain loops. */
    @Test
    void panelKernelEqualsPlainLoopsOnRandomShapes() {
        if (!vec) return;
        SplittableRandom r = new SplittableRandom(41);
        for (int t = 0; t < 24; t++) {
            int m = 4 + r.nextInt(t < 20 ? 30 : 3), n = 1 + r.nextInt(40), k = t < 20 ? 1 + r.nextInt(600) : 4097 + r.nextInt(200);
            int n0 = r.nextInt(n), n1 = n0 + 1 + r.nextInt(n - n0);
            byte[] a = Tensors.randomInt8(r, m * k), w = Tensors.randomInt8(r, n * k);
            if (t % 3 == 0) { // extremes: lane sums near the float exactness bound
                java.util.Arrays.fill(a, (byte) -128);
                for (int i = 0; i < w.length; i++) w[i] = r.nextBoolean() ? (byte) -128 : 127;
            }
            java.lang.foreign.MemorySegment as = java.lang.foreign.MemorySegment.ofArray(a), ws = java.lang.foreign.MemorySegment.ofArray(w);
            int[] got = new int[m * n], want = new int[m * n];
            java.util.Arrays.fill(got, 7); // columns outside [n0, n1) must stay as they were
            java.util.Arrays.fill(want, 7);
            Int8GemmVec.panels(as, ws, java.lang.foreign.MemorySegment.ofArray(got), m, n, k, n0, n1);
            Int8Gemm.columns(as, ws, java.lang.foreign.MemorySegment.ofArray(want), m, n, k, n0, n1);
            assertArrayEquals(want, got, "m " + m + " n " + n + " k " + k + " columns " + n0 + ".." + n1);
        }
    }

    /**
     * The one-row-per-lane kernel on random shapes (partial panels, several panels, columns not a
     * multiple of its six, K tails and K over its 1024 block), serial and split over the pool,
     * against the plain loops; every third shape at the extremes, where a block's lane sums reach 2^24.
     */
    @Test
    void rowsInLanesKernelEqualsPlainLoopsOnRandomShapes() {
        if (!vec) return;
        SplittableRandom r = new SplittableRandom(43);
        for (int t = 0; t < 24; t++) {
            int m = FloatLanesVec.L + 1 + r.nextInt(60), n = 1 + r.nextInt(40), k = t < 16 ? 1 + r.nextInt(900) : 1024 + r.nextInt(1200);
            byte[] a = Tensors.randomInt8(r, m * k), w = Tensors.randomInt8(r, n * k);
            if (t % 3 == 0) { // sums of 2^14 per step, then odd products that a float past 2^24 would round away
                java.util.Arrays.fill(a, (byte) -128);
                java.util.Arrays.fill(w, (byte) -128);
                for (int i = 0; i < a.length; i++) if (i % k >= k * 3 / 4) a[i] = (byte) (1 + 2 * r.nextInt(3));
                for (int i = 0; i < w.length; i++) if (i % k >= k * 3 / 4) w[i] = 127;
            }
            java.lang.foreign.MemorySegment as = java.lang.foreign.MemorySegment.ofArray(a), ws = java.lang.foreign.MemorySegment.ofArray(w);
            int[] want = new int[m * n];
            Int8Gemm.columns(as, ws, java.lang.foreign.MemorySegment.ofArray(want), m, n, k, 0, n);
            for (long minParallel : new long[]{n, 1}) {
                int[] got = new int[m * n];
                java.util.Arrays.fill(got, 7); // every element must be written, not added to
                Int8GemmVec.rowsInLanes(as, ws, java.lang.foreign.MemorySegment.ofArray(got), m, n, k, minParallel);
                assertArrayEquals(want, got, "m " + m + " n " + n + " k " + k + " minParallel " + minParallel);
            }
        }
    }

    /**
     * Shapes where the widened rows of B span more than one part of the buffers (K over 16 Ki),
     * K is or is not a whole number of vectors (the next group widened during the tile, or before
     * it), and several groups of six follow each other, against the plain loops.
     */
    @Test
    void rowsInLanesKernelEqualsPlainLoopsAcrossWidenedParts() {
        if (!vec) return;
        SplittableRandom r = new SplittableRandom(44);
        int[][] shapes = {{17, 13, (1 << 14) + 24}, {17, 13, (1 << 14) + 1003}, {FloatLanesVec.L + 1, 20, 4096}, {40, 19, 2 * (1 << 14) + 64}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            byte[] a = Tensors.randomInt8(r, m * k), w = Tensors.randomInt8(r, n * k);
            java.lang.foreign.MemorySegment as = java.lang.foreign.MemorySegment.ofArray(a), ws = java.lang.foreign.MemorySegment.ofArray(w);
            int[] want = new int[m * n], got = new int[m * n];
            Int8Gemm.columns(as, ws, java.lang.foreign.MemorySegment.ofArray(want), m, n, k, 0, n);
            java.util.Arrays.fill(got, 7);
            Int8GemmVec.rowsInLanes(as, ws, java.lang.foreign.MemorySegment.ofArray(got), m, n, k, 1);
            assertArrayEquals(want, got, "m " + m + " n " + n + " k " + k);
        }
    }

    @Test
    void linearMatmulExtremesAcrossKBlocksAnd3d() {
        int k = 4100, n = 3;
        byte[] a = new byte[2 * 2 * k], w = new byte[n * k];
        java.util.Arrays.fill(a, (byte) -128);
        java.util.Arrays.fill(w, (byte) -128);
        for (int x = 0; x < k; x++) w[k + x] = 127;
        for (int x = 0; x < k; x++) a[k + x] = (byte) (x % 2 == 0 ? 127 : -128);
        try (Tensor at = Tensors.bytes(b, a, DType.I8, 2, 2, k); Tensor wt = Tensors.bytes(b, w, DType.I8, n, k);
             Tensor c = b.int8LinearMatmul(at, wt)) {
            assertArrayEquals(new long[]{2, 2, n}, c.shape());
            int[] got = Tensors.ints(c);
            assertEquals(k * 16384, got[0]);              // 67 174 400 > 2^24: needs the int32 block sums
            assertEquals(-k * 128 * 127, got[1]);
            assertEquals(k / 2 * (127 * -128) + k / 2 * 16384, got[3]);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F16", "BF16", "F32"})
    void mmDequantIsTheCudaFormulaRoundedOnceToF16(DType out) {
        SplittableRandom r = new SplittableRandom(5);
        int rows = 9, n = 21;
        int[] acc = new int[rows * n];
        for (int i = 0; i < acc.length; i++) acc[i] = r.nextInt(-2_000_000, 2_000_000);
        acc[0] = Integer.MAX_VALUE;
        float[] rs = new float[rows], cs = new float[n];
        for (int i = 0; i < rows; i++) rs[i] = (float) r.nextDouble(0.01, 20);
        for (int i = 0; i < n; i++) cs[i] = (float) r.nextDouble(0.01, 3);
        for (DType bt : new DType[]{null, DType.F16, DType.BF16, DType.F32}) {
            float[] bias = bt == null ? null : Tensors.randn(r, n, 1f, bt);
            try (Tensor a = Tensors.ints(b, acc, rows, n); Tensor rt = Tensors.floats(b, rs, DType.F32, rows);
                 Tensor ct = Tensors.floats(b, cs, DType.F32, n); Tensor bias_t = bt == null ? null : Tensors.floats(b, bias, bt, n);
                 Tensor o = b.int8MmDequant(a, rt, ct, out, bias_t)) {
                assertEquals(out, o.dtype());
                float[] got = Tensors.floats(o);
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < n; j++) {
                        float v = (float) acc[i * n + j] * rs[i] * cs[j];
                        // fmaf in double: v·c is exact in double, one rounding for the sum
                        float f = (float) ((double) v * 6.200012e-05f + (bias == null ? 0 : bias[j]));
                        float h = Float.float16ToFloat(Float.floatToFloat16(f));
                        float want = FloatLanes.round(h, out);
                        assertEquals(want, got[i * n + j], 0f, out + " bias " + bt + " at " + i + "," + j);
                    }
                assertEquals(Float.POSITIVE_INFINITY, got[0], "beyond 65504 overflows through F16 like CUDA");
            }
        }
    }

    /** TOLERANCES §4 test_int8_linear_matmul_half: dequantized int8 product vs the fp16 product, atol 0.025 rtol 0.05. */
    @Test
    void scaledMmApproximatesTheHalfMatmul() {
        SplittableRandom r = new SplittableRandom(9);
        int d = 32;
        float[] a = new float[d * d], w = new float[d * d];
        for (int i = 0; i < a.length; i++) a[i] = FloatLanes.round((float) (Tensors.gauss(r) * 0.5), DType.F16);
        double lim = Math.sqrt(6.0 / (d + d));
        for (int i = 0; i < w.length; i++) w[i] = FloatLanes.round((float) r.nextDouble(-lim, lim), DType.F16);
        try (Tensor at = Tensors.floats(b, a, DType.F16, d, d); Tensor wt = Tensors.floats(b, w, DType.F16, d, d);
             Int8Quantized qa = b.int8VectorwiseQuant(at, 0f); Int8Quantized qw = b.int8VectorwiseQuant(wt, 0f);
             Tensor o = b.int8ScaledMm(qa.data(), qw.data(), qa.rowStats(), qw.rowStats(), null, null)) {
            float[] got = Tensors.floats(o);
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) {
                    double s = 0;
                    for (int x = 0; x < d; x++) s += (double) a[i * d + x] * w[j * d + x];
                    float want = FloatLanes.round((float) s, DType.F16);
                    assertEquals(want, got[i * d + j], 0.025 + 0.05 * Math.abs(want));
                }
        }
    }

    @Test
    void doubleQuantRowPartIsVectorwiseAndColumnPartFollowsSpec() {
        SplittableRandom r = new SplittableRandom(13);
        int rows = 64, k = 96;
        for (float thr : new float[]{0f, 2f}) {
            float[] x = data(r, rows * k, DType.F16, 2.5f);
            try (Tensor a = Tensors.floats(b, x, DType.F16, rows, k); Int8DoubleQuantized dq = b.int8DoubleQuant(a, thr);
                 Int8Quantized vq = b.int8VectorwiseQuant(a, thr)) {
                assertArrayEquals(Tensors.bytes(vq.data()), Tensors.bytes(dq.rowData()));
                assertArrayEquals(Tensors.floats(vq.rowStats()), Tensors.floats(dq.rowStats()));
                if (thr == 0) assertNull(dq.outlierCols());
                else assertArrayEquals(Tensors.longs(vq.outlierCols()), Tensors.longs(dq.outlierCols()));
                float[] cs = Tensors.floats(dq.colStats());
                byte[] cq = Tensors.bytes(dq.colData());
                for (int c = 0; c < k; c++) {
                    float amax = 0;
                    for (int rr = 0; rr < rows; rr++) {
                        float ax = Math.abs(x[rr * k + c]);
                        if (!(thr > 0 && ax >= thr)) amax = Math.max(amax, ax);
                    }
                    assertEquals(amax, cs[c], 0f, "colStats[" + c + "] is the column absmax");
                    for (int rr = 0; rr < rows; rr++) {
                        float v = x[rr * k + c];
                        boolean outlier = thr > 0 && Math.abs(v) >= thr;
                        int want = outlier || amax == 0 ? 0 : (int) Math.rint(FloatLanes.round(v * 127f, DType.F16) / amax);
                        assertEquals(want, cq[rr * k + c], "col code " + rr + "," + c);
                        // TOLERANCES §4 test_int8_double_quant: within ±1 of round(x·127/absmax)
                        if (!outlier && amax > 0) assertTrue(Math.abs(cq[rr * k + c] - Math.rint(v * 127.0 / amax)) <= 1);
                    }
                }
            }
        }
    }

    @Test
    void mixedScaledMmAddsOutlierColumnsThroughDequantizedWeights() {
        SplittableRandom r = new SplittableRandom(17);
        int rows = 12, k = 64, n = 20;
        float[] x = Tensors.randn(r, rows * k, 1f, DType.F16);
        for (int i = 0; i < rows; i++) x[i * k + 5] = FloatLanes.round(8f + i, DType.F16);
        x[3 * k + 40] = -9f;
        float[] w = Tensors.randn(r, n * k, 0.1f, DType.F16);
        float[] bias = Tensors.randn(r, n, 0.1f, DType.F16);
        try (Tensor a = Tensors.floats(b, x, DType.F16, rows, k); Tensor wt = Tensors.floats(b, w, DType.F16, n, k);
             Tensor bt = Tensors.floats(b, bias, DType.F16, n);
             Int8Quantized qw = b.int8VectorwiseQuant(wt, 0f); Int8Quantized qa = b.int8VectorwiseQuant(a, 6f);
             MixedMatmul mm = b.int8MixedScaledMm(a, qa.data(), qw.data(), qa.rowStats(), qw.rowStats(), qa.outlierCols(), bt);
             Tensor plain = b.int8ScaledMm(qa.data(), qw.data(), qa.rowStats(), qw.rowStats(), bt, DType.F16)) {
            long[] cols = Tensors.longs(qa.outlierCols());
            assertArrayEquals(new long[]{5, 40}, cols);
            float[] subA = Tensors.floats(mm.subA());
            assertArrayEquals(new long[]{rows, 2}, mm.subA().shape());
            for (int i = 0; i < rows; i++) {
                assertEquals(x[i * k + 5], subA[2 * i]);
                assertEquals(x[i * k + 40], subA[2 * i + 1]);
            }
            float[] got = Tensors.floats(mm.out()), base = Tensors.floats(plain), scb = Tensors.floats(qw.rowStats());
            byte[] cb = Tensors.bytes(qw.data());
            float c127 = (float) (1.0 / 127.0);
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < n; j++) {
                    double s = base[i * n + j];
                    for (long c : cols) s += (double) x[i * k + (int) c] * FloatLanes.round(cb[j * k + (int) c] * scb[j] * c127, DType.F16);
                    assertEquals(FloatLanes.round((float) s, DType.F16), got[i * n + j], 0f, i + "," + j);
                    // and the whole thing approximates the fp16 layer (TOLERANCES §5 test_linear_no_igemmlt-like bar)
                    double exact = bias[j];
                    for (int c = 0; c < k; c++) exact += (double) x[i * k + c] * w[j * k + c];
                    assertEquals(exact, got[i * n + j], 0.05 + 0.02 * Math.abs(exact));
                }
        }
        // without outliers: subA is an empty [0] tensor and out is the plain scaled matmul
        try (Tensor a = Tensors.floats(b, x, DType.F16, rows, k); Tensor wt = Tensors.floats(b, w, DType.F16, n, k);
             Int8Quantized qw = b.int8VectorwiseQuant(wt, 0f); Int8Quantized qa = b.int8VectorwiseQuant(a, 100f);
             MixedMatmul mm = b.int8MixedScaledMm(a, qa.data(), qw.data(), qa.rowStats(), qw.rowStats(), qa.outlierCols(), null);
             Tensor plain = b.int8ScaledMm(qa.data(), qw.data(), qa.rowStats(), qw.rowStats(), null, DType.F16)) {
            assertArrayEquals(new long[]{0}, mm.subA().shape());
            assertArrayEquals(Tensors.bytes(plain), Tensors.bytes(mm.out()));
        }
    }
}
