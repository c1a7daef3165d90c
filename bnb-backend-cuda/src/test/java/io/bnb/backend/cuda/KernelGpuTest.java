package io.bnb.backend.cuda;

import io.bnb.api.*;
import io.bnb.spi.HostFallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.bnb.backend.cuda.Gpu.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Every kernel path (SIMT, tensor cores, generic, split-K, exact int8 fallback, paged memory)
 * against independent host computations, plus error reporting.
 */
class KernelGpuTest {

    /** Host-side NF4/FP4 quantization of floats exactly as the spec states it (for weights). */
    static byte[] pack4(float[] w, float[] absmax, int bs, QuantType t) {
        float[] code = t.code();
        byte[] out = new byte[(w.length + 1) / 2];
        for (int blk = 0; blk < absmax.length; blk++) {
            float m = 0;
            for (int i = blk * bs; i < Math.min(w.length, (blk + 1) * bs); i++) m = Math.max(m, Math.abs(w[i]));
            absmax[blk] = m;
        }
        for (int i = 0; i < w.length; i++) {
            float x = w[i] * (1f / absmax[i / bs]);
            int best = 0;
            for (int c = 1; c < 16; c++) if (Math.abs(code[c] - x) < Math.abs(code[best] - x)) best = c;
            out[i >> 1] |= (byte) ((i & 1) == 0 ? best << 4 : best);
        }
        return out;
    }

    static float[] deq4(byte[] packed, float[] absmax, int n, int bs, QuantType t) {
        float[] code = t.code(), w = new float[n];
        for (int i = 0; i < n; i++) {
            int nib = (i & 1) == 0 ? (packed[i >> 1] >> 4) & 15 : packed[i >> 1] & 15;
            w[i] = code[nib] * absmax[i / bs];
        }
        return w;
    }

    @ParameterizedTest(name = "M={0} N={1} K={2} {3} bs{4} nested={5} bias={6}")
    @CsvSource({
            "1, 300, 512, BF16, 64, false, false",     // gemv-style SIMT, one row
            "1, 8192, 4096, BF16, 64, false, true",    // one row, K >= 4096, 90-100 % of a wave of 64-row CTAs on an H100: tensor-core gemv
            "1, 8150, 4096, F16, 128, true, true",     // the same with a ragged last CTA, nested scales
            "1, 7700, 4096, BF16, 32, true, false",    // the same, 32-wide blocks (two scales per 128-k chunk)
            "1, 8192, 8192, BF16, 32, false, true",    // the same, 258 scales a row: two prologue rounds
            "1, 7800, 16384, F16, 64, true, false",    // the same, K > 8192: two prologue rounds of activations
            "3, 257, 256, F16, 128, true, true",       // SIMT, several rows, nested scales, bias
            "5, 256, 384, BF16, 64, false, true",      // tensor cores, one 8-row tile
            "17, 520, 1024, F16, 32, true, false",     // tensor cores, 4 tiles, ragged N, split-K
            "64, 384, 2048, BF16, 256, false, true",   // tensor cores, 8 tiles
            "100, 130, 512, BF16, 64, true, true",     // tensor cores, two M tiles
            "48, 200, 4096, F16, 32, true, true",      // pipelined tensor cores, staged nested scales, 4+ splits
            "64, 136, 256, BF16, 4096, false, false",  // pipelined, block larger than a row
            "160, 200, 512, BF16, 64, true, true",     // many rows: T weight + cuBLASLt, nested scales, bias
            "130, 96, 256, F16, 32, false, false",     // many rows, fp16, 32-wide blocks
            "9, 200, 96, F16, 32, false, true",        // K % 64 != 0: SIMT
            "6, 70, 80, BF16, 32, false, true",        // K % 32 != 0: generic kernel
            "7, 64, 320, F32, 64, true, true",         // fp32: SIMT with row groups
            "2, 33, 0, F32, 64, false, true",          // empty inner dimension: bias only
    })
    void gemm4bitMatchesTheDequantizedProduct(int m, int n, int k, DType d, int bs, boolean nested, boolean withBias) {
        Backend b = cuda();
        float[] wf = randn(11 + m, n * k, 0.05f);
        float[] absmax = new float[(int) Shapes.blocks((long) n * k, bs)];
        byte[] packed = pack4(wf, absmax, bs, QuantType.NF4);
        float[] x = roundTo(randn(7 + k, m * k, 1f), d);
        float[] bias = withBias ? roundTo(randn(3, n, 0.5f), d) : null;
        try (Tensor xt = b.upload(x, d, m, k); Tensor pt = b.upload(packed, DType.U8, packed.length, 1);
             Tensor bt = bias == null ? null : b.upload(bias, d, n)) {
            Tensor amT, codesT = null, codeT = null;
            float[] scales = absmax;
            float offset = 0f;
            if (nested) {
                // nest the absmax like Quant4 does: mean offset, 8-bit blockwise codes of the rest
                double sum = 0;
                for (float v : absmax) sum += v;
                offset = absmax.length == 0 ? 0f : (float) (sum / absmax.length);
                float[] centred = new float[absmax.length];
                for (int i = 0; i < centred.length; i++) centred[i] = absmax[i] - offset;
                codeT = b.upload(Codebooks.dynamicSigned(), 256);
                try (Tensor c = b.upload(centred, centred.length)) {
                    Quantized q = b.quantizeBlockwise(c, codeT, 256);
                    codesT = q.data();
                    amT = q.absmax();
                }
                float[] code2 = Codebooks.dynamicSigned(), a2 = b.downloadFloats(amT);
                byte[] q8 = b.downloadBytes(codesT);
                scales = new float[absmax.length];
                for (int i = 0; i < scales.length; i++) scales[i] = code2[q8[i] & 255] * a2[i >> 8] + offset;
            } else {
                amT = b.upload(absmax, absmax.length);
            }
            float[] w = deq4(packed, scales, n * k, bs, QuantType.NF4);
            try (Tensor out = b.gemm4bit(xt, pt, new long[]{n, k}, amT, bs, QuantType.NF4, bt,
                    nested ? new NestedAbsmax(codesT, codeT, offset) : null)) {
                assertArrayEquals(new long[]{m, n}, out.shape());
                GoldenGpuTest.assertMatmul(x, w, bias, m, n, k, b.downloadFloats(out), d, "gemm");
            } finally {
                amT.close();
                if (codesT != null) codesT.close();
                if (codeT != null) codeT.close();
            }
        }
    }

