package io.bnb.conformance.check;

import java.util.ArrayList;
import java.util.List;

/**
 * An independent statement of LLM.int8's row-wise quantization (spec OPS.md §6–7): outliers are
 * elements with |x| ≥ threshold, their columns are reported and zeroed, the row absmax excludes
 * them, codes are round-half-even of x·(127/absmax).
 */
public final class RefInt8 {
    private RefInt8() {}

    /** The f32(1/127) constant of {@code int8_vectorwise_dequant}. */
    public static final float INV127 = 7.874015718698502e-3f;
    /** The f32(1/127²) constant of CUDA's {@code int8_mm_dequant}. */
    public static final float MM_DEQUANT_SCALE = 6.200012e-05f;

    public record Result(byte[] codes, float[] stats, long[] outlierCols) {}

    public static Result vectorwise(float[] a, int rows, int cols, float threshold) {
        boolean[] outlierCol = new boolean[cols];
        if (threshold > 0)
            for (int i = 0; i < a.length; i++) if (Math.abs(a[i]) >= threshold) outlierCol[i % cols] = true;
        float[] stats = new float[rows];
        byte[] codes = new byte[a.length];
        for (int r = 0; r < rows; r++) {
            float m = 0;
            for (int c = 0; c < cols; c++) {
                float v = Math.abs(a[r * cols + c]);
                if (threshold > 0 && v >= threshold) continue;
                m = Math.max(m, v);
            }
            stats[r] = m;
            float scale = 127f / m;
            for (int c = 0; c < cols; c++) {
                float v = a[r * cols + c];
                boolean zero = m == 0 || (threshold > 0 && (Math.abs(v) >= threshold || (rows > 1 && outlierCol[c])));
                codes[r * cols + c] = zero ? 0 : (byte) Math.rint(v * scale);
            }
        }
        if (threshold <= 0) return new Result(codes, stats, null);
        List<Long> cs = new ArrayList<>();
        for (int c = 0; c < cols; c++) if (outlierCol[c]) cs.add((long) c);
        return new Result(codes, stats, cs.stream().mapToLong(Long::longValue).toArray());
    }

    /** Column absmax excluding outliers (OPS.md §7.5). */
    public static float[] colStats(float[] a, int rows, int cols, float threshold) {
        float[] st = new float[cols];
        for (int i = 0; i < a.length; i++) {
            float v = Math.abs(a[i]);
            if (threshold > 0 && v >= threshold) continue;
            st[i % cols] = Math.max(st[i % cols], v);
        }
        return st;
    }

    /** {@code A·Bᵀ} with exact 64-bit accumulation. */
    public static long[] matmul(byte[] a, byte[] b, int m, int n, int k) {
        long[] out = new long[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                long s = 0;
                for (int q = 0; q < k; q++) s += (long) a[i * k + q] * b[j * k + q];
                out[i * n + j] = s;
            }
        return out;
    }

    /** Canonical mm_dequant value before the conversion to the output dtype: fp16 of ((A·r)·c)·k + bias. */
    public static float mmDequant(int acc, float row, float col, float bias) {
        return io.bnb.api.Half.round(((float) acc * row) * col * MM_DEQUANT_SCALE + bias, io.bnb.api.DType.F16);
    }

    /**
     * Compares int8 codes: identical, except that an element whose scaled value x·127/absmax lies
     * within 4 ulps of a half-integer may round either way (CUDA's fast division); such
     * exceptions are counted and bounded. Elements of rows with absmax 0 must be 0.
     */
    public static void expectCodes(String what, byte[] expected, byte[] actual, float[] x, float[] stats, int cols) {
        Expect.length(what, expected.length, actual.length);
        int ties = 0;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] == actual[i]) continue;
            float st = stats[i / cols];
            double v = Math.abs((double) x[i] * 127.0 / st);
            double half = Math.floor(v) + 0.5;
            if (Math.abs(expected[i] - actual[i]) == 1 && Math.abs(v - half) <= 4 * Math.ulp((float) v)) {
                ties++;
                continue;
            }
            Expect.fail(what + ": element " + i + " (x = " + x[i] + ", row absmax " + st + ") is " + actual[i] + ", expected " + expected[i]);
        }
        Expect.atMost(what + ": codes rounded the other way at .5 ties", ties, Math.max(4, expected.length / 1000));
    }
}
