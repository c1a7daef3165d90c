package io.bnb.backend.cpu;

import io.bnb.api.*;

import java.lang.foreign.MemorySegment;

/**
 * The LLM.int8 family (spec OPS.md §6, §7). Arguments arrive validated by
 * {@link io.bnb.spi.Checks}; the few checks that need tensor contents or sizes beyond int
 * (outlier indices, dimensions past 2^31) are done here before anything is allocated or written.
 *
 * <p>Differences from upstream, on purpose:
 * <ul>
 *   <li>{@code int8VectorwiseQuant} and {@code int8DoubleQuant} accept F16, BF16 and F32 input
 *       (CUDA requires F16); the arithmetic is the same float32 arithmetic for every dtype.</li>
 *   <li>A row (or column) whose absmax is 0 gets codes 0 and stat 0 (CUDA writes 0 codes from a
 *       NaN scale; the default backend is undefined there).</li>
 *   <li>{@code int8MmDequant} rounds {@code fma((A·row)·col, 6.200012e-05f, bias)} once to F16 for
 *       every bias dtype (CUDA fuses only an F16 bias and adds others after the F16 rounding),
 *       then converts to the requested dtype.</li>
 *   <li>{@code int8MixedScaledMm} models torch's {@code addmm} in A's dtype as the int8 result
 *       plus the outlier products (each exact), summed in double and rounded once to A's dtype.
 *       cuBLAS accumulates on tensor cores in an unspecified order with float32-or-less internal
 *       precision, so a result near a rounding boundary can differ by one unit in the last place:
 *       5 of the 12 288 recorded H100 outputs (62 outlier columns) do, against 11 for a plain
 *       float32 sum in column order.</li>
 *   <li>{@code int8DoubleQuant}'s column codes use {@code round_dtype(x·127) / colStat} like
 *       upstream, except that a product that overflows the dtype is taken in float32/double
 *       instead of becoming infinite.</li>
 * </ul>
 */
final class Int8Kernels {
    /** Each thread's column maxima of its rows, merged into the call's after each chunk. */
    private static final ChunkScratch COLUMN_MAX = new ChunkScratch(1, 0);

    private Int8Kernels() {}

    /** f32(1/127), the literal upstream's vectorwise dequant multiplies by. */
    static final float INV127 = (float) 7.874015718698502e-3;
    /** The mm-dequant constant of the CUDA kernel (≈ 1/127²). */
    static final float MM_DEQUANT_SCALE = 6.200012e-05f;

    static Int8Quantized vectorwiseQuant(CpuBackend b, Tensor a, float threshold) {
        return vectorwiseQuant(b, a, threshold, FloatLanes.VECTOR);
    }

    static Int8Quantized vectorwiseQuant(CpuBackend b, Tensor a, float threshold, boolean vector) {
        int k = lastDim(a, "A");
        long rows = rows(a, k);
        Tensor q = b.output(DType.I8, a.shape());
        Tensor stats = b.output(DType.F32, rows);
        Tensor cols = null;
        try {
            int[] outliers = quantizeRows(CpuBackend.seg(a), a.dtype(), k, rows, threshold, CpuBackend.seg(q), CpuBackend.seg(stats), vector);
            if (outliers != null) cols = longs(b, outliers);
            return new Int8Quantized(q, stats, cols);
        } catch (RuntimeException | Error e) {
            q.close();
            stats.close();
            throw e;
        }
    }

    /** Row quantization incl. outlier columns zeroed when rows > 1; returns the outlier columns (null for threshold 0). */
    private static int[] quantizeRows(MemorySegment a, DType t, int k, long rows, float threshold,
                                      MemorySegment q, MemorySegment stats, boolean vector) {
        boolean[] outlier = threshold > 0 ? new boolean[k] : null;
        Parallel.forRange(rows, 1, minRows(k), (r0, r1) -> quantizeRows(a, t, k, r0, r1, threshold, q, stats, outlier, vector));
        return outlierColumns(q, k, rows, outlier);
    }