    static float[] roundTo(float[] v, DType d) {
        float[] o = v.clone();
        for (int i = 0; i < o.length; i++) o[i] = Half.round(o[i], d);
        return o;
    }

    @ParameterizedTest(name = "N={0} K={1}")
    @CsvSource({"96, 1024", "8192, 4096"})  // SIMT; on an H100 the tensor-core gemv (its pair table is built from the code)
    void gemvUsesTheGivenCodeTable(int n, int k) {
        Backend b = cuda();
        int bs = 64;
        float[] code = new float[16];
        for (int i = 0; i < 16; i++) code[i] = (i - 7.5f) / 8f;  // a custom 16-entry code
        byte[] packed = randomBytes(5, n * k / 2);
        float[] absmax = randn(6, n * k / bs, 1f);
        float[] x = roundTo(randn(8, k, 1f), DType.F16);
        float[] w = new float[n * k];
        for (int i = 0; i < w.length; i++) {
            int nib = (i & 1) == 0 ? (packed[i >> 1] >> 4) & 15 : packed[i >> 1] & 15;
            w[i] = code[nib] * absmax[i / bs];
        }
        try (Tensor xt = b.upload(x, DType.F16, 1, 1, k); Tensor pt = b.upload(packed, DType.U8, packed.length, 1);
             Tensor at = b.upload(absmax, absmax.length); Tensor ct = b.upload(code, 16);
             Tensor out = b.gemv4bit(xt, pt, new long[]{n, k}, at, ct, bs)) {
            assertArrayEquals(new long[]{1, 1, n}, out.shape());
            GoldenGpuTest.assertMatmul(x, w, null, 1, n, k, b.downloadFloats(out), DType.F16, "gemv");
        }
    }

    @ParameterizedTest(name = "M={0} N={1} K={2}")
    @CsvSource({"7, 9, 13", "128, 512, 499", "96, 130, 256", "16, 4096, 4096"})
    void int8MatmulIsExact(int m, int n, int k) {
        Backend b = cuda();
        byte[] a = randomBytes(1, m * k), w = randomBytes(2, n * k);
        try (Tensor at = b.upload(a, DType.I8, m, k); Tensor wt = b.upload(w, DType.I8, n, k); Tensor c = b.int8LinearMatmul(at, wt)) {
            int[] got = b.downloadInts(c);
            for (int r = 0; r < m; r += Math.max(1, m / 7))
                for (int j = 0; j < n; j += Math.max(1, n / 13)) {
                    int s = 0;
                    for (int t = 0; t < k; t++) s += a[r * k + t] * w[j * k + t];
                    assertEquals(s, got[r * n + j], "[" + r + "," + j + "]");
                }
        }
    }

