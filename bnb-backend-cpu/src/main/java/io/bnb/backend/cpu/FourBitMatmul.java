package io.bnb.backend.cpu;

import io.bnb.api.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * gemv_4bit and gemm_4bit (spec OPS.md §4, §5) in two modes. Work is split over output features
 * (weight rows) in both.
 *
 * <p>{@link Mode#EXACT}: the arithmetic of the CUDA kernels on sm80+, which the upstream goldens
 * reproduce exactly: the 16-entry code and the block scale are held in the activation dtype T,
 * their product is rounded to T (the dequantized weight), each activation-weight product is
 * rounded to T, products are summed in float32, and the sum (plus the bias, in float32) is
 * rounded once to T. For F32 every step is float32 and the products are fused into the sum.
 *
 * <p>{@link Mode#FAST} (the default): float32 products fused into float32 sums, no rounding of
 * products — what {@code linear(A, dequantize_4bit(W))} computes, which is the reference of
 * upstream's own bars (TOLERANCES.md §3); upstream's CPU gemv is not bit-identical to CUDA either.
 * The weight is {@code T(code * scale)} (the dequantized value), except in the one-row kernels:
 * {@code bf16(code) * scale} unrounded for BF16 ({@link FourBitGemvBf16}), {@code code * scale}
 * unrounded for F32 and F16 ({@link FourBitGemvF32}). The sum is rounded once to T as in the exact
 * mode. Select with {@code -Dbnb.cpu.gemv=exact|fast}.
 */
final class FourBitMatmul {
    private FourBitMatmul() {}

    /** How products are formed and rounded (see the class comment). */
    enum Mode {
        EXACT, FAST;

        /** {@code -Dbnb.cpu.gemv=exact} or {@code fast} (default). */
        static Mode fromProperty() {
            String v = System.getProperty("bnb.cpu.gemv", "fast");
            return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "exact" -> EXACT;
                case "fast", "" -> FAST;
                default -> throw new IllegalArgumentException("bnb.cpu.gemv must be 'exact' or 'fast', not '" + v + "'");
            };
        }
    }

    /** Rows of W below which the op stays on the caller's thread (scaled by K). */
    static final long MIN_PARALLEL_WEIGHTS = 1 << 16;

    /** Where block scales come from: a float32 absmax, or the double-quantized form. */
    record Scales(MemorySegment absmax, MemorySegment codes, float[] code, float offset) {
        static Scales plain(MemorySegment absmax) { return new Scales(absmax, null, null, 0f); }

        /** Block {@code blk}'s scale in float32: code[codes[blk]] * absmax2[blk / 256] + offset when nested. */
        float of(long blk) {
            if (codes == null) return absmax.getAtIndex(Elements.F32, blk);
            int q = codes.get(ValueLayout.JAVA_BYTE, blk) & 0xff;
            return code[q] * absmax.getAtIndex(Elements.F32, blk >>> 8) + offset;
        }

        /**
         * The scales of blocks {@code [b0, b0 + count)} into {@code dst[0, count)}, the same values as
         * {@link #of}. Kernels read a row's scales up front: a call of {@link #of} inside a vector
         * loop is not inlined there and spills every live vector around it.
         */
        void fill(long b0, int count, float[] dst) {
            if (codes == null) {
                MemorySegment.copy(absmax, Elements.F32, b0 * 4, dst, 0, count);
                return;
            }
            for (int i = 0; i < count; i++) dst[i] = of(b0 + i);
        }
    }

    static Tensor gemv(CpuBackend b, Tensor a, Tensor packed, long[] shapeB, Tensor absmax, Tensor code, int blocksize) {
        return run(b, a, packed, shapeB, Scales.plain(CpuBackend.seg(absmax)), b.downloadFloats(code), blocksize, null);
    }

    static Tensor gemm(CpuBackend b, Tensor a, Tensor packed, long[] shapeB, Tensor absmax, int blocksize, QuantType quantType,
                       Tensor bias, NestedAbsmax nested) {
        Scales scales = nested == null ? Scales.plain(CpuBackend.seg(absmax))
                : new Scales(CpuBackend.seg(absmax), CpuBackend.seg(nested.codes()), b.downloadFloats(nested.code()), nested.offset());
        float[] biasF = bias == null ? null : b.downloadFloats(bias);
        return run(b, a, packed, shapeB, scales, FourBitCodes.dequantLut(quantType), blocksize, biasF);
    }



    private static Tensor run(CpuBackend b, Tensor a, Tensor packed, long[] shapeB, Scales scales, float[] code, int bs, float[] bias) {
        int n = Math.toIntExact(shapeB[0]);
        int k = Math.toIntExact(shapeB[1]);
        long[] outShape = a.shape();
        outShape[outShape.length - 1] = n;
        int m = Math.toIntExact(a.numel() / Math.max(1, k));
        DType t = a.dtype();
        Tensor out = b.allocate(t, outShape);
        if (m == 0 || n == 0) return out;
        float[] x = HostArrays.toFloats(CpuBackend.seg(a), t);
        compute(x, m, k, CpuBackend.seg(packed), n, bs, scales, code, t, bias, CpuBackend.seg(out), b.matmul4Mode());
        return out;
    }

    /**
     * Whether {@link #compute} takes a one-row BF16 kernel: with {@code fast} {@link FourBitGemvBf16#rows},
     * its 512-bit twin or {@link FourBitGemvBf16Bytes#rows} (weights bf16(code) * scale), else
     * {@link FourBitGemvBf16#rowsExact}.
     */
    static boolean usesBf16Row(int m, int k, int bs, DType t, boolean fast) {
        return Simd.ENABLED && Vec.USABLE && m == 1 && t == DType.BF16
                && (fast ? FourBitGemvBf16.handles(k, bs) : FourBitGemvBf16.handlesExact(k, bs));
    }

    /** Whether {@link #compute} takes {@link FourBitGemvF32#rows} (weights code * scale): one F32 or F16 row in the fast mode. */
    static boolean usesF32Row(int m, int k, int bs, DType t, boolean fast) {
        return Simd.ENABLED && Vec.USABLE && fast && m == 1 && (t == DType.F32 || t == DType.F16) && FourBitGemvF32.serves(k, bs);
    }

    /** Whether {@link #compute} takes the vector kernels: {@link FourBitMatmulVec} needs K a multiple of 16. */
    static boolean vectorRows(int k) { return Simd.ENABLED && Vec.USABLE && k % 16 == 0; }

    /**
     * Whether the fast mode's weights are {@code code * scale} unrounded rather than T(code * scale):
     * one F32 or F16 row on the vector path, in {@link FourBitGemvF32#rows} (which {@link #usesF32Row}
     * admits only for K a multiple of 128) or in {@link FourBitMatmulVec}'s fused row.
     */
    static boolean unroundedWeights(int m, int k, DType t) {
        return vectorRows(k) && m == 1 && (t == DType.F32 || t == DType.F16);
    }

    /** The kernel of one activation row that {@link #compute} takes, or {@link #NONE} (any other shape or dtype). */
    private enum OneRow {
        /** {@link FourBitMatmulVec} or the scalar rows. */
        NONE,
        /** {@link FourBitGemvBf16#rowsExact} ({@link Mode#EXACT}). */
        EXACT,
        /** {@link FourBitGemvBf16#rows}: bf16 word lookups, where the JIT has AVX-512 and the float kernels are 256-bit. */
        WORDS,
        /** {@link FourBitGemvBf16Bytes#rows}: 256-bit byte tables, without AVX-512. */
        BYTES,
        /** {@link FourBitGemvBf16Wide#rows}: 512-bit byte tables, where the float kernels are 512-bit. */
        WIDE_BYTES,
        /** {@link FourBitGemvF32#rows}: one F32 or F16 row, float32 code lookups, where the JIT has AVX-512. */
        FLOATS;

        static OneRow of(int m, int k, int bs, DType t, boolean fast) {
            if (usesF32Row(m, k, bs, t, fast)) return FLOATS;
            if (!usesBf16Row(m, k, bs, t, fast)) return NONE;
            if (!fast) return EXACT;
            // the vector classes are touched only past this point: the scalar path must not load them
            if (FourBitGemvBf16Wide.serves(k, bs)) return WIDE_BYTES;
            return FourBitGemvBf16.WORDS ? WORDS : BYTES;
        }

        /** The activations in this kernel's order (null for {@link #NONE}): byte tables at 16, 8 or 4 lanes, or words. */
        float[] order(float[] x, int k) {
            return switch (this) {
                case NONE -> null;
                case WORDS -> FourBitGemvBf16.permuteWords(x, k);
                case WIDE_BYTES -> FourBitGemvBf16.permute(x, k, FourBitGemvBf16Wide.LANES);
                case BYTES -> FourBitGemvBf16.permute(x, k, FourBitGemvBf16.WIDE);
                case EXACT -> FourBitGemvBf16.permute(x, k, FourBitGemvBf16.NARROW);
                case FLOATS -> FourBitGemvF32.permute(x, k);
            };
        }
    }

    /**
     * Per thread: a task's sums (every one written before it is read), and the exact BF16 path's
     * block tables, byte lookups and row of weights (written per row before read).
     */
    private static final ChunkScratch TASKS = new ChunkScratch(2, 0, 2);

    /**
     * {@code out[i, j] = T(sum_k T(x[i, k] * W[j, k]) + bias[j])} for {@code m} activation rows
     * {@code x} (already widened to float) and the packed {@code [n, k]} weight.
     */
    static void compute(float[] x, int m, int k, MemorySegment packed, int n, int bs, Scales scales, float[] code, DType t,
                        float[] bias, MemorySegment out, Mode mode) {
        boolean vector = vectorRows(k);
        boolean fast = mode == Mode.FAST;
        OneRow row = OneRow.of(m, k, bs, t, fast);
        float[] xp = row.order(x, k);
        short[] tables = row == OneRow.WORDS ? FourBitGemvBf16.tables(code) : null;
        byte[] byteTables = row == OneRow.WIDE_BYTES ? FourBitGemvBf16Wide.tables(code)
                : row == OneRow.BYTES ? FourBitGemvBf16Bytes.tables(code) : null;
        float[] codeT = new float[16];
        for (int c = 0; c < 16; c++) codeT[c] = fast ? code[c] : Elements.round(code[c], t);
        long grainRows = Math.max(1, MIN_PARALLEL_WEIGHTS / Math.max(1, (long) k * m));
        // two rows or more in the fast mode: the activations ordered (many rows: also transposed) once, shared by the tasks
        boolean lanes = vector && fast && FloatTiles.rowsInLanesPay(m);
        MemorySegment at = lanes ? FourBitMatmulVec.lanesActivations(x, m, k, bs, t) : null;
        float[] xs = vector && fast && m >= 2 && !lanes ? FourBitMatmulVec.orderedActivations(x, m, k, bs, t) : null;
        try {
            Parallel.forRange(n, 1, grainRows, (r0, r1) -> {
                float[] sums = TASKS.floatsAtLeast(0, m * (int) (r1 - r0));
                switch (row) {
                    case WIDE_BYTES -> FourBitGemvBf16Wide.rows(xp, k, packed, (int) r0, (int) r1, bs, scales, byteTables, sums);
                    case WORDS -> FourBitGemvBf16.rows(xp, k, packed, (int) r0, (int) r1, bs, scales, tables, sums);
                    case BYTES -> FourBitGemvBf16Bytes.rows(xp, k, packed, (int) r0, (int) r1, bs, scales, byteTables, sums);
                    case FLOATS -> FourBitGemvF32.rows(xp, k, packed, (int) r0, (int) r1, bs, scales, code, sums);
                    case EXACT -> FourBitGemvBf16.rowsExact(xp, k, packed, (int) r0, (int) r1, bs, scales, codeT,
                            TASKS.bytesAtLeast(0, FourBitGemvBf16.exactTableBytes(k)),
                            TASKS.bytesAtLeast(1, FourBitGemvBf16.lookedBytes(k)), TASKS.floats(1, k), sums);
                    case NONE -> {
                        if (vector) FourBitMatmulVec.rows(x, m, k, packed, (int) r0, (int) r1, bs, scales, codeT, t, sums, fast, at, xs);
                        else rowsScalar(x, m, k, packed, (int) r0, (int) r1, bs, scales, codeT, t, sums, fast);
                    }
                }
                int rows = (int) (r1 - r0);
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < rows; j++) {
                        float s = sums[i * rows + j];
                        if (bias != null) s += bias[(int) r0 + j];
                        Elements.put(out, t, (long) i * n + r0 + j, s);
                    }
            });
        } finally {
            if (at != null) NativeScratch.give(at);
        }
    }

    /**
     * The dequantized weights of one block: {@code T(codeT[c] * T(scale))}, or with {@code fast}
     * {@code T(code[c] * scale)} (what dequantize_4bit gives).
     */
    static void blockWeights(float[] codeT, float scale, DType t, float[] w, boolean fast) {
        float s = fast ? scale : Elements.round(scale, t);
        for (int c = 0; c < 16; c++) w[c] = Elements.round(codeT[c] * s, t);
    }

    /**
     * Scalar reference for weight rows {@code [r0, r1)}, any K and alignment: writes the float32
     * sums (before bias and the final rounding) to {@code sums[i * (r1 - r0) + (row - r0)]}.
     */
    static void rowsScalar(float[] x, int m, int k, MemorySegment packed, int r0, int r1, int bs, Scales scales, float[] codeT, DType t,
                           float[] sums, boolean fast) {
        packed = Segments.nativeSegment(packed);
        boolean fused = fast || t == DType.F32;
        int rows = r1 - r0;
        float[] w = new float[16];
        float[] acc = new float[m];
        for (int row = r0; row < r1; row++) {
            java.util.Arrays.fill(acc, 0f);
            long lastBlk = -1;
            for (int kk = 0; kk < k; kk++) {
                long f = (long) row * k + kk;
                long blk = f / bs;
                if (blk != lastBlk) {
                    blockWeights(codeT, scales.of(blk), t, w, fast);
                    lastBlk = blk;
                }
                int by = packed.get(ValueLayout.JAVA_BYTE, f >>> 1);
                float wv = w[(f & 1) == 0 ? (by >>> 4) & 15 : by & 15];
                for (int i = 0; i < m; i++) {
                    float xv = x[i * k + kk];
                    acc[i] = fused ? Math.fma(xv, wv, acc[i]) : acc[i] + Elements.round(xv * wv, t);
                }
            }
            for (int i = 0; i < m; i++) sums[i * rows + (row - r0)] = acc[i];
        }
    }
}