    /** Rows per task of the row passes: about 64 Ki elements. */
    private static long minRows(int k) { return Math.max(1, (1L << 16) / Math.max(1, k)); }

    private static void quantizeRows(MemorySegment a, DType t, int k, long r0, long r1, float threshold,
                                     MemorySegment q, MemorySegment stats, boolean[] outlier, boolean vector) {
        if (vector) Int8RowsVec.quantize(a, t, k, r0, r1, threshold, q, stats, outlier);
        else Int8Rows.quantize(a, t, k, r0, r1, threshold, q, stats, outlier);
    }

    /** The flagged outlier columns (null without a threshold), their codes zeroed in every row. */
    private static int[] outlierColumns(MemorySegment q, int k, long rows, boolean[] outlier) {
        if (outlier == null) return null;
        int[] cols = Int8Rows.flagged(outlier);
        if (rows > 1 && cols.length > 0)
            Parallel.forRange(rows, 1, minRows(k), (r0, r1) -> Int8Rows.zeroColumns(q, k, r0, r1, cols));
        return cols;
    }

    static Tensor vectorwiseDequant(CpuBackend b, Tensor a, Tensor stats) {
        int k = lastDim(a, "A");
        long rows = rows(a, k);
        Tensor out = b.output(DType.F32, a.shape());
        MemorySegment src = CpuBackend.seg(a), s = CpuBackend.seg(stats), dst = CpuBackend.seg(out);
        boolean vector = FloatLanes.VECTOR;
        Parallel.forRange(rows, 1, minRows(k), (r0, r1) -> {
            for (long r = r0; r < r1; r++) {
                float st = s.getAtIndex(FloatLanes.F32, r);
                long base = r * k;
                int c = vector ? Int8RowsVec.dequantize(src, base, k, st, dst) : 0;
                for (; c < k; c++)
                    dst.setAtIndex(FloatLanes.F32, base + c, src.get(FloatLanes.I8, base + c) * st * INV127);
            }
        });
        return out;
    }

    static Tensor linearMatmul(CpuBackend b, Tensor a, Tensor bm) {
        return linearMatmul(b, a, bm, FloatLanes.VECTOR);
    }

    static Tensor linearMatmul(CpuBackend b, Tensor a, Tensor bm, boolean vector) {
        int k = lastDim(a, "A");
        int m = Math.toIntExact(rows(a, k));
        int n = intDim(bm.size(0), "B's first dimension");
        long[] shape = a.shape();
        shape[shape.length - 1] = n;
        Tensor c = b.allocate(DType.I32, shape);
        if (k == 0) {
            CpuBackend.seg(c).fill((byte) 0);
            return c;
        }
        Int8Gemm.multiply(CpuBackend.seg(a), CpuBackend.seg(bm), CpuBackend.seg(c), m, n, k, vector);
        return c;
    }

    static Tensor mmDequant(CpuBackend b, Tensor a, Tensor rowStats, Tensor colStats, DType dtype, Tensor bias) {
        int n = lastDim(a, "A");
        long rows = rows(a, n);
        float[] col = HostArrays.toFloats(CpuBackend.seg(colStats), DType.F32);
        float[] bf = bias == null ? new float[n] : HostArrays.toFloats(CpuBackend.seg(bias), bias.dtype());
        Tensor out = b.output(dtype, a.shape());
        MemorySegment acc = CpuBackend.seg(a), rs = CpuBackend.seg(rowStats), dst = CpuBackend.seg(out);
        boolean vector = FloatLanes.VECTOR;
        Parallel.forRange(rows, 1, Math.max(1, (1L << 15) / Math.max(1, n)), (r0, r1) -> {
            if (vector) {
                Int8RowsVec.mmDequant(acc, rs, col, bf, MM_DEQUANT_SCALE, n, r0, r1, dtype, dst, MM_ROW.floats(0, n));
                return;
            }
            for (long r = r0; r < r1; r++) {
                float row = rs.getAtIndex(FloatLanes.F32, r);
                long base = r * n;
                for (int c = 0; c < n; c++) {
                    float v = Math.fma(acc.getAtIndex(FloatLanes.I32, base + c) * row * col[c], MM_DEQUANT_SCALE, bf[c]);
                    short h = Float.floatToFloat16(v);
                    if (dtype == DType.F16) dst.setAtIndex(FloatLanes.I16, base + c, h);
                    else FloatLanes.put(dst, dtype, base + c, Float.float16ToFloat(h));
                }
            }
        });
        return out;
    }

