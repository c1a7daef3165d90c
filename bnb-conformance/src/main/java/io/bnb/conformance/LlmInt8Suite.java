package io.bnb.conformance;

import io.bnb.api.*;
import io.bnb.conformance.check.*;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * LLM.int8() forward: int8_scaled_mm and int8_mixed_scaled_mm (spec OPS.md §7.3–7.4, §11.2;
 * TOLERANCES.md §4–5). Cell {@code llm-int8}.
 */
public interface LlmInt8Suite extends SuiteContext {

    /** Linear8bitLt(256→128, threshold 6) forward recorded on CUDA (golden {@code int8.linear_t6.*}). */
    @Test @Tag("llm-int8")
    default void required_int8MixedScaledMm_golden() {
        Golden g = Golden.get();
        g.require("int8.x_fp16", "int8.linear_t6.sd.weight", "int8.linear_t6.sd.SCB", "int8.linear_t6.out");
        Backend b = backend();
        String sd = "int8.linear_t6.sd.";
        try (Scope s = new Scope()) {
            Tensor x = s.add(b.upload(g.segment("int8.x_fp16"), g.dtype("int8.x_fp16"), g.shape("int8.x_fp16")));
            Int8Quantized q = s.add(b.int8VectorwiseQuant(x, 6.0f));
            Tensor cb = s.add(b.upload(g.segment(sd + "weight"), DType.I8, g.shape(sd + "weight")));
            Tensor scb = s.add(b.upload(g.floats(sd + "SCB"), g.numel(sd + "SCB")));
            Tensor bias = g.has(sd + "bias") ? s.add(b.upload(g.segment(sd + "bias"), g.dtype(sd + "bias"), g.shape(sd + "bias"))) : null;
            MixedMatmul out = s.add(b.int8MixedScaledMm(x, q.data(), cb, q.rowStats(), scb, q.outlierCols(), bias));
            Expect.shape("output shape", g.shape("int8.linear_t6.out"), out.out().shape());
            Expect.isTrue(out.out().dtype() == g.dtype("int8.x_fp16"), "output dtype " + out.out().dtype());
            float[] e = g.floats("int8.linear_t6.out"), got = b.downloadFloats(out.out());
            int inexact = 0;
            for (int i = 0; i < e.length; i++) {
                double d = Math.abs(got[i] - e[i]);
                if (d > 2 * Num.ulp(e[i], DType.F16) + 1e-3)
                    Expect.fail("element " + i + ": " + got[i] + ", expected " + e[i] + " (two fp16 ulps)");
                if (d > 0) inexact++;
            }
            Expect.atMost("inexact elements", inexact, e.length / 100);
        }
    }

    /** int8_scaled_mm is exactly int8_mm_dequant(int8_linear_matmul(A, B)). */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F16", "BF16", "F32"})
    @Tag("llm-int8")
    default void required_int8ScaledMm_composite(DType dt) {
        Backend b = backend();
        Rand r = Rand.seed(1400);
        int m = 24, n = 40, k = 96;
        try (Scope s = new Scope()) {
            Tensor ca = s.add(Host.i8(b, r.int8(m * k, -127, 128), m, k)), cb = s.add(Host.i8(b, r.int8(n * k, -127, 128), n, k));
            Tensor sa = s.add(b.upload(r.rand(m), m)), sb = s.add(b.upload(r.rand(n), n));
            Tensor bias = s.add(b.upload(r.randn(n), dt, n));
            Tensor direct = s.add(b.int8ScaledMm(ca, cb, sa, sb, bias, dt));
            Tensor acc = s.add(b.int8LinearMatmul(ca, cb));
            Tensor twoStep = s.add(b.int8MmDequant(acc, sa, sb, dt, bias));
            Expect.isTrue(direct.dtype() == dt, "output dtype " + direct.dtype() + ", expected " + dt);
            Expect.identical("scaled_mm vs mm_dequant(linear_matmul)", b.downloadFloats(twoStep), b.downloadFloats(direct));
        }
    }

    /** test_int8_linear_matmul_half: quantized 32×32 fp16 product vs the fp16 matmul, atol 0.025, rtol 0.05. */
    @Test @Tag("llm-int8")
    default void required_int8ScaledMm_errorBounds() {
        Backend b = backend();
        Rand r = Rand.seed(1401);
        int d = 32;
        for (int it = 0; it < Grid.pick(3, 10); it++) {
            float[] a = Num.round(r.normal(d * d, 0.5), DType.F16);
            float[] w = Num.round(r.normal(d * d, Math.sqrt(2.0 / (d + d))), DType.F16); // xavier normal
            try (Scope s = new Scope()) {
                Int8Quantized qa = s.add(b.int8VectorwiseQuant(s.add(b.upload(a, DType.F16, d, d)), 0f));
                Int8Quantized qw = s.add(b.int8VectorwiseQuant(s.add(b.upload(w, DType.F16, d, d)), 0f));
                Tensor out = s.add(b.int8ScaledMm(qa.data(), qw.data(), qa.rowStats(), qw.rowStats(), null, DType.F16));
                float[] expected = Matmul4Checks.linear(a, w, null, d, d, d, DType.F16);
                Expect.close("int8 vs fp16 matmul", expected, b.downloadFloats(out), 0.025, 0.05);
            }
        }
    }

