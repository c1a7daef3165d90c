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

import java.util.stream.Stream;

/** gemm_4bit: any number of activation rows, optional bias and nested absmax (spec OPS.md §5). Cell {@code gemm4}. */
public interface Gemm4Suite extends SuiteContext {

    @TestFactory @Tag("gemm4")
    default Stream<DynamicTest> required_gemm4bit_golden() { return Matmul4Checks.golden(this, "gemm"); }

    /**
     * test_matmul_4bit (CPU-sized shapes): mean |F.linear(A, W) − out| below 0.115 (NF4 or bs ≤ 64),
     * 0.13 (bs ≤ 256), over block sizes 32/64/128, both types, with and without double
     * quantization and bias.
     */
    @ParameterizedTest(name = "M={0} N={1} K={2} {3}")
    @CsvSource({"1,256,128,F32", "1,256,128,F16", "1,256,128,BF16",
                "40,2048,128,F32", "40,2048,128,F16", "40,2048,128,BF16",
                "9,5120,128,F32", "9,5120,128,F16", "9,5120,128,BF16"})
    @Tag("gemm4")
    default void required_gemm4bit_errorBounds(int m, int n, int k, DType dt) {
        Backend b = backend();
        boolean[][] variants = Grid.full() ? new boolean[][]{{false, false}, {false, true}, {true, false}, {true, true}}
                : new boolean[][]{{false, false}, {true, true}};
        for (int bs : new int[]{32, 64, 128})
            for (QuantType t : QuantType.values())
                for (boolean[] v : variants) {
                    boolean nested = v[0], withBias = v[1];
                    Rand r = Rand.seed(1200L + m + bs + t.ordinal());
                    float[] w = r.normal(n * k, 1.0 / Math.sqrt(k));
                    float[] a = Num.round(r.randn(m * k), dt);
                    float[] bias = withBias ? Num.round(r.randn(n), dt) : null;
                    try (Scope s = new Scope()) {
                        Matmul4Checks.Weight q = Matmul4Checks.quantize(b, s, w, n, k, dt, t, bs, nested);
                        Tensor out = s.add(gemm(b, s, a, dt, new long[]{1, m, k}, q, n, k, bs, t, bias));
                        Expect.shape("output shape", new long[]{1, m, n}, out.shape());
                        float[] ref = Matmul4Checks.linear(a, Num.round(w, dt), bias, m, n, k, dt);
                        double err = Num.meanAbs(ref, b.downloadFloats(out));
                        double bar = t == QuantType.NF4 || bs <= 64 ? 0.115 : bs <= 256 ? 0.13 : 0.16;
                        Expect.below("mean |F.linear - gemm_4bit| (" + t + ", bs " + bs + (nested ? ", nested" : "") + (withBias ? ", bias" : "") + ")", err, bar);
                    }
                }
    }

    private static Tensor gemm(Backend b, Scope s, float[] a, DType dt, long[] shapeA, Matmul4Checks.Weight q, int n, int k, int bs,
                               QuantType t, float[] bias) {
        Tensor at = s.add(b.upload(a, dt, shapeA));
        Tensor bt = bias == null ? null : s.add(b.upload(bias, dt, n));
        return q.nested() == null ? b.gemm4bit(at, q.packed(), new long[]{n, k}, q.absmax(), bs, t, bt, null)
                : b.gemm4bit(at, q.packed(), new long[]{n, k}, q.absmax2(), bs, t, bt, q.nested());
    }

