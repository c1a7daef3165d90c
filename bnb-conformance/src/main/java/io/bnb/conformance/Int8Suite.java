package io.bnb.conformance;

import io.bnb.api.*;
import io.bnb.conformance.check.*;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * The LLM.int8() primitives (spec OPS.md §6–7, TOLERANCES.md §4): cells {@code int8-quant},
 * {@code int8-double-quant}, {@code int8-matmul} and {@code int8-mm-dequant}.
 */
public interface Int8Suite extends SuiteContext {

    // ================================================================== int8-quant

    @TestFactory @Tag("int8-quant")
    default Stream<DynamicTest> required_int8VectorwiseQuant_golden() {
        Golden g = Golden.get();
        g.require("int8.x_fp16");
        List<DynamicTest> tests = new ArrayList<>();
        for (Matcher m : g.matching("int8\\.vq\\.t([0-9.]+)\\.q")) {
            String p = "int8.vq.t" + m.group(1);
            float threshold = Float.parseFloat(m.group(1));
            tests.add(Host.test("threshold " + threshold, () -> {
                g.require(p + ".row_stats");
                Backend b = backend();
                try (Scope s = new Scope()) {
                    Int8Quantized q = s.add(b.int8VectorwiseQuant(s.add(b.upload(g.segment("int8.x_fp16"), g.dtype("int8.x_fp16"),
                            g.shape("int8.x_fp16"))), threshold));
                    Expect.isTrue(q.data().dtype() == DType.I8, "codes dtype " + q.data().dtype() + ", expected I8");
                    Expect.shape("codes shape", g.shape("int8.x_fp16"), q.data().shape());
                    long[] sh = g.shape("int8.x_fp16");
                    Expect.identical("row stats", g.floats(p + ".row_stats"), b.downloadFloats(q.rowStats()));
                    RefInt8.expectCodes("int8 codes", g.bytes(p + ".q"), b.downloadBytes(q.data()), g.floats("int8.x_fp16"),
                            g.floats(p + ".row_stats"), (int) sh[sh.length - 1]);
                    if (threshold == 0f) {
                        Expect.isTrue(q.outlierCols() == null, "outlier columns must be null for threshold 0");
                    } else if (g.has(p + ".outlier_cols")) {
                        Expect.isTrue(q.outlierCols() != null, "outlier columns missing for threshold " + threshold);
                        Expect.longs("outlier columns", g.longs(p + ".outlier_cols"), b.downloadLongs(q.outlierCols()));
                    }
                }
            }));
        }
        return Host.orSkip(tests, "golden file " + g.source() + " has no int8.vq.* keys");
    }