    /**
     * int8_mixed_scaled_mm: subA = A[:, outlierCols]; out = scaled_mm(CA, CB) + subA · dequant(CB[:, cols])ᵀ in A's dtype;
     * without outliers subA is empty and out = scaled_mm.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F16", "BF16", "F32"})
    @Tag("llm-int8")
    default void required_int8MixedScaledMm_decomposition(DType dt) {
        Backend b = backend();
        Rand r = Rand.seed(1402);
        int m = 16, n = 24, k = 64;
        float[] a = Num.round(r.randn(m * k), dt), w = Num.round(r.normal(n * k, 0.2), DType.F16);
        a[3 * k + 7] = 9f;
        a[11 * k + 40] = -7f;
        float[] bias = Num.round(r.randn(n), dt);
        try (Scope s = new Scope()) {
            Tensor at = s.add(b.upload(a, dt, m, k));
            Int8Quantized qa = s.add(b.int8VectorwiseQuant(s.add(b.upload(Num.round(a, DType.F16), DType.F16, m, k)), 6f));
            Int8Quantized qw = s.add(b.int8VectorwiseQuant(s.add(b.upload(w, DType.F16, n, k)), 0f));
            Tensor bt = s.add(b.upload(bias, dt, n));
            long[] cols = b.downloadLongs(qa.outlierCols());
            Expect.longs("outlier columns", new long[]{7, 40}, cols);
            MixedMatmul mm = s.add(b.int8MixedScaledMm(at, qa.data(), qw.data(), qa.rowStats(), qw.rowStats(), qa.outlierCols(), bt));
            Expect.shape("subA shape", new long[]{m, cols.length}, mm.subA().shape());
            float[] subA = b.downloadFloats(mm.subA());
            for (int i = 0; i < m; i++)
                for (int j = 0; j < cols.length; j++)
                    Expect.isTrue(subA[i * cols.length + j] == a[i * k + (int) cols[j]], "subA[" + i + "," + j + "] is not A[" + i + "," + cols[j] + "]");
            float[] base = b.downloadFloats(s.add(b.int8ScaledMm(qa.data(), qw.data(), qa.rowStats(), qw.rowStats(), bt, dt)));
            byte[] cb = b.downloadBytes(qw.data());
            float[] scb = b.downloadFloats(qw.rowStats());
            float[] expected = new float[m * n];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    for (long c : cols) acc += (double) a[i * k + (int) c] * Num.round(cb[j * k + (int) c] * scb[j] * RefInt8.INV127, dt);
                    expected[i * n + j] = Num.round(base[i * n + j] + Num.round((float) acc, dt), dt);
                }
            float[] got = b.downloadFloats(mm.out());
            double tol = switch (dt) { case F32 -> 1e-5; case F16 -> 2e-3; default -> 1.6e-2; };
            Expect.close("mixed = scaled_mm + outlier product", expected, got, tol, tol);
            MixedMatmul none = s.add(b.int8MixedScaledMm(at, qa.data(), qw.data(), qa.rowStats(), qw.rowStats(), null, bt));
            Expect.isTrue(none.subA().numel() == 0, "subA must be empty without outlier columns");
            Expect.identical("no outliers: scaled_mm", base, b.downloadFloats(none.out()));
        }
    }

    /**
     * test_matmullt (threshold 0 and 6, k/8 random columns of A set to 6.0, xavier-uniform weight):
     * the whole LLM.int8 forward against the 16-bit matmul — at most 1.75 % (fp16) / 2.1 % of elements outside atol 0.01, rtol 0.1,
     * at most 0.1 % outside atol 0.035, rtol 0.2.
     */
    @ParameterizedTest(name = "{0} threshold {1}")
    @CsvSource({"F16,0", "F16,6", "BF16,0", "BF16,6", "F32,0", "F32,6"})
    @Tag("llm-int8")
    default void required_llmInt8_forwardErrorBounds(DType dt, float threshold) {
        Backend b = backend();
        int m = 64, k = 32, n = 48;
        Rand r = Rand.seed(1403);
        int bad1 = 0, bad2 = 0, total = 0;
        for (int it = 0; it < 3; it++) {
            float[] a = r.randn(m * k);
            if (threshold > 0)
                for (int c = 0; c < k / 8; c++) {
                    int col = r.nextInt(0, k);
                    for (int row = 0; row < m; row++) a[row * k + col] = 6f;
                }
            a = Num.round(a, dt);
            float[] w = Num.round(r.xavierUniform(n, k), DType.F16);
            float[] bias = Num.round(r.randn(n), dt);
            try (Scope s = new Scope()) {
                Tensor at = s.add(b.upload(a, dt, m, k));
                Int8Quantized qa = s.add(b.int8VectorwiseQuant(s.add(b.upload(Num.round(a, DType.F16), DType.F16, m, k)), threshold));
                Int8Quantized qw = s.add(b.int8VectorwiseQuant(s.add(b.upload(w, DType.F16, n, k)), 0f));
                Tensor bt = s.add(b.upload(bias, dt, n));
                float[] got;
                if (threshold > 0) {
                    MixedMatmul mm = s.add(b.int8MixedScaledMm(at, qa.data(), qw.data(), qa.rowStats(), qw.rowStats(), qa.outlierCols(), bt));
                    got = b.downloadFloats(mm.out());
                } else {
                    got = b.downloadFloats(s.add(b.int8ScaledMm(qa.data(), qw.data(), qa.rowStats(), qw.rowStats(), bt, dt)));
                }
                float[] expected = Matmul4Checks.linear(a, w, bias, m, n, k, dt);
                for (int i = 0; i < expected.length; i++) {
                    double d = Math.abs(got[i] - expected[i]), e = Math.abs(expected[i]);
                    if (d > 0.01 + 0.1 * e) bad1++;
                    if (d > 0.035 + 0.2 * e) bad2++;
                }
                total += expected.length;
            }
        }
        Expect.atMost("fraction outside (0.01, 0.1)", (double) bad1 / total, dt == DType.F16 ? 0.0175 : 0.021);
        Expect.atMost("fraction outside (0.035, 0.2)", (double) bad2 / total, 0.001);
    }