    /** The float row of {@link Int8RowsVec#mmDequant}, per thread. */
    private static final ChunkScratch MM_ROW = new ChunkScratch(1, 0);

    static Int8DoubleQuantized doubleQuant(CpuBackend b, Tensor a, float threshold) {
        int k = lastDim(a, "A");
        long rows = rows(a, k);
        DType t = a.dtype();
        // every element of the four is written below (no zero fill)
        Tensor rowQ = b.output(DType.I8, a.shape());
        Tensor colQ = b.output(DType.I8, a.shape());
        Tensor rowStats = b.output(DType.F32, rows);
        Tensor colStats = b.output(DType.F32, k);
        try {
            MemorySegment src = CpuBackend.seg(a), rq = CpuBackend.seg(rowQ), rs = CpuBackend.seg(rowStats);
            MemorySegment cq = CpuBackend.seg(colQ), cs = CpuBackend.seg(colStats);
            boolean rowVector = FloatLanes.VECTOR, vector = Simd.ENABLED && Vec.USABLE;
            boolean[] outlier = threshold > 0 ? new boolean[k] : null;
            float[] colMax = new float[k];
            // one pass for the row codes and the column maxima: each group of rows is read again for
            // its maxima while it is still in cache (a pass of its own read the input from memory again)
            long group = Math.max(1, (1L << 16) / Math.max(1, (long) k * t.byteSize()));
            Parallel.forRange(rows, 1, minRows(k), (r0, r1) -> {
                float[] m = COLUMN_MAX.floats(0, k);
                java.util.Arrays.fill(m, 0f);
                Int8ColumnsVec.Maxima x = vector ? Int8ColumnsVec.maxima() : null;
                if (x != null) x.clear(t, k);
                for (long g0 = r0; g0 < r1; g0 += group) {
                    long g1 = Math.min(r1, g0 + group);
                    quantizeRows(src, t, k, g0, g1, threshold, rq, rs, outlier, rowVector);
                    if (x != null) Int8ColumnsVec.raise(src, t, k, g0, g1, threshold, x, m);
                    else Int8Columns.absmax(src, t, k, g0, g1, threshold, m, false);
                }
                if (x != null) x.mergeInto(m);
                synchronized (colMax) {
                    for (int c = 0; c < k; c++) colMax[c] = Math.max(colMax[c], m[c]);
                }
            });
            int[] outliers = outlierColumns(rq, k, rows, outlier);
            MemorySegment.copy(colMax, 0, cs, FloatLanes.F32, 0, k);
            long grain = Math.max(1, (1L << 15) / Math.max(1, k));  // rows per task: about 32 Ki elements
            Parallel.forRange(rows, 1, grain, (r0, r1) -> Int8Columns.codes(src, t, k, r0, r1, threshold, colMax, cq, vector));
            Tensor cols = outliers == null ? null : longs(b, outliers);
            return new Int8DoubleQuantized(rowQ, colQ, rowStats, colStats, cols);
        } catch (RuntimeException | Error e) {
            rowQ.close();
            colQ.close();
            rowStats.close();
            colStats.close();
            throw e;
        }
    }