    /** Row absmax exact; codes RNE(x·127/absmax), either way only at .5 ties (CUDA's fast division). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"1,4", "8,128", "256,512", "4,1000"})
    @Tag("int8-quant")
    default void required_int8VectorwiseQuant_rule(int rows, int cols) {
        Backend b = backend();
        float[] x = Num.round(Rand.seed(1300 + rows).normal(rows * cols, 2.0), DType.F16);
        RefInt8.Result e = RefInt8.vectorwise(x, rows, cols, 0f);
        try (Scope s = new Scope()) {
            Int8Quantized q = s.add(b.int8VectorwiseQuant(s.add(b.upload(x, DType.F16, rows, cols)), 0f));
            Expect.identical("row stats", e.stats(), b.downloadFloats(q.rowStats()));
            Expect.shape("row stats shape", new long[]{rows}, q.rowStats().shape());
            RefInt8.expectCodes("codes", e.codes(), b.downloadBytes(q.data()), x, e.stats(), cols);
        }
    }

    /** Outliers (|x| ≥ threshold, one exactly at it) leave the row absmax, zero their whole columns, are reported sorted. */
    @Test @Tag("int8-quant")
    default void required_int8VectorwiseQuant_outliers() {
        Backend b = backend();
        int rows = 6, cols = 16;
        float[] x = Rand.seed(1301).normal(rows * cols, 1.0);
        for (int i = 0; i < x.length; i++) x[i] = Math.max(-5f, Math.min(5f, x[i]));
        x[2 * cols + 3] = 7.5f;
        x[4 * cols + 9] = -6.25f;
        x[0 * cols + 9] = 6.0f; // exactly at the threshold: an outlier
        x[5 * cols + 12] = 5.99f; // just below (5.98828125 in fp16): not an outlier
        x = Num.round(x, DType.F16);
        try (Scope s = new Scope()) {
            Int8Quantized q = s.add(b.int8VectorwiseQuant(s.add(b.upload(x, DType.F16, rows, cols)), 6.0f));
            RefInt8.Result e = RefInt8.vectorwise(x, rows, cols, 6.0f);
            Expect.longs("outlier columns", new long[]{3, 9}, b.downloadLongs(q.outlierCols()));
            Expect.identical("row stats (outliers excluded)", e.stats(), b.downloadFloats(q.rowStats()));
            byte[] codes = b.downloadBytes(q.data());
            for (int r = 0; r < rows; r++)
                for (int c : new int[]{3, 9})
                    Expect.isTrue(codes[r * cols + c] == 0, "row " + r + " of outlier column " + c + " is " + codes[r * cols + c] + ", expected 0");
            RefInt8.expectCodes("codes", e.codes(), codes, x, e.stats(), cols);
            // no outliers: an empty (not null) index tensor
            float[] small = new float[rows * cols];
            for (int i = 0; i < small.length; i++) small[i] = (i % 7) - 3f;
            Int8Quantized none = s.add(b.int8VectorwiseQuant(s.add(b.upload(small, DType.F16, rows, cols)), 6.0f));
            Expect.isTrue(none.outlierCols() != null && none.outlierCols().numel() == 0, "no outliers must give an empty outlier tensor");
            // a row made only of outliers and zeros has absmax 0 and codes 0
            float[] one = {0f, 8f, 0f, -9f};
            Int8Quantized z = s.add(b.int8VectorwiseQuant(s.add(b.upload(one, DType.F16, 1, 4)), 6.0f));
            Expect.identical("stats of an all-outlier row", new float[]{0f}, b.downloadFloats(z.rowStats()));
            Expect.bytes("codes of an all-outlier row", new byte[4], b.downloadBytes(z.data()));
        }
    }