    /** gemm equals A·dequantize(W)ᵀ (+ bias) to the rounding of the output dtype, also when K is not a multiple of the block size. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    @Tag("gemm4")
    default void required_gemm4bit_dequantizeLinear(DType dt) {
        Backend b = backend();
        int n = 80;
        for (int k : new int[]{128, 96})
            for (int m : new int[]{1, 3, 17})
                for (QuantType t : QuantType.values()) {
                    Rand r = Rand.seed(1201L + k + m);
                    float[] w = r.randn(n * k), a = Num.round(r.randn(m * k), dt), bias = Num.round(r.randn(n), dt);
                    try (Scope s = new Scope()) {
                        Matmul4Checks.Weight q = Matmul4Checks.quantize(b, s, w, n, k, dt, t, 64, false);
                        Tensor out = s.add(gemm(b, s, a, dt, new long[]{m, k}, q, n, k, 64, t, bias));
                        Expect.isTrue(out.dtype() == dt, "output dtype " + out.dtype() + ", expected " + dt);
                        float[] expected = Matmul4Checks.linear(a, Matmul4Checks.dequantized(b, q, n, k, t, 64, dt), bias, m, n, k, dt);
                        Matmul4Checks.closeRms("gemm M=" + m + " K=" + k + " " + t, expected, b.downloadFloats(out), dt);
                    }
                }
    }

    /** A nested absmax ({@code code[codes[b]]·absmax2[b/256] + offset}) gives the result of its de-nested F32 absmax. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    @Tag("gemm4")
    default void required_gemm4bit_nestedAbsmax(DType dt) {
        Backend b = backend();
        int n = 640, k = 256, m = 5; // 2560 blocks of 64: ten second-level blocks
        Rand r = Rand.seed(1202);
        float[] w = r.randn(n * k), a = Num.round(r.randn(m * k), dt);
        for (QuantType t : QuantType.values()) {
            try (Scope s = new Scope()) {
                Matmul4Checks.Weight q = Matmul4Checks.quantize(b, s, w, n, k, dt, t, 64, true);
                Tensor nested = s.add(b.gemm4bit(s.add(b.upload(a, dt, m, k)), q.packed(), new long[]{n, k}, q.absmax2(), 64, t, null, q.nested()));
                Tensor plain = s.add(b.gemm4bit(s.add(b.upload(a, dt, m, k)), q.packed(), new long[]{n, k}, q.absmax(), 64, t, null, null));
                Matmul4Checks.closeRms("nested vs de-nested absmax (" + t + ")", b.downloadFloats(plain), b.downloadFloats(nested), dt);
            }
        }
    }

    /** A 3-D activation gives the 2-D result reshaped; bias adds per output column. */
    @Test @Tag("gemm4")
    default void required_gemm4bit_shapesAndBias() {
        Backend b = backend();
        int n = 64, k = 128;
        Rand r = Rand.seed(1203);
        float[] w = r.randn(n * k), a = Num.round(r.randn(6 * k), DType.F16), bias = Num.round(r.randn(n), DType.F16);
        try (Scope s = new Scope()) {
            Matmul4Checks.Weight q = Matmul4Checks.quantize(b, s, w, n, k, DType.F16, QuantType.NF4, 64, false);
            Tensor out3 = s.add(b.gemm4bit(s.add(b.upload(a, DType.F16, 2, 3, k)), q.packed(), new long[]{n, k}, q.absmax(), 64, QuantType.NF4, null, null));
            Tensor out2 = s.add(b.gemm4bit(s.add(b.upload(a, DType.F16, 6, k)), q.packed(), new long[]{n, k}, q.absmax(), 64, QuantType.NF4, null, null));
            Expect.shape("3-D output shape", new long[]{2, 3, n}, out3.shape());
            Expect.identical("3-D vs 2-D activations", b.downloadFloats(out2), b.downloadFloats(out3));
            Tensor withBias = s.add(b.gemm4bit(s.add(b.upload(a, DType.F16, 6, k)), q.packed(), new long[]{n, k}, q.absmax(), 64,
                    QuantType.NF4, s.add(b.upload(bias, DType.F16, n)), null));
            float[] plain = b.downloadFloats(out2), biased = b.downloadFloats(withBias);
            float[] expected = new float[plain.length];
            for (int i = 0; i < plain.length; i++) expected[i] = plain[i] + bias[i % n];
            Matmul4Checks.closeRms("bias", expected, biased, DType.F16);
        }
    }