    static MixedMatmul mixedScaledMm(CpuBackend b, Tensor a, Tensor ca, Tensor cb, Tensor sca, Tensor scb, Tensor outlierCols, Tensor bias) {
        int k = lastDim(a, "A");
        long rows = rows(a, k);
        if (cb.size(1) != k) throw new IllegalArgumentException("CB must have A's last dimension " + k + ", got shape " + Shapes.str(cb.shape()));
        if (bias != null) io.bnb.spi.Checks.dtype(bias, "bias", DType.F16, DType.BF16, DType.F32);
        int[] cols = outlierCols == null ? new int[0] : columns(outlierCols, k);
        DType t = a.dtype();
        int n = intDim(cb.size(0), "CB's first dimension");
        Tensor out = b.int8ScaledMm(ca, cb, sca, scb, bias, t);
        if (cols.length == 0) return new MixedMatmul(out, b.allocate(t, 0));
        long[] subShape = a.shape();
        subShape[subShape.length - 1] = cols.length;
        Tensor subA = b.allocate(t, subShape);
        MemorySegment src = CpuBackend.seg(a), sa = CpuBackend.seg(subA), w = CpuBackend.seg(cb), o = CpuBackend.seg(out);
        for (long r = 0; r < rows; r++)
            for (int j = 0; j < cols.length; j++)
                FloatLanes.put(sa, t, r * cols.length + j, FloatLanes.get(src, t, r * k + cols[j]));
        // subB[j][c]: the dequantized int8 weight column, rounded to A's dtype (vectorwise dequant, then .to(dtype))
        float[] scbv = HostArrays.toFloats(CpuBackend.seg(scb), DType.F32);
        float[] subB = new float[cols.length * n];
        for (int c = 0; c < n; c++)
            for (int j = 0; j < cols.length; j++)
                subB[j * n + c] = FloatLanes.round(w.get(FloatLanes.I8, (long) c * k + cols[j]) * scbv[c] * INV127, t);
        int nOut = cols.length;
        Parallel.forRange(rows, 1, Math.max(1, (1L << 14) / Math.max(1, (long) n * nOut)), (r0, r1) -> {
            float[] arow = new float[nOut];
            for (long r = r0; r < r1; r++) {
                for (int j = 0; j < nOut; j++) arow[j] = FloatLanes.get(sa, t, r * nOut + j);
                for (int c = 0; c < n; c++) {
                    double acc = FloatLanes.get(o, t, r * n + c);
                    for (int j = 0; j < nOut; j++) acc += (double) arow[j] * subB[j * n + c];
                    FloatLanes.put(o, t, r * n + c, roundToOdd(acc));
                }
            }
        });
        return new MixedMatmul(out, subA);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * {@code v} rounded to float with round-to-odd, so that a following round-to-nearest-even
     * to F16/BF16 equals rounding {@code v} directly (no double-rounding ties).
     */
    static float roundToOdd(double v) {
        float f = (float) v;
        if (f != v && (Float.floatToRawIntBits(f) & 1) == 0 && !Float.isNaN(f)) f = f > v ? Math.nextDown(f) : Math.nextUp(f);
        return f;
    }

    /** Outlier column indices as ints, each checked to lie in {@code [0, k)}. */
    private static int[] columns(Tensor outlierCols, int k) {
        long[] v = HostArrays.toLongs(CpuBackend.seg(outlierCols), outlierCols.dtype());
        int[] cols = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] >= k)
                throw new IllegalArgumentException("outlierCols[" + i + "] = " + v[i] + " is outside [0, " + k + ")");
            cols[i] = (int) v[i];
        }
        return cols;
    }

    private static Tensor longs(CpuBackend b, int[] values) {
        Tensor t = b.allocate(DType.I64, values.length);
        MemorySegment s = CpuBackend.seg(t);
        for (int i = 0; i < values.length; i++) s.setAtIndex(FloatLanes.I64, i, values[i]);
        return t;
    }

    private static int lastDim(Tensor t, String name) {
        return intDim(t.size(-1), name + "'s last dimension");
    }

    private static int intDim(long d, String what) {
        if (d > Integer.MAX_VALUE - 64) throw new IllegalArgumentException(what + " " + d + " exceeds " + (Integer.MAX_VALUE - 64));
        return (int) d;
    }

    /** Rows of {@code [..., k]} (as {@link io.bnb.spi.Checks} counts them: 0 when k is 0). */
    private static long rows(Tensor t, int k) {
        return t.numel() / Math.max(1, k);
    }

}