    /** test_coo_int8_vectorwise_quant: CA·SA/127 reconstructs A·(|A| < 3) with outlier columns zeroed (rtol 0.05, atol 0.015). */
    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"512,1024", "512,4096", "2048,1024"})
    @Tag("int8-quant")
    default void required_int8VectorwiseQuant_errorBounds(int rows, int cols) {
        Backend b = backend();
        int r0 = Grid.pick(Math.min(rows, 256), rows);
        float[] x = Num.round(Rand.seed(1302 + cols).randn(r0 * cols), DType.F16);
        float threshold = 3.0f;
        try (Scope s = new Scope()) {
            Int8Quantized q = s.add(b.int8VectorwiseQuant(s.add(b.upload(x, DType.F16, r0, cols)), threshold));
            float[] deq = b.downloadFloats(s.add(b.int8VectorwiseDequant(q.data(), q.rowStats())));
            boolean[] outlier = new boolean[cols];
            for (long c : b.downloadLongs(q.outlierCols())) outlier[(int) c] = true;
            float[] expected = new float[x.length];
            for (int i = 0; i < x.length; i++) expected[i] = outlier[i % cols] || Math.abs(x[i]) >= threshold ? 0f : x[i];
            Expect.close("CA·SA/127 vs A without outliers", expected, deq, 1.5e-2, 0.05);
        }
    }

    @Test @Tag("int8-quant")
    default void required_int8VectorwiseQuant_threeDimensional() {
        Backend b = backend();
        float[] x = Num.round(Rand.seed(1303).randn(2 * 3 * 40), DType.F16);
        try (Scope s = new Scope()) {
            Int8Quantized q = s.add(b.int8VectorwiseQuant(s.add(b.upload(x, DType.F16, 2, 3, 40)), 0f));
            Expect.shape("codes shape", new long[]{2, 3, 40}, q.data().shape());
            Expect.shape("row stats shape", new long[]{6}, q.rowStats().shape());
            Expect.identical("row stats", RefInt8.vectorwise(x, 6, 40, 0f).stats(), b.downloadFloats(q.rowStats()));
        }
    }

    /** CUDA accepts only fp16 activations; other float inputs are an extension (upstream casts to fp16 first). */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F32", "BF16"})
    @Tag("int8-quant")
    default void optional_int8VectorwiseQuant_otherFloatInputs(DType dt) {
        Backend b = backend();
        float[] x = Num.round(Rand.seed(1304).normal(8 * 64, 3.0), dt);
        try (Scope s = new Scope()) {
            Int8Quantized q = s.add(b.int8VectorwiseQuant(s.add(b.upload(x, dt, 8, 64)), 0f));
            RefInt8.Result e = RefInt8.vectorwise(x, 8, 64, 0f);
            Expect.identical("row stats", e.stats(), b.downloadFloats(q.rowStats()));
            RefInt8.expectCodes("codes", e.codes(), b.downloadBytes(q.data()), x, e.stats(), 64);
        }
    }

    /** {@code A·stats/127} with the float32 constant f32(1/127), to one ulp. */
    @Test @Tag("int8-quant")
    default void required_int8VectorwiseDequant_formula() {
        Backend b = backend();
        int rows = 33, cols = 70;
        Rand r = Rand.seed(1305);
        byte[] a = r.int8(rows * cols, -127, 128);
        float[] st = r.rand(rows);
        for (int i = 0; i < rows; i++) st[i] = st[i] * 20 + 0.5f;
        float[] expected = new float[a.length];
        for (int i = 0; i < a.length; i++) expected[i] = ((float) a[i] * st[i / cols]) * RefInt8.INV127;
        try (Scope s = new Scope()) {
            Tensor out = s.add(b.int8VectorwiseDequant(s.add(Host.i8(b, a, rows, cols)), s.add(b.upload(st, rows))));
            Expect.isTrue(out.dtype() == DType.F32, "output dtype " + out.dtype() + ", expected F32");
            Expect.shape("output shape", new long[]{rows, cols}, out.shape());
            float[] got = b.downloadFloats(out);
            for (int i = 0; i < got.length; i++)
                if (Math.abs(got[i] - expected[i]) > Math.ulp(expected[i]))
                    Expect.fail("element " + i + ": " + got[i] + ", expected " + expected[i] + " (±1 ulp)");
        }
    }

    @Test @Tag("int8-quant")
    default void required_int8VectorwiseQuant_matchesReference() {
        requireNotReference();
        Backend b = backend(), ref = reference();
        int rows = 64, cols = 300;
        float[] x = Num.round(Rand.seed(1306).normal(rows * cols, 2.0), DType.F16);
        for (float t : new float[]{0f, 4f}) {
            try (Scope s = new Scope()) {
                Int8Quantized q = s.add(b.int8VectorwiseQuant(s.add(b.upload(x, DType.F16, rows, cols)), t));
                Int8Quantized e = s.add(ref.int8VectorwiseQuant(s.add(ref.upload(x, DType.F16, rows, cols)), t));
                Expect.identical("row stats (threshold " + t + ")", ref.downloadFloats(e.rowStats()), b.downloadFloats(q.rowStats()));
                RefInt8.expectCodes("codes (threshold " + t + ")", ref.downloadBytes(e.data()), b.downloadBytes(q.data()), x,
                        ref.downloadFloats(e.rowStats()), cols);
                if (t > 0) Expect.longs("outlier columns", ref.downloadLongs(e.outlierCols()), b.downloadLongs(q.outlierCols()));
                float[] de = ref.downloadFloats(s.add(ref.int8VectorwiseDequant(e.data(), e.rowStats())));
                float[] dq = b.downloadFloats(s.add(b.int8VectorwiseDequant(s.add(Host.i8(b, ref.downloadBytes(e.data()), rows, cols)),
                        s.add(b.upload(ref.downloadFloats(e.rowStats()), rows)))));
                Expect.close("dequantized", de, dq, 0, 2.4e-7);
            }
        }
    }

    @Test @Tag("int8-quant")
    default void required_int8VectorwiseQuant_rejectsBadInput() {
        Backend b = backend();
        try (Scope s = new Scope()) {
            Tensor a = s.add(b.upload(Rand.seed(1307).randn(64), DType.F16, 4, 16));
            Reject.Snapshot snap = Reject.snapshot(b, a);
            Reject.argument("threshold -1", "threshold", snap, () -> b.int8VectorwiseQuant(a, -1f));
            Reject.argument("threshold NaN", "threshold", snap, () -> b.int8VectorwiseQuant(a, Float.NaN));
            Tensor ints = s.add(Host.i8(b, new byte[64], 4, 16));
            Reject.argument("I8 input", "A", snap, () -> b.int8VectorwiseQuant(ints, 0f));
            Tensor scalar = s.add(b.upload(new float[]{1f}, DType.F16));
            Reject.argument("0-D input", "A", snap, () -> b.int8VectorwiseQuant(scalar, 0f));
            Reject.argument("null input", "A", snap, () -> b.int8VectorwiseQuant(null, 0f));
        }
    }

    @Test @Tag("int8-quant")
    default void required_int8VectorwiseDequant_rejectsBadInput() {
        Backend b = backend();
        try (Scope s = new Scope()) {
            Tensor a = s.add(Host.i8(b, Rand.seed(1308).int8(64, -127, 128), 4, 16));
            Tensor st = s.add(b.upload(new float[]{1, 2, 3, 4}, 4));
            Reject.Snapshot snap = Reject.snapshot(b, a, st);
            Tensor st3 = s.add(b.upload(new float[]{1, 2, 3}, 3));
            Reject.argument("3 stats for 4 rows", "stats", snap, () -> b.int8VectorwiseDequant(a, st3));
            Tensor st16 = s.add(b.upload(new float[]{1, 2, 3, 4}, DType.F16, 4));
            Reject.argument("F16 stats", "stats", snap, () -> b.int8VectorwiseDequant(a, st16));
            Tensor u8 = s.add(Host.u8(b, new byte[64], 4, 16));
            Reject.argument("U8 codes", "A", snap, () -> b.int8VectorwiseDequant(u8, st));
        }
    }

    // ================================================================== int8-double-quant

    /** The row half of int8_double_quant is int8_vectorwise_quant. */
    @ParameterizedTest(name = "threshold {0}")
    @ValueSource(floats = {0f, 2f})
    @Tag("int8-double-quant")
    default void required_int8DoubleQuant_rowsMatchVectorwise(float threshold) {
        Backend b = backend();
        int rows = 64, cols = 96;
        float[] x = Num.round(Rand.seed(1320).randn(rows * cols), DType.F16);
        try (Scope s = new Scope()) {
            Tensor a = s.add(b.upload(x, DType.F16, rows, cols));
            Int8DoubleQuantized d = s.add(b.int8DoubleQuant(a, threshold));
            Int8Quantized v = s.add(b.int8VectorwiseQuant(a, threshold));
            Expect.bytes("row codes", b.downloadBytes(v.data()), b.downloadBytes(d.rowData()));
            Expect.identical("row stats", b.downloadFloats(v.rowStats()), b.downloadFloats(d.rowStats()));
            if (threshold > 0) Expect.longs("outlier columns", b.downloadLongs(v.outlierCols()), b.downloadLongs(d.outlierCols()));
            else Expect.isTrue(d.outlierCols() == null, "outlier columns must be null for threshold 0");
        }
    }

    /** test_int8_double_quant: column stats are the column absmax (outliers excluded); column codes within ±1 of round(x·127/absmax). */
    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"2048,512", "4096,1024"})
    @Tag("int8-double-quant")
    default void required_int8DoubleQuant_columns(int rows, int cols) {
        Backend b = backend();
        int r0 = Grid.pick(rows / 8, rows), c0 = Grid.pick(cols / 4, cols);
        float[] x = Num.round(Rand.seed(1321 + rows).randn(r0 * c0), DType.F16);
        try (Scope s = new Scope()) {
            Int8DoubleQuantized d = s.add(b.int8DoubleQuant(s.add(b.upload(x, DType.F16, r0, c0)), 0f));
            float[] cs = RefInt8.colStats(x, r0, c0, 0f);
            Expect.identical("column stats", cs, b.downloadFloats(d.colStats()));
            Expect.shape("column codes shape", new long[]{r0, c0}, d.colData().shape());
            byte[] got = b.downloadBytes(d.colData());
            for (int i = 0; i < got.length; i++) {
                double e = Math.rint(x[i] * 127.0 / cs[i % c0]);
                if (Math.abs(got[i] - e) > 1) Expect.fail("column code " + i + " is " + got[i] + ", expected " + e + " ±1");
            }
        }
    }

    @Test @Tag("int8-double-quant")
    default void required_int8DoubleQuant_outliers() {
        Backend b = backend();
        int rows = 8, cols = 12;
        float[] x = Num.round(Rand.seed(1322).normal(rows * cols, 0.5), DType.F16);
        x[3 * cols + 5] = 9f;
        x[6 * cols + 1] = -7f;
        try (Scope s = new Scope()) {
            Int8DoubleQuantized d = s.add(b.int8DoubleQuant(s.add(b.upload(x, DType.F16, rows, cols)), 6f));
            Expect.longs("outlier columns", new long[]{1, 5}, b.downloadLongs(d.outlierCols()));
            Expect.identical("column stats (outliers excluded)", RefInt8.colStats(x, rows, cols, 6f), b.downloadFloats(d.colStats()));
            byte[] col = b.downloadBytes(d.colData());
            Expect.isTrue(col[3 * cols + 5] == 0 && col[6 * cols + 1] == 0, "outlier elements must be 0 in the column codes");
        }
    }

    @Test @Tag("int8-double-quant")
    default void required_int8DoubleQuant_matchesReference() {
        requireNotReference();
        Backend b = backend(), ref = reference();
        int rows = 48, cols = 80;
        float[] x = Num.round(Rand.seed(1323).normal(rows * cols, 2.0), DType.F16);
        try (Scope s = new Scope()) {
            Int8DoubleQuantized d = s.add(b.int8DoubleQuant(s.add(b.upload(x, DType.F16, rows, cols)), 5f));
            Int8DoubleQuantized e = s.add(ref.int8DoubleQuant(s.add(ref.upload(x, DType.F16, rows, cols)), 5f));
            Expect.identical("column stats", ref.downloadFloats(e.colStats()), b.downloadFloats(d.colStats()));
            Expect.identical("row stats", ref.downloadFloats(e.rowStats()), b.downloadFloats(d.rowStats()));
            Expect.bytes("column codes", ref.downloadBytes(e.colData()), b.downloadBytes(d.colData()));
            RefInt8.expectCodes("row codes", ref.downloadBytes(e.rowData()), b.downloadBytes(d.rowData()), x, ref.downloadFloats(e.rowStats()), cols);
        }
    }

    @Test @Tag("int8-double-quant")
    default void required_int8DoubleQuant_rejectsBadInput() {
        Backend b = backend();
        try (Scope s = new Scope()) {
            Tensor a = s.add(b.upload(Rand.seed(1324).randn(64), DType.F16, 4, 16));
            Reject.Snapshot snap = Reject.snapshot(b, a);
            Reject.argument("threshold -2", "threshold", snap, () -> b.int8DoubleQuant(a, -2f));
            Tensor oneD = s.add(b.upload(new float[16], DType.F16, 16));
            Reject.argument("1-D input", "A", snap, () -> b.int8DoubleQuant(oneD, 0f));
            Tensor ints = s.add(Host.i8(b, new byte[64], 4, 16));
            Reject.argument("I8 input", "A", snap, () -> b.int8DoubleQuant(ints, 0f));
        }
    }

    // ================================================================== int8-matmul

    @Test @Tag("int8-matmul")
    default void required_int8LinearMatmul_golden() {
        Golden g = Golden.get();
        g.require("int8.vq.t0.0.q", "int8.w.q", "int8.mm.out_i32");
        Backend b = backend();
        try (Scope s = new Scope()) {
            Tensor out = s.add(b.int8LinearMatmul(s.add(b.upload(g.segment("int8.vq.t0.0.q"), DType.I8, g.shape("int8.vq.t0.0.q"))),
                    s.add(b.upload(g.segment("int8.w.q"), DType.I8, g.shape("int8.w.q")))));
            Expect.isTrue(out.dtype() == DType.I32, "output dtype " + out.dtype() + ", expected I32");
            Expect.shape("output shape", g.shape("int8.mm.out_i32"), out.shape());
            Expect.ints("int32 products", g.ints("int8.mm.out_i32"), b.downloadInts(out));
        }
    }

    /** test_int8_linear_matmul: exact against 64-bit integer products, K ∈ {499, 512}, 2-D and 3-D A. */
    @ParameterizedTest(name = "K={0}")
    @ValueSource(ints = {499, 512})
    @Tag("int8-matmul")
    default void required_int8LinearMatmul_exact(int k) {
        Backend b = backend();
        Rand r = Rand.seed(1330 + k);
        for (int it = 0; it < Grid.pick(2, 20); it++) {
            for (long[] shapeA : new long[][]{{128, k}, {Grid.pick(4, 128), Grid.pick(16, 256), k}}) {
                int m = (int) (shapeA.length == 2 ? shapeA[0] : shapeA[0] * shapeA[1]), n = 512;
                byte[] a = r.int8(m * k, -128, 127), w = r.int8(n * k, -128, 127);
                try (Scope s = new Scope()) {
                    Tensor out = s.add(b.int8LinearMatmul(s.add(Host.i8(b, a, shapeA)), s.add(Host.i8(b, w, n, k))));
                    long[] es = shapeA.clone();
                    es[es.length - 1] = n;
                    Expect.shape("output shape", es, out.shape());
                    Expect.ints("products", toInts(RefInt8.matmul(a, w, m, n, k)), b.downloadInts(out));
                }
            }
        }
    }

    /** Sums beyond 2^24 stay exact: an fp32 accumulator (upstream's fallback) would round them. */
    @Test @Tag("int8-matmul")
    default void required_int8LinearMatmul_int32Accumulation() {
        Backend b = backend();
        int m = 3, n = 5, k = 4099;
        byte[] a = new byte[m * k], w = new byte[n * k];
        java.util.Arrays.fill(a, (byte) -128);
        java.util.Arrays.fill(w, (byte) -127);
        for (int i = 0; i < k; i += 7) w[k + i] = 127;
        a[2 * k + 11] = 1;
        try (Scope s = new Scope()) {
            int[] got = b.downloadInts(s.add(b.int8LinearMatmul(s.add(Host.i8(b, a, m, k)), s.add(Host.i8(b, w, n, k)))));
            Expect.ints("large exact sums", toInts(RefInt8.matmul(a, w, m, n, k)), got);
        }
    }

    private static int[] toInts(long[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.toIntExact(v[i]);
        return out;
    }

    @Test @Tag("int8-matmul")
    default void required_int8LinearMatmul_matchesReference() {
        requireNotReference();
        Backend b = backend(), ref = reference();
        Rand r = Rand.seed(1331);
        int m = 17, n = 33, k = 260;
        byte[] a = r.int8(m * k, -128, 128), w = r.int8(n * k, -128, 128);
        try (Scope s = new Scope()) {
            int[] e = ref.downloadInts(s.add(ref.int8LinearMatmul(s.add(Host.i8(ref, a, m, k)), s.add(Host.i8(ref, w, n, k)))));
            int[] got = b.downloadInts(s.add(b.int8LinearMatmul(s.add(Host.i8(b, a, m, k)), s.add(Host.i8(b, w, n, k)))));
            Expect.ints("products vs CPU", e, got);
        }
    }

    @Test @Tag("int8-matmul")
    default void required_int8LinearMatmul_rejectsBadInput() {
        Backend b = backend();
        try (Scope s = new Scope()) {
            Tensor a = s.add(Host.i8(b, new byte[4 * 32], 4, 32));
            Tensor w = s.add(Host.i8(b, new byte[8 * 32], 8, 32));
            Reject.Snapshot snap = Reject.snapshot(b, a, w);
            Tensor w3 = s.add(Host.i8(b, new byte[8 * 32], 2, 4, 32));
            Reject.argument("3-D B", "B", snap, () -> b.int8LinearMatmul(a, w3));
            Tensor wk = s.add(Host.i8(b, new byte[8 * 31], 8, 31));
            Reject.argument("inner dimension mismatch", "inner", snap, () -> b.int8LinearMatmul(a, wk));
            Tensor af = s.add(b.upload(new float[4 * 32], 4, 32));
            Reject.argument("F32 A", "A", snap, () -> b.int8LinearMatmul(af, w));
            Tensor wu = s.add(Host.u8(b, new byte[8 * 32], 8, 32));
            Reject.argument("U8 B", "B", snap, () -> b.int8LinearMatmul(a, wu));
            Tensor empty = s.add(Host.i8(b, new byte[0], 0, 32));
            Reject.argument("empty A", "A", snap, () -> b.int8LinearMatmul(empty, w));
        }
    }

    // ================================================================== int8-mm-dequant

    @Test @Tag("int8-mm-dequant")
    default void required_int8MmDequant_golden() {
        Golden g = Golden.get();
        g.require("int8.mm.out_i32", "int8.vq.t0.0.row_stats", "int8.w.row_stats", "int8.mmdq.out");
        Backend b = backend();
        try (Scope s = new Scope()) {
            Tensor bias = g.has("int8.bias") ? s.add(b.upload(g.segment("int8.bias"), g.dtype("int8.bias"), g.shape("int8.bias"))) : null;
            Tensor out = s.add(b.int8MmDequant(s.add(Host.i32(b, g.ints("int8.mm.out_i32"), g.shape("int8.mm.out_i32"))),
                    s.add(b.upload(g.floats("int8.vq.t0.0.row_stats"), g.numel("int8.vq.t0.0.row_stats"))),
                    s.add(b.upload(g.floats("int8.w.row_stats"), g.numel("int8.w.row_stats"))), g.dtype("int8.mmdq.out"), bias));
            Expect.isTrue(out.dtype() == g.dtype("int8.mmdq.out"), "output dtype " + out.dtype());
            Expect.shape("output shape", g.shape("int8.mmdq.out"), out.shape());
            Expect.identical("dequantized products", g.floats("int8.mmdq.out"), b.downloadFloats(out));
        }
    }

    /** fp16(((A·row)·col)·6.200012e-05 + bias), then the output dtype: within one fp16 ulp, at most 0.1 % not exact. */
    @ParameterizedTest(name = "out {0}, bias {1}")
    @CsvSource({"F16,NONE", "F16,F16", "F16,F32", "BF16,NONE", "BF16,BF16", "F32,NONE", "F32,F32", ",NONE"})
    @Tag("int8-mm-dequant")
    default void required_int8MmDequant_formula(DType dt, String biasType) {
        Backend b = backend();
        int m = 40, n = 72;
        Rand r = Rand.seed(1340);
        int[] acc = new int[m * n];
        for (int i = 0; i < acc.length; i++) acc[i] = r.nextInt(-200000, 200000);
        float[] row = r.rand(m), col = r.rand(n);
        for (int i = 0; i < m; i++) row[i] = row[i] * 4 + 0.1f;
        for (int i = 0; i < n; i++) col[i] = col[i] * 2 + 0.1f;
        DType bt = biasType.equals("NONE") ? null : DType.valueOf(biasType);
        float[] bias = bt == null ? null : Num.round(r.randn(n), bt);
        DType outType = dt == null ? DType.F16 : dt;
        try (Scope s = new Scope()) {
            Tensor out = s.add(b.int8MmDequant(s.add(Host.i32(b, acc, m, n)), s.add(b.upload(row, m)), s.add(b.upload(col, n)), dt,
                    bt == null ? null : s.add(b.upload(bias, bt, n))));
            Expect.isTrue(out.dtype() == outType, "output dtype " + out.dtype() + ", expected " + outType);
            float[] got = b.downloadFloats(out);
            int inexact = 0;
            for (int i = 0; i < got.length; i++) {
                float e = Num.round(RefInt8.mmDequant(acc[i], row[i / n], col[i % n], bias == null ? 0f : bias[i % n]), outType);
                double d = Math.abs(got[i] - e);
                if (d > Num.ulp(e, DType.F16) + (outType == DType.BF16 ? Num.ulp(e, DType.BF16) : 0))
                    Expect.fail("element " + i + ": " + got[i] + ", expected " + e + " (one fp16 ulp)");
                if (d > 0) inexact++;
            }
            Expect.atMost("inexact elements", inexact, Math.max(2, got.length / 1000));
        }
    }

    /** Every output goes through fp16 (CUDA's kernel), so F32 results beyond 65504 overflow to infinity. */
    @Test @Tag("int8-mm-dequant")
    default void optional_int8MmDequant_roundsThroughFp16() {
        Backend b = backend();
        try (Scope s = new Scope()) {
            Tensor out = s.add(b.int8MmDequant(s.add(Host.i32(b, new int[]{16129 * 70000, 16129 * 3}, 1, 2)),
                    s.add(b.upload(new float[]{1f}, 1)), s.add(b.upload(new float[]{1f, 1.0001f}, 2)), DType.F32, null));
            float[] got = b.downloadFloats(out);
            Expect.isTrue(Float.isInfinite(got[0]), "70000 must overflow fp16 to infinity, got " + got[0]);
            Expect.isTrue(got[1] == Num.round(got[1], DType.F16), "F32 output " + got[1] + " is not an fp16 value");
        }
    }

    @Test @Tag("int8-mm-dequant")
    default void required_int8MmDequant_matchesReference() {
        requireNotReference();
        Backend b = backend(), ref = reference();
        Rand r = Rand.seed(1341);
        int m = 9, n = 130;
        int[] acc = new int[m * n];
        for (int i = 0; i < acc.length; i++) acc[i] = r.nextInt(-50000, 50000);
        float[] row = r.rand(m), col = r.rand(n), bias = Num.round(r.randn(n), DType.F16);
        try (Scope s = new Scope()) {
            float[] e = ref.downloadFloats(s.add(ref.int8MmDequant(s.add(Host.i32(ref, acc, m, n)), s.add(ref.upload(row, m)),
                    s.add(ref.upload(col, n)), DType.F16, s.add(ref.upload(bias, DType.F16, n)))));
            float[] got = b.downloadFloats(s.add(b.int8MmDequant(s.add(Host.i32(b, acc, m, n)), s.add(b.upload(row, m)),
                    s.add(b.upload(col, n)), DType.F16, s.add(b.upload(bias, DType.F16, n)))));
            Expect.close("mm_dequant vs CPU", e, got, 0, 1e-3, Math.max(2, e.length / 1000));
        }
    }

    @Test @Tag("int8-mm-dequant")
    default void required_int8MmDequant_rejectsBadInput() {
        Backend b = backend();
        try (Scope s = new Scope()) {
            Tensor acc = s.add(Host.i32(b, new int[4 * 8], 4, 8));
            Tensor row = s.add(b.upload(new float[4], 4)), col = s.add(b.upload(new float[8], 8));
            Reject.Snapshot snap = Reject.snapshot(b, acc, row, col);
            Tensor accF = s.add(b.upload(new float[32], 4, 8));
            Reject.argument("F32 A", "A", snap, () -> b.int8MmDequant(accF, row, col, DType.F16, null));
            Tensor row3 = s.add(b.upload(new float[3], 3));
            Reject.argument("3 row stats", "rowStats", snap, () -> b.int8MmDequant(acc, row3, col, DType.F16, null));
            Tensor col16 = s.add(b.upload(new float[8], DType.F16, 8));
            Reject.argument("F16 col stats", "colStats", snap, () -> b.int8MmDequant(acc, row, col16, DType.F16, null));
            Tensor bias7 = s.add(b.upload(new float[7], DType.F16, 7));
            Reject.argument("bias of 7", "bias", snap, () -> b.int8MmDequant(acc, row, col, DType.F16, bias7));
            Reject.argument("I8 output dtype", "dtype", snap, () -> b.int8MmDequant(acc, row, col, DType.I8, null));
        }
    }
}
