package io.bnb.backend.cpu;

import io.bnb.api.*;
import io.bnb.functional.Quant4;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * gemv_4bit / gemm_4bit on fresh data against an independent reference of the sm80 arithmetic
 * (weights T(T(code) * T(scale)), products rounded to T, exact sum, one rounding), for row
 * lengths that take the vector path (K % 32 == 0, K % 16 == 0) and the general one (other K,
 * rows starting on a low nibble), both paths, nested scales, bias; plus upstream's identity
 * and gemv-vs-dequantize bars (TOLERANCES.md §3). Bar as in {@link MatmulGoldenTest}.
 */
class MatmulPropertyTest {
    static final CpuBackend B = new CpuBackend(FourBitMatmul.Mode.EXACT);

    static Stream<Arguments> grid() {
        List<Arguments> out = new ArrayList<>();
        int[][] shapes = {{40, 64}, {24, 48}, {10, 40}, {9, 33}, {12, 96}};
        for (DType t : new DType[] {DType.F32, DType.BF16, DType.F16})
            for (int[] s : shapes)
                for (int bs : new int[] {32, 128})
                    for (int m : new int[] {1, 4}) out.add(Arguments.of(t, s[0], s[1], bs, m));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} N={1} K={2} bs{3} M={4}")
    @MethodSource("grid")
    void matchesTheReferenceArithmetic(DType t, int n, int k, int bs, int m) {
        Random r = new Random(n * 131L + k * 7L + bs + m + t.ordinal() * 1000L);
        float[] w = new float[n * k], x = new float[m * k], bias = new float[n];
        for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextGaussian() / Math.sqrt(k));
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        for (int i = 0; i < n; i++) bias[i] = (float) r.nextGaussian();
        QuantType type = (n + k) % 2 == 0 ? QuantType.NF4 : QuantType.FP4;
        try (Tensor wt = B.upload(w, n, k); Quantized q = B.quantize4bit(wt, bs, type, DType.U8); Tensor xt = B.upload(x, t, m, k);
             Tensor bt = B.upload(bias, t, n); Tensor code = B.upload(type.code(), 16)) {
            float[] xs = B.downloadFloats(xt), bs16 = B.downloadFloats(bt);
            byte[] packed = B.downloadBytes(q.data());
            float[] absmax = B.downloadFloats(q.absmax());
            float[] lut = FourBitCodes.dequantLut(type);
            long[] shapeB = {n, k};
            // gemm with bias, any M
            try (Tensor out = B.gemm4bit(xt, q.data(), shapeB, q.absmax(), bs, type, bt, null)) {
                assertArrayEquals(new long[] {m, n}, out.shape());
                check("gemm", B.downloadFloats(out), xs, m, k, n, packed, absmax, bs, lut, t, bs16);
            }
            // gemv with the passed code (the stored quant_map: FP4 index 8 is +0.0 there)
            if (m == 1) {
                try (Tensor out = B.gemv4bit(xt, q.data(), shapeB, q.absmax(), code, bs)) {
                    check("gemv", B.downloadFloats(out), xs, 1, k, n, packed, absmax, bs, type.code(), t, null);
                }
            }
            // the scalar path on its own
            float[] codeT = new float[16];
            for (int c = 0; c < 16; c++) codeT[c] = Elements.round(lut[c], t);
            float[] sums = new float[m * n];
            FourBitMatmul.rowsScalar(xs, m, k, CpuBackend.seg(q.data()), 0, n, bs, FourBitMatmul.Scales.plain(CpuBackend.seg(q.absmax())), codeT, t, sums, false);
            float[] got = new float[m * n];
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) got[i * n + j] = Elements.round(sums[i * n + j] + bs16[j], t);
            check("scalar", got, xs, m, k, n, packed, absmax, bs, lut, t, bs16);
        }
    }

    /** Reference: T(sum_k T(x*W) + bias) with W = T(T(code) * T(scale)); the sum in double. Asserts the bar. */
    static void check(String what, float[] got, float[] x, int m, int k, int n, byte[] packed, float[] absmax, int bs, float[] code, DType t,
                      float[] bias) {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double sum = 0, abs = 0;
                for (int kk = 0; kk < k; kk++) {
                    int f = j * k + kk;
                    int qv = FourBitGoldenTest.nibble(packed, f);
                    float wv = Half.round(Half.round(code[qv], t) * Half.round(absmax[f / bs], t), t);
                    float p = t == DType.F32 ? x[i * k + kk] * wv : Half.round(x[i * k + kk] * wv, t);
                    double pe = t == DType.F32 ? (double) x[i * k + kk] * wv : p;
                    sum += pe;
                    abs += Math.abs(pe);
                }
                float want = Half.round((float) (sum + (bias == null ? 0 : bias[j])), t);
                double bar = MatmulGoldenTest.ulp(want, t) + 16 * 0x1p-24 * (abs + (bias == null ? 0 : Math.abs(bias[j])));
                double err = Math.abs((double) got[i * n + j] - want);
                if (!(err <= bar)) fail(what + " out[" + i + "," + j + "]: want " + want + " got " + got[i * n + j] + " (err " + err + " > " + bar + ")");
            }
    }

    @Test
    void nestedScalesEqualTheDeNestedAbsmax() {
        Random r = new Random(11);
        int n = 70, k = 256; // 280 blocks of 64: two nested blocks, the second one short
        float[] w = new float[n * k], x = new float[2 * k];
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        for (DType t : new DType[] {DType.F32, DType.BF16, DType.F16}) {
            try (Tensor wt = B.upload(w, n, k); Quantized q = B.quantize4bit(wt, 64, QuantType.NF4, DType.U8); Tensor xt = B.upload(x, t, 2, k);
                 io.bnb.api.QuantState nested = Quant4.nest(B, q.absmax())) {
                NestedAbsmax na = new NestedAbsmax(nested.absmax(), nested.nested().code(), nested.offset());
                QuantState full = new QuantState(nested.absmax(), new long[] {n, k}, DType.F32, 64, nested.code(), QuantType.NF4,
                        nested.nested(), nested.offset());
                try (Tensor denested = Quant4.absmax(B, full);
                     Tensor a = B.gemm4bit(xt, q.data(), new long[] {n, k}, nested.nested().absmax(), 64, QuantType.NF4, null, na);
                     Tensor b = B.gemm4bit(xt, q.data(), new long[] {n, k}, denested, 64, QuantType.NF4, null, null)) {
                    FourBitGoldenTest.assertBitsEqual(B.downloadFloats(b), B.downloadFloats(a), t + " nested vs de-nested");
                }
            }
        }
    }

    /** test_gemv_eye_4bit: an identity weight is lossless, so gemv returns the activations. */
    @Test
    void identityWeightIsLossless() {
        Random r = new Random(5);
        for (int dim : new int[] {64, 192, 320}) {
            float[] eye = new float[dim * dim], x = new float[dim];
            for (int i = 0; i < dim; i++) eye[i * dim + i] = 1f;
            for (int i = 0; i < dim; i++) x[i] = (float) (r.nextGaussian() * 0.1);
            for (QuantType type : QuantType.values())
                for (DType t : new DType[] {DType.F32, DType.BF16, DType.F16}) {
                    try (Tensor w = B.upload(eye, dim, dim); Quantized q = B.quantize4bit(w, 64, type, DType.U8); Tensor xt = B.upload(x, t, 1, 1, dim);
                         Tensor code = B.upload(type.code(), 16); Tensor out = B.gemv4bit(xt, q.data(), new long[] {dim, dim}, q.absmax(), code, 64)) {
                        assertArrayEquals(new long[] {1, 1, dim}, out.shape());
                        FourBitGoldenTest.assertBitsEqual(B.downloadFloats(xt), B.downloadFloats(out), "eye " + type + " " + t + " dim " + dim);
                    }
                }
        }
    }

    /**
     * test_gemv_4bit (fc1: A[1, d] . W[4d, d]^T, W = randn / sqrt(d)): C1 = linear(A, dequantize_4bit(W)),
     * C2 = gemv_4bit; err1 = mean|C1 - C2| / sqrt(d), relerr1 and maxerr1 likewise, under the bars for d <= 512.
     */
    @Test
    void gemvAgreesWithDequantizeThenLinear() {
        Random r = new Random(8);
        double[][] bars = {{3.4e-08, 9.2e-06, 2.0e-07}, {8.33e-04, 8.48e-02, 7.59e-03}, {9.61e-05, 2.74e-03, 9.01e-04}}; // fp32, bf16, fp16
        DType[] types = {DType.F32, DType.BF16, DType.F16};
        for (int dim : new int[] {128})
            for (int ti = 0; ti < 3; ti++)
                for (QuantType qt : QuantType.values()) {
                    DType t = types[ti];
                    double err = 0, rel = 0, max = 0;
                    int iters = 1;
                    for (int it = 0; it < iters; it++) {
                        int n = 4 * dim;
                        float[] w = new float[n * dim], x = new float[dim];
                        for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextGaussian() / Math.sqrt(dim));
                        for (int i = 0; i < dim; i++) x[i] = (float) r.nextGaussian();
                        try (Tensor wt = B.upload(w, t, n, dim); Quantized q = B.quantize4bit(wt, 64, qt, DType.U8); Tensor xt = B.upload(x, t, 1, dim);
                             Tensor code = B.upload(qt.code(), 16); Tensor c2t = B.gemv4bit(xt, q.data(), new long[] {n, dim}, q.absmax(), code, 64);
                             Tensor wd = B.dequantize4bit(q.data(), q.absmax(), 64, qt, new long[] {n, dim}, t)) {
                            float[] xs = B.downloadFloats(xt), wds = B.downloadFloats(wd), c2 = B.downloadFloats(c2t);
                            double e = 0, re = 0, mx = 0;
                            for (int j = 0; j < n; j++) {
                                double s = 0;
                                for (int kk = 0; kk < dim; kk++) s += (double) xs[kk] * wds[j * dim + kk];
                                float c1 = Half.round((float) s, t);
                                double d = Math.abs(c1 - c2[j]);
                                e += d;
                                re += d / (Math.abs(c1) + 1e-5);
                                mx = Math.max(mx, d);
                            }
                            err += e / n / Math.sqrt(dim);
                            rel += re / n / Math.sqrt(dim);
                            max += mx / Math.sqrt(dim);
                        }
                    }
                    err /= iters;
                    rel /= iters;
                    max /= iters;
                    String what = t + " " + qt + " dim " + dim;
                    assertTrue(err < bars[ti][0], what + ": err1 " + err + " >= " + bars[ti][0]);
                    assertTrue(rel < bars[ti][1], what + ": relerr1 " + rel + " >= " + bars[ti][1]);
                    assertTrue(max < bars[ti][2], what + ": maxerr1 " + max + " >= " + bars[ti][2]);
                }
    }
}
