package io.bnb.backend.cpu;

import io.bnb.api.*;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * gemv_4bit / gemm_4bit in the default fast mode (float32 products fused into float32 sums):
 * against an independent double-precision sum of the weights each kernel is documented to use
 * (bar as in {@link MatmulGoldenTest}: one ulp of T plus 16 float32 ulps of sum|x*w|), under
 * upstream's test_gemv_4bit bars against dequantize + linear (TOLERANCES.md §3, both dim ranges),
 * and lossless on the identity weight (test_gemv_eye_4bit).
 */
class MatmulFastTest {
    static final CpuBackend B = new CpuBackend(FourBitMatmul.Mode.FAST);

    /** The one-row BF16 kernel: weight bf16(code) * scale, unrounded; several block sizes, codes, a parallel split. */
    @Test
    void bf16RowKernelMatchesAnIndependentSum() {
        Random r = new Random(21);
        // {100, 192, 4096}: one task of 100 rows, so the kernel reads the scales of several row
        // batches, and a batch starts inside a block
        // k a multiple of 128 ({96, 1024}, {37, 384}) takes the 512-bit kernel where 512-bit vectors are native or forced
        int[][] shapes = {{96, 1024, 0}, {40, 192, 0}, {7, 64, 0}, {33, 320, 0}, {100, 192, 4096}, {37, 384, 0}};
        for (int[] s : shapes)
            for (int bs : s[2] > 0 ? new int[] {s[2]} : new int[] {64, 128, 256})
                for (QuantType type : QuantType.values()) {
                    int n = s[0], k = s[1];
                    float[] w = new float[n * k], x = new float[k];
                    for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextGaussian() / Math.sqrt(k));
                    for (int i = 0; i < k; i++) x[i] = (float) r.nextGaussian();
                    if (n == 7) { // edge values: signed zeros, an all-zero weight block (absmax 0), large and tiny activations
                        x[3] = -0f;
                        x[4] = 0f;
                        x[5] = 3e30f;
                        x[6] = -1e-30f;
                        java.util.Arrays.fill(w, 2 * k, 2 * k + Math.min(bs, k), 0f);
                    }
                    float[] code = type.code().clone();
                    if (bs == 256) code[5] = 0.3333f; // a custom code is used as given
                    // without the Vector API the scalar path runs instead, with its own weights
                    check(x, w, n, k, bs, type, code, DType.BF16, Weight.of(1, k, bs, DType.BF16),
                            "bf16 kernel " + n + "x" + k + " bs" + bs + " " + type);
                }
    }

    /**
     * The one-row kernels that a machine may not pick, called directly so that each runs anywhere
     * (emulated where the instructions are missing): the 512-bit byte-table kernel (Intel AVX-512),
     * the 256-bit word kernel (other AVX-512) and the 256-bit byte-table kernel (no AVX-512). Passes of 128 weights over two
     * 64-weight blocks or inside a larger one, row ranges that start inside a scale batch, custom codes.
     */
    @Test
    void everyBf16RowKernelMatchesAnIndependentSum() {
        Random r = new Random(23);
        int[][] shapes = {{37, 384, 64}, {37, 384, 128}, {12, 256, 256}, {70, 1152, 4096}};
        for (String kernel : new String[] {"wide", "words", "bytes"})
            for (int[] s : shapes)
                for (QuantType type : QuantType.values()) {
                    int n = s[0], k = s[1], bs = s[2];
                    float[] w = new float[n * k], x = new float[k];
                    for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextGaussian() / Math.sqrt(k));
                    for (int i = 0; i < k; i++) x[i] = Half.round((float) r.nextGaussian(), DType.BF16);
                    java.util.Arrays.fill(w, k, k + 64, 0f); // an all-zero block (absmax 0)
                    float[] code = type.code().clone();
                    if (bs == 128) code[9] = -0.61f;
                    try (Tensor wt = B.upload(w, n, k); Quantized q = B.quantize4bit(wt, bs, type, DType.U8)) {
                        FourBitMatmul.Scales scales = FourBitMatmul.Scales.plain(CpuBackend.seg(q.absmax()));
                        java.lang.foreign.MemorySegment packed = CpuBackend.seg(q.data());
                        int split = Math.min(n - 1, 33); // two calls: rows [0, 33) and [33, n), the second starting mid-batch
                        float[] sums = new float[n], rest = new float[n - split], got = new float[n];
                        switch (kernel) {
                            case "wide" -> {
                                float[] xp = FourBitGemvBf16.permute(x, k, FourBitGemvBf16Wide.LANES);
                                byte[] tables = FourBitGemvBf16Wide.tables(code);
                                FourBitGemvBf16Wide.rows(xp, k, packed, 0, split, bs, scales, tables, sums);
                                FourBitGemvBf16Wide.rows(xp, k, packed, split, n, bs, scales, tables, rest);
                            }
                            case "words" -> {
                                float[] xp = FourBitGemvBf16.permuteWords(x, k);
                                short[] tables = FourBitGemvBf16.tables(code);
                                FourBitGemvBf16.rows(xp, k, packed, 0, split, bs, scales, tables, sums);
                                FourBitGemvBf16.rows(xp, k, packed, split, n, bs, scales, tables, rest);
                            }
                            default -> {
                                float[] xp = FourBitGemvBf16.permute(x, k, FourBitGemvBf16.WIDE);
                                byte[] tables = FourBitGemvBf16Bytes.tables(code);
                                FourBitGemvBf16Bytes.rows(xp, k, packed, 0, split, bs, scales, tables, sums);
                                FourBitGemvBf16Bytes.rows(xp, k, packed, split, n, bs, scales, tables, rest);
                            }
                        }
                        System.arraycopy(rest, 0, sums, split, n - split);
                        for (int j = 0; j < n; j++) got[j] = Half.round(sums[j], DType.BF16);
                        checkAgainstSum(got, x, B.downloadBytes(q.data()), B.downloadFloats(q.absmax()), code, n, k, bs, DType.BF16, Weight.BF16_CODE,
                                kernel + " kernel " + n + "x" + k + " bs" + bs + " " + type);
                    }
                }
    }

    /**
     * The one-row F32/F16 kernel ({@link FourBitGemvF32}, weight code * scale unrounded), called
     * directly so that it runs anywhere (emulated without AVX-512) and through the API where the
     * machine picks it: passes over two 64-weight blocks or inside a larger one, a split of the rows
     * that starts inside a scale batch, an all-zero block, edge activations, a custom code.
     */
    @Test
    void f32RowKernelMatchesAnIndependentSum() {
        Random r = new Random(24);
        int[][] shapes = {{37, 384, 64}, {37, 384, 128}, {12, 256, 256}, {70, 1152, 4096}, {5, 128, 64}};
        for (int[] s : shapes)
            for (DType t : new DType[] {DType.F32, DType.F16})
                for (QuantType type : QuantType.values()) {
                    int n = s[0], k = s[1], bs = s[2];
                    float[] w = new float[n * k], x = new float[k];
                    for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextGaussian() / Math.sqrt(k));
                    for (int i = 0; i < k; i++) x[i] = Half.round((float) r.nextGaussian(), t);
                    java.util.Arrays.fill(w, k, k + 64, 0f); // an all-zero block (absmax 0)
                    x[3] = -0f;
                    x[7] = Half.round(250f, t);
                    x[8] = Half.round(-1e-7f, t);
                    float[] code = type.code().clone();
                    if (bs == 128) code[9] = -0.61f;
                    String what = "f32 kernel " + t + " " + n + "x" + k + " bs" + bs + " " + type;
                    try (Tensor wt = B.upload(w, n, k); Quantized q = B.quantize4bit(wt, bs, type, DType.U8)) {
                        FourBitMatmul.Scales scales = FourBitMatmul.Scales.plain(CpuBackend.seg(q.absmax()));
                        int split = Math.min(n - 1, 33);
                        float[] xp = FourBitGemvF32.permute(x, k), sums = new float[n], rest = new float[n - split], got = new float[n];
                        FourBitGemvF32.rows(xp, k, CpuBackend.seg(q.data()), 0, split, bs, scales, code, sums);
                        FourBitGemvF32.rows(xp, k, CpuBackend.seg(q.data()), split, n, bs, scales, code, rest);
                        System.arraycopy(rest, 0, sums, split, n - split);
                        for (int j = 0; j < n; j++) got[j] = Half.round(sums[j], t);
                        checkAgainstSum(got, x, B.downloadBytes(q.data()), B.downloadFloats(q.absmax()), code, n, k, bs, t, Weight.UNROUNDED, what);
                    }
                    // through the API: this kernel where the machine takes it, else the general path (its own weights)
                    check(x, w, n, k, bs, type, code, t, Weight.of(1, k, bs, t), what + " (api)");
                }
    }

    /** How a fast-mode kernel forms its weights (see {@link FourBitMatmul}). */
    enum Weight {
        /** {@code T(code * scale)}: the general paths. */
        ROUNDED,
        /** {@code bf16(code) * scale}, unrounded: the one-row BF16 kernels. */
        BF16_CODE,
        /** {@code code * scale}, unrounded: the one-row F32/F16 kernel. */
        UNROUNDED;

        /** The weights of the kernel the fast mode takes for this shape on this machine. */
        static Weight of(int m, int k, int bs, DType t) {
            if (FourBitMatmul.usesBf16Row(m, k, bs, t, true)) return BF16_CODE;
            return FourBitMatmul.unroundedWeights(m, k, t) ? UNROUNDED : ROUNDED;
        }

        double of(float code, float absmax, DType t) {
            return switch (this) {
                case ROUNDED -> Half.round(code * absmax, t);
                case BF16_CODE -> (double) Half.round(code, DType.BF16) * absmax;
                case UNROUNDED -> (double) code * absmax;
            };
        }
    }

    /** The other fast paths (F32/F16 rows, several rows, K not a multiple of 64, block 32): weight T(code * scale). */
    @Test
    void otherPathsMatchAnIndependentSum() {
        Random r = new Random(22);
        int[][] shapes = {{24, 48}, {9, 40}, {12, 64}, {5, 96}};
        for (int[] s : shapes)
            for (DType t : new DType[] {DType.F32, DType.F16, DType.BF16})
                for (int bs : new int[] {32, 64}) {
                    int n = s[0], k = s[1];
                    float[] w = new float[n * k], x = new float[k];
                    for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextGaussian() / Math.sqrt(k));
                    for (int i = 0; i < k; i++) x[i] = (float) r.nextGaussian();
                    QuantType type = (n + k) % 2 == 0 ? QuantType.NF4 : QuantType.FP4;
                    check(x, w, n, k, bs, type, type.code(), t, Weight.of(1, k, bs, t), t + " " + n + "x" + k + " bs" + bs);
                }
    }

    /**
     * Several activation rows (the 4 x 2 register tiles, and one row per lane past a vector's lanes):
     * M of 2 and 3 (tiles part padding), M not a multiple of 4, M over one and over two lane panels,
     * N odd and below one row group, N over several groups, weights large enough for the parallel
     * split, rows that straddle blocks, blocks larger than a row, K over the 16 Ki part of the lane
     * kernel's weight buffer; each output against the independent sum of its own row.
     */
    @Test
    void severalRowsMatchAnIndependentSum() {
        Random r = new Random(23);
        // {M, N, K, block size}; with K a multiple of 64 and blocks of 64 or more, BF16 takes the byte tables
        int[][] shapes = {{4, 9, 48, 32}, {6, 24, 64, 32}, {9, 5, 96, 64}, {16, 17, 32, 32}, {5, 2048, 64, 64}, {8, 13, 192, 128},
                {4, 7, 256, 64}, {6, 3, 128, 256}, {2, 9, 128, 64}, {3, 10, 96, 32}, {33, 13, 128, 64}, {20, 2047, 64, 64},
                {10, 8, (1 << 14) + 128, 64}, {17, 7, (1 << 15) + 64, 128}};
        for (int[] s : shapes)
            for (DType t : new DType[] {DType.F32, DType.F16, DType.BF16}) {
                int m = s[0], n = s[1], k = s[2], bs = s[3];
                QuantType type = n % 2 == 0 ? QuantType.NF4 : QuantType.FP4;
                float[] w = new float[n * k], x = new float[m * k];
                for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextGaussian() / Math.sqrt(k));
                for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
                try (Tensor wt = B.upload(w, n, k); Quantized q = B.quantize4bit(wt, bs, type, DType.U8); Tensor xt = B.upload(x, t, m, k);
                     Tensor out = B.gemm4bit(xt, q.data(), new long[] {n, k}, q.absmax(), bs, type, null, null)) {
                    float[] xs = B.downloadFloats(xt), got = B.downloadFloats(out), absmax = B.downloadFloats(q.absmax());
                    byte[] packed = B.downloadBytes(q.data());
                    for (int i = 0; i < m; i++)
                        checkAgainstSum(java.util.Arrays.copyOfRange(got, i * n, (i + 1) * n), java.util.Arrays.copyOfRange(xs, i * k, (i + 1) * k),
                                packed, absmax, FourBitCodes.dequantLut(type), n, k, bs, t, Weight.ROUNDED, t + " M=" + m + " " + n + "x" + k + " row " + i);
                }
            }
    }

    static void check(float[] x, float[] w, int n, int k, int bs, QuantType type, float[] code, DType t, Weight weight, String what) {
        try (Tensor wt = B.upload(w, n, k); Quantized q = B.quantize4bit(wt, bs, type, DType.U8); Tensor xt = B.upload(x, t, 1, k);
             Tensor ct = B.upload(code, 16); Tensor out = B.gemv4bit(xt, q.data(), new long[] {n, k}, q.absmax(), ct, bs)) {
            float[] xs = B.downloadFloats(xt), got = B.downloadFloats(out), absmax = B.downloadFloats(q.absmax());
            byte[] packed = B.downloadBytes(q.data());
            if (weight != Weight.BF16_CODE) { // the scalar path (no Vector API) in the fast mode: weights T(code * scale), the same bar
                float[] sums = new float[n];
                FourBitMatmul.rowsScalar(xs, 1, k, CpuBackend.seg(q.data()), 0, n, bs, FourBitMatmul.Scales.plain(CpuBackend.seg(q.absmax())),
                        code, t, sums, true);
                float[] scalar = new float[n];
                for (int j = 0; j < n; j++) scalar[j] = Half.round(sums[j], t);
                checkAgainstSum(scalar, xs, packed, absmax, code, n, k, bs, t, Weight.ROUNDED, what + " (scalar)");
            }
            checkAgainstSum(got, xs, packed, absmax, code, n, k, bs, t, weight, what);
        }
    }

    static void checkAgainstSum(float[] got, float[] xs, byte[] packed, float[] absmax, float[] code, int n, int k, int bs, DType t,
                                Weight weight, String what) {
        for (int j = 0; j < n; j++) {
            double sum = 0, abs = 0;
            for (int kk = 0; kk < k; kk++) {
                int f = j * k + kk;
                int qv = FourBitGoldenTest.nibble(packed, f);
                double wv = weight.of(code[qv], absmax[f / bs], t);
                sum += xs[kk] * wv;
                abs += Math.abs(xs[kk] * wv);
            }
            float want = Half.round((float) sum, t);
            double bar = MatmulGoldenTest.ulp(want, t) + 16 * 0x1p-24 * abs;
            double err = Math.abs((double) got[j] - want);
            if (!(err <= bar)) fail(what + " out[" + j + "]: want " + want + " got " + got[j] + " (err " + err + " > " + bar + ")");
        }
    }

    /** test_gemv_eye_4bit: an identity weight is lossless, so gemv returns the activations. */
    @Test
    void identityWeightIsLossless() {
        Random r = new Random(5);
        for (int dim : new int[] {64, 192, 320})
            for (QuantType type : QuantType.values())
                for (DType t : new DType[] {DType.F32, DType.BF16, DType.F16}) {
                    float[] eye = new float[dim * dim], x = new float[dim];
                    for (int i = 0; i < dim; i++) eye[i * dim + i] = 1f;
                    for (int i = 0; i < dim; i++) x[i] = (float) (r.nextGaussian() * 0.1);
                    try (Tensor w = B.upload(eye, dim, dim); Quantized q = B.quantize4bit(w, 64, type, DType.U8); Tensor xt = B.upload(x, t, 1, 1, dim);
                         Tensor code = B.upload(type.code(), 16); Tensor out = B.gemv4bit(xt, q.data(), new long[] {dim, dim}, q.absmax(), code, 64)) {
                        FourBitGoldenTest.assertBitsEqual(B.downloadFloats(xt), B.downloadFloats(out), "eye " + type + " " + t + " dim " + dim);
                    }
                }
    }

    /**
     * test_gemv_4bit (fc1: A[1, d] . W[4d, d]^T, W = randn / sqrt(d)): C1 = linear(A, dequantize_4bit(W)),
     * C2 = gemv_4bit; err1 = mean|C1 - C2| / sqrt(d), relerr1 and maxerr1 likewise under upstream's
     * bars for d <= 512 (all dtypes) and d > 512 (BF16, the one-row kernel). The 3-row gemm is held to
     * the same bars.
     */
    @Test
    void withinUpstreamBarsAgainstDequantizeThenLinear() {
        Random r = new Random(8);
        DType[] types = {DType.F32, DType.BF16, DType.F16};
        double[][] small = {{3.4e-08, 9.2e-06, 2.0e-07}, {8.33e-04, 8.48e-02, 7.59e-03}, {9.61e-05, 2.74e-03, 9.01e-04}};
        double[][] large = {{2.4e-08, 1.62e-06, 1.2e-07}, {2.06e-04, 5.95e-03, 1.96e-03}, {3.76e-05, 1.48e-03, 2.95e-04}};
        for (int dim : new int[] {128, 1024})
            for (int ti = 0; ti < 3; ti++)
                for (QuantType qt : QuantType.values()) {
                    DType t = types[ti];
                    if (dim > 512 && t != DType.BF16) continue; // the large dim for the BF16 kernel only (keeps the test short)
                    double[] bar = dim <= 512 ? small[ti] : large[ti];
                    int n = dim <= 512 ? 4 * dim : dim, m = 3; // fc1, or attn for the large dim (keeps the test short)
                    float[] w = new float[n * dim], x = new float[m * dim];
                    for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextGaussian() / Math.sqrt(dim));
                    for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
                    try (Tensor wt = B.upload(w, t, n, dim); Quantized q = B.quantize4bit(wt, 64, qt, DType.U8); Tensor xt = B.upload(x, t, m, dim);
                         Tensor x1 = B.upload(java.util.Arrays.copyOf(x, dim), t, 1, dim); Tensor code = B.upload(qt.code(), 16);
                         Tensor c2t = B.gemv4bit(x1, q.data(), new long[] {n, dim}, q.absmax(), code, 64);
                         Tensor g2t = B.gemm4bit(dim <= 512 ? xt : x1, q.data(), new long[] {n, dim}, q.absmax(), 64, qt, null, null);
                         Tensor wd = B.dequantize4bit(q.data(), q.absmax(), 64, qt, new long[] {n, dim}, t)) {
                        float[] xs = B.downloadFloats(xt), wds = B.downloadFloats(wd);
                        String what = t + " " + qt + " dim " + dim;
                        assertWithinBars(what + " gemv", xs, wds, B.downloadFloats(c2t), 1, n, dim, t, bar);
                        if (dim <= 512) assertWithinBars(what + " gemm", xs, wds, B.downloadFloats(g2t), m, n, dim, t, bar);
                    }
                }
    }

    static void assertWithinBars(String what, float[] xs, float[] wds, float[] c2, int m, int n, int dim, DType t, double[] bar) {
        double e = 0, re = 0, mx = 0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int kk = 0; kk < dim; kk++) s += (double) xs[i * dim + kk] * wds[j * dim + kk];
                float c1 = Half.round((float) s, t);
                double d = Math.abs(c1 - c2[i * n + j]);
                e += d;
                re += d / (Math.abs(c1) + 1e-5);
                mx = Math.max(mx, d);
            }
        double sq = Math.sqrt(dim), outs = (double) m * n;
        assertTrue(e / outs / sq < bar[0], what + ": err1 " + e / outs / sq + " >= " + bar[0]);
        assertTrue(re / outs / sq < bar[1], what + ": relerr1 " + re / outs / sq + " >= " + bar[1]);
        assertTrue(mx / sq < bar[2], what + ": maxerr1 " + mx / sq + " >= " + bar[2]);
    }

    /**
     * bnb-conformance holds a device backend's gemv (CUDA: the exact arithmetic) to the CPU reference,
     * which runs in the fast mode, with max/mean |diff| / rms(expected) bars per dtype
     * (Matmul4Checks.goldenBar). The two modes stay within half of those bars on that test's data
     * shape, so a backend exact to CUDA keeps at least that margin (F16's mean is the tightest, ~0.5).
     */
    @Test
    void fastStaysWellWithinConformanceBarsOfExact() {
        Random r = new Random(1103);
        int n = 320, k = 512, bs = 128;
        double[][] bars = {{1e-5, 2e-6}, {4e-3, 8e-4}, {3e-2, 6e-3}}; // F32, F16, BF16
        DType[] types = {DType.F32, DType.F16, DType.BF16};
        for (int ti = 0; ti < 3; ti++)
            for (QuantType qt : QuantType.values()) {
                float[] w = new float[n * k], x = new float[k];
                for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
                for (int i = 0; i < k; i++) x[i] = (float) r.nextGaussian();
                try (Tensor wt = B.upload(w, n, k); Quantized q = B.quantize4bit(wt, bs, qt, DType.U8); Tensor xt = B.upload(x, types[ti], 1, k);
                     Tensor code = B.upload(qt.code(), 16); Tensor a = B.gemv4bit(xt, q.data(), new long[] {n, k}, q.absmax(), code, bs)) {
                    // the exact arithmetic by its scalar reference (MatmulGoldenTest / MatmulPropertyTest hold both exact paths to it)
                    DType t = types[ti];
                    float[] codeT = new float[16], sums = new float[n], fe = new float[n];
                    for (int c = 0; c < 16; c++) codeT[c] = Elements.round(qt.code()[c], t);
                    FourBitMatmul.rowsScalar(B.downloadFloats(xt), 1, k, CpuBackend.seg(q.data()), 0, n, bs,
                            FourBitMatmul.Scales.plain(CpuBackend.seg(q.absmax())), codeT, t, sums, false);
                    for (int i = 0; i < n; i++) fe[i] = Elements.round(sums[i], t);
                    float[] fa = B.downloadFloats(a);
                    double rms = 0, max = 0, mean = 0;
                    for (float v : fe) rms += (double) v * v;
                    rms = Math.sqrt(rms / fe.length);
                    for (int i = 0; i < n; i++) {
                        double d = Math.abs((double) fa[i] - fe[i]) / rms;
                        max = Math.max(max, d);
                        mean += d / n;
                    }
                    String what = types[ti] + " " + qt;
                    System.out.printf("fast vs exact %s: max %.3g mean %.3g (conformance bars %.3g / %.3g)%n", what, max, mean, bars[ti][0], bars[ti][1]);
                    assertTrue(max <= bars[ti][0] / 2, what + ": max |fast - exact| / rms " + max);
                    assertTrue(mean <= bars[ti][1] / 2, what + ": mean |fast - exact| / rms " + mean);
                }
            }
    }

    @Test
    void modeComesFromTheSystemProperty() {
        String old = System.getProperty("bnb.cpu.gemv");
        try {
            System.clearProperty("bnb.cpu.gemv");
            assertEquals(FourBitMatmul.Mode.FAST, FourBitMatmul.Mode.fromProperty());
            System.setProperty("bnb.cpu.gemv", "EXACT");
            assertEquals(FourBitMatmul.Mode.EXACT, FourBitMatmul.Mode.fromProperty());
            System.setProperty("bnb.cpu.gemv", "fast");
            assertEquals(FourBitMatmul.Mode.FAST, FourBitMatmul.Mode.fromProperty());
            System.setProperty("bnb.cpu.gemv", "bf16");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, FourBitMatmul.Mode::fromProperty);
            assertTrue(e.getMessage().contains("bnb.cpu.gemv"));
        } finally {
            if (old == null) System.clearProperty("bnb.cpu.gemv");
            else System.setProperty("bnb.cpu.gemv", old);
        }
    }
}