    @Test
    void int8DoubleQuantFollowsTheSpec() {
        Backend b = cuda();
        int rows = 40, k = 72;
        float[] x = roundTo(randn(9, rows * k, 1f), DType.F16);
        for (int i = 0; i < x.length; i++) x[i] = Math.max(-5f, Math.min(5f, x[i]));  // no accidental outliers
        x[5 * k + 3] = 9f;  // an outlier in column 3
        try (Tensor xt = b.upload(x, DType.F16, rows, k); Int8DoubleQuantized q = b.int8DoubleQuant(xt, 6f)) {
            assertArrayEquals(new long[]{3}, b.downloadLongs(q.outlierCols()));
            byte[] col = b.downloadBytes(q.colData());
            float[] cs = b.downloadFloats(q.colStats());
            for (int c = 0; c < k; c++) {
                float m = 0;
                for (int r = 0; r < rows; r++) if (Math.abs(x[r * k + c]) < 6f) m = Math.max(m, Math.abs(x[r * k + c]));
                assertEquals(m, cs[c], "colStats " + c);
                for (int r = 0; r < rows; r++) {
                    float v = x[r * k + c];
                    // upstream multiplies in the input dtype, then divides: round_f16(v * 127) / colStat
                    int want = Math.abs(v) >= 6f || m == 0 ? 0 : (int) Math.rint(Half.round(v * 127f, DType.F16) / m);
                    assertEquals(want, col[r * k + c], "col code [" + r + "," + c + "]");
                }
            }
            byte[] row = b.downloadBytes(q.rowData());
            for (int r = 0; r < rows; r++) assertEquals(0, row[r * k + 3], "outlier column is zero in row " + r);
        }
    }

    @Test
    void pagedMemoryMigratesBothWays() {
        Backend b = cuda();
        int n = 16 << 20;
        float[] data = randn(4, n, 1f);
        try (Tensor paged = b.allocatePaged(DType.F32, n); Tensor src = b.upload(data, n); Tensor code = b.upload(Codebooks.dynamicSigned(), 256)) {
            assertTrue(paged.isPaged());
            b.copyDevice(src, paged);
            b.prefetch(paged, true);
            b.synchronize();
            b.prefetch(paged, false);
            try (Quantized a = b.quantizeBlockwise(paged, code, 4096); Quantized c = b.quantizeBlockwise(src, code, 4096)) {
                assertArrayEquals(b.downloadBytes(c.data()), b.downloadBytes(a.data()));
            }
            b.prefetch(paged, true);
            assertArrayEquals(data, b.downloadFloats(paged));
        }
    }

    @Test
    void pagedRequestBeyondFreeMemoryIsRefused() {
        Backend b = cuda();
        CudaBackend raw = (CudaBackend) HostFallback.unwrap(b);
        long tooMuch = raw.freeMemory() + (1L << 30);
        NativeException e = assertThrows(NativeException.class, () -> b.allocatePaged(DType.U8, tooMuch));
        assertTrue(e.getMessage().contains("exceeds the free device memory"), e.getMessage());
    }

    @Test
    void cudaErrorsBecomeNativeExceptionsWithCudasMessage() {
        Backend b = cuda();
        NativeException e = assertThrows(NativeException.class, () -> b.allocate(DType.U8, 1L << 52));
        assertTrue(e.getMessage().contains("out of memory"), e.getMessage());
        assertNotEquals(0, e.code());
        // the backend keeps working afterwards
        try (Tensor t = b.upload(new float[]{1, 2, 3}, 3)) {
            assertArrayEquals(new float[]{1, 2, 3}, b.downloadFloats(t));
        }
    }

    @Test
    void timerReturnsOneTimePerRep() {
        Backend b = cuda();
        var timer = (io.bnb.spi.OpTimer) HostFallback.unwrap(b);
        try (Tensor a = b.allocate(DType.F32, 1 << 20); Tensor c = b.allocate(DType.F32, 1 << 20)) {
            double[] us = timer.timeMicros(() -> b.copyDevice(a, c), 2, 5);
            assertEquals(5, us.length);
            for (double u : us) assertTrue(u > 0 && u < 100_000, "rep time " + u);
        }
    }
}