    @Test @Tag("llm-int8")
    default void required_int8MixedScaledMm_matchesReference() {
        requireNotReference();
        Backend b = backend(), ref = reference();
        Rand r = Rand.seed(1404);
        int m = 10, n = 20, k = 48;
        float[] a = Num.round(r.randn(m * k), DType.F16);
        a[2 * k + 5] = 8f;
        byte[] cb = r.int8(n * k, -127, 128);
        float[] scb = r.rand(n), bias = Num.round(r.randn(n), DType.F16);
        float[][] outs = new float[2][];
        Backend[] bs = {ref, b};
        for (int i = 0; i < 2; i++) {
            Backend x = bs[i];
            try (Scope s = new Scope()) {
                Tensor at = s.add(x.upload(a, DType.F16, m, k));
                Int8Quantized q = s.add(x.int8VectorwiseQuant(at, 6f));
                outs[i] = x.downloadFloats(s.add(x.int8MixedScaledMm(at, q.data(), s.add(Host.i8(x, cb, n, k)), q.rowStats(),
                        s.add(x.upload(scb, n)), q.outlierCols(), s.add(x.upload(bias, DType.F16, n)))).out());
            }
        }
        Expect.close("mixed matmul vs CPU", outs[0], outs[1], 2e-3, 2e-3);
    }

    @Test @Tag("llm-int8")
    default void required_int8MixedScaledMm_rejectsBadInput() {
        Backend b = backend();
        int m = 4, n = 8, k = 16;
        try (Scope s = new Scope()) {
            Tensor a = s.add(b.upload(new float[m * k], DType.F16, m, k));
            Tensor ca = s.add(Host.i8(b, new byte[m * k], m, k)), cb = s.add(Host.i8(b, new byte[n * k], n, k));
            Tensor sa = s.add(b.upload(new float[m], m)), sb = s.add(b.upload(new float[n], n));
            Reject.Snapshot snap = Reject.snapshot(b, a, ca, cb, sa, sb);
            Tensor caSmall = s.add(Host.i8(b, new byte[(m - 1) * k], m - 1, k));
            Reject.argument("CA with m-1 rows", "CA", snap, () -> b.int8MixedScaledMm(a, caSmall, cb, sa, sb, null, null));
            Tensor sbShort = s.add(b.upload(new float[n - 1], n - 1));
            Reject.argument("SCB of n-1", "SCB", snap, () -> b.int8MixedScaledMm(a, ca, cb, sa, sbShort, null, null));
            Tensor saShort = s.add(b.upload(new float[m - 1], m - 1));
            Reject.argument("SCA of m-1", "SCA", snap, () -> b.int8MixedScaledMm(a, ca, cb, saShort, sb, null, null));
            Tensor colsF = s.add(b.upload(new float[]{1f}, 1));
            Reject.argument("F32 outlierCols", "outlierCols", snap, () -> b.int8MixedScaledMm(a, ca, cb, sa, sb, colsF, null));
            Tensor aInt = s.add(Host.i8(b, new byte[m * k], m, k));
            Reject.argument("I8 A", "A", snap, () -> b.int8MixedScaledMm(aInt, ca, cb, sa, sb, null, null));
            Reject.argument("scaled_mm inner mismatch", "inner", snap, () -> b.int8ScaledMm(ca, s.add(Host.i8(b, new byte[n * 8], n, 8)), sa, sb, null, null));
        }
    }
}