    /** One row through gemm agrees with gemv. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    @Tag("gemm4")
    default void required_gemm4bit_singleRowMatchesGemv(DType dt) {
        Backend b = backend();
        int n = 256, k = 384;
        Rand r = Rand.seed(1204);
        float[] w = r.randn(n * k), a = Num.round(r.randn(k), dt);
        try (Scope s = new Scope()) {
            Matmul4Checks.Weight q = Matmul4Checks.quantize(b, s, w, n, k, dt, QuantType.NF4, 64, false);
            Tensor x = s.add(b.upload(a, dt, 1, k));
            float[] gemv = b.downloadFloats(s.add(b.gemv4bit(x, q.packed(), new long[]{n, k}, q.absmax(), s.add(b.upload(Codebooks.nf4(), 16)), 64)));
            float[] gemm = b.downloadFloats(s.add(b.gemm4bit(x, q.packed(), new long[]{n, k}, q.absmax(), 64, QuantType.NF4, null, null)));
            Matmul4Checks.closeRms("gemm vs gemv", gemv, gemm, dt);
        }
    }

    /** Upstream returns an empty [..., N] result for empty input (matmul_4bit); the op itself may or may not accept it. */
    @Test @Tag("gemm4")
    default void optional_gemm4bit_emptyInput() {
        Backend b = backend();
        try (Scope s = new Scope()) {
            Matmul4Checks.Weight q = Matmul4Checks.quantize(b, s, Rand.seed(1205).randn(64 * 128), 64, 128, DType.F16, QuantType.NF4, 64, false);
            Tensor out = s.add(b.gemm4bit(s.add(b.allocate(DType.F16, 0, 128)), q.packed(), new long[]{64, 128}, q.absmax(), 64, QuantType.NF4, null, null));
            Expect.shape("empty output", new long[]{0, 64}, out.shape());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    @Tag("gemm4")
    default void required_gemm4bit_matchesReference(DType dt) {
        requireNotReference();
        Backend b = backend(), ref = reference();
        int n = 192, k = 256, m = 7;
        Rand r = Rand.seed(1206);
        float[] w = r.randn(n * k), a = Num.round(r.randn(m * k), dt), bias = Num.round(r.randn(n), dt);
        for (QuantType t : QuantType.values())
            for (boolean nested : new boolean[]{false, true}) {
                try (Scope s = new Scope()) {
                    Matmul4Checks.Weight q = Matmul4Checks.quantize(ref, s, w, n, k, dt, t, 64, nested);
                    float[] expected = ref.downloadFloats(s.add(gemm(ref, s, a, dt, new long[]{m, k}, q, n, k, 64, t, bias)));
                    Matmul4Checks.Weight qb = onBackend(b, ref, s, q);
                    float[] actual = b.downloadFloats(s.add(gemm(b, s, a, dt, new long[]{m, k}, qb, n, k, 64, t, bias)));
                    Matmul4Checks.closeRms("gemm vs CPU (" + t + (nested ? ", nested" : "") + ")", expected, actual, dt);
                }
            }
    }

    private static Matmul4Checks.Weight onBackend(Backend b, Backend ref, Scope s, Matmul4Checks.Weight q) {
        Tensor packed = s.add(Host.u8(b, ref.downloadBytes(q.packed()), q.packed().shape()));
        Tensor am = s.add(b.upload(q.absmaxHost(), q.absmaxHost().length));
        if (q.nested() == null) return new Matmul4Checks.Weight(packed, am, q.absmaxHost(), null, null);
        Tensor am2 = s.add(b.upload(ref.downloadFloats(q.absmax2()), q.absmax2().shape()));
        Tensor codes = s.add(Host.u8(b, ref.downloadBytes(q.nested().codes()), q.nested().codes().shape()));
        Tensor code = s.add(b.upload(ref.downloadFloats(q.nested().code()), 256));
        return new Matmul4Checks.Weight(packed, am, q.absmaxHost(), am2, new NestedAbsmax(codes, code, q.nested().offset()));
    }

    @Test @Tag("gemm4")
    default void required_gemm4bit_rejectsBadInput() {
        Backend b = backend();
        int n = 64, k = 512;
        try (Scope s = new Scope()) {
            Matmul4Checks.Weight q = Matmul4Checks.quantize(b, s, Rand.seed(1207).randn(n * k), n, k, DType.F16, QuantType.NF4, 64, true);
            Tensor a = s.add(b.upload(Rand.seed(1208).randn(2 * k), DType.F16, 2, k));
            long[] shapeB = {n, k};
            Reject.Snapshot snap = Reject.snapshot(b, a, q.packed(), q.absmax(), q.absmax2());
            Tensor wrongK = s.add(b.upload(new float[2 * 100], DType.F16, 2, 100));
            Reject.argument("A with 100 columns", "A", snap, () -> b.gemm4bit(wrongK, q.packed(), shapeB, q.absmax(), 64, QuantType.NF4, null, null));
            Reject.argument("1-D shapeB", "shapeB", snap, () -> b.gemm4bit(a, q.packed(), new long[]{n * k}, q.absmax(), 64, QuantType.NF4, null, null));
            Reject.argument("blocksize 96", "blocksize", snap, () -> b.gemm4bit(a, q.packed(), shapeB, q.absmax(), 96, QuantType.NF4, null, null));
            Reject.argument("null quantType", "quantType", snap, () -> b.gemm4bit(a, q.packed(), shapeB, q.absmax(), 64, null, null, null));
            Tensor am = s.add(b.upload(new float[3], 3));
            Reject.argument("3 absmax values", "absmax", snap, () -> b.gemm4bit(a, q.packed(), shapeB, am, 64, QuantType.NF4, null, null));
            Tensor bias32 = s.add(b.upload(new float[n], DType.F32, n));
            Reject.argument("F32 bias for F16 A", "bias", snap, () -> b.gemm4bit(a, q.packed(), shapeB, q.absmax(), 64, QuantType.NF4, bias32, null));
            Tensor biasShort = s.add(b.upload(new float[n - 1], DType.F16, n - 1));
            Reject.argument("bias of N-1", "bias", snap, () -> b.gemm4bit(a, q.packed(), shapeB, q.absmax(), 64, QuantType.NF4, biasShort, null));
            Tensor codesF = s.add(b.upload(new float[n * k / 64], n * k / 64));
            NestedAbsmax badCodes = new NestedAbsmax(codesF, q.nested().code(), q.nested().offset());
            Reject.argument("F32 absmax_8bit", "absmax_8bit", snap, () -> b.gemm4bit(a, q.packed(), shapeB, q.absmax2(), 64, QuantType.NF4, null, badCodes));
            NestedAbsmax badCode = new NestedAbsmax(q.nested().codes(), s.add(b.upload(new float[255], 255)), q.nested().offset());
            Reject.argument("255-entry absmax_code", "absmax_code", snap, () -> b.gemm4bit(a, q.packed(), shapeB, q.absmax2(), 64, QuantType.NF4, null, badCode));
            Tensor small = s.add(Host.u8(b, new byte[100], 100, 1));
            Reject.argument("100-byte weight", "B", snap, () -> b.gemm4bit(a, small, shapeB, q.absmax(), 64, QuantType.NF4, null, null));
        }
    }
}
