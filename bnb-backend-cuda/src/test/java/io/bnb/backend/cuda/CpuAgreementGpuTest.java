package io.bnb.backend.cuda;

import io.bnb.api.*;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.bnb.backend.cuda.Gpu.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The CUDA backend against the CPU reference backend, bit for bit wherever the op is
 * deterministic elementwise arithmetic (quantizers, dequantizers, int8 ops, optimizer steps).
 * Each case skips while the CPU backend lacks that op.
 */
class CpuAgreementGpuTest {
    static final DType[] FLOATS = {DType.F32, DType.F16, DType.BF16};

    /** Same op on both backends with the same host inputs; the results' bytes must be equal. */
    static void sameBytes(String what, Function<Backend, Tensor[]> op) {
        Backend gpu = cuda(), cpu = cpu();
        Tensor[] want = onCpu(() -> op.apply(cpu));
        Tensor[] got = op.apply(gpu);
        try {
            assertEquals(want.length, got.length);
            for (int i = 0; i < want.length; i++) {
                if (want[i] == null) {
                    assertNull(got[i], what + " result " + i);
                    continue;
                }
                assertArrayEquals(want[i].shape(), got[i].shape(), what + " result " + i + " shape");
                assertEquals(want[i].dtype(), got[i].dtype(), what + " result " + i + " dtype");
                byte[] w = cpu.downloadBytes(want[i]), g = gpu.downloadBytes(got[i]);
                int first = mismatch(w, g);
                assertEquals(-1, first, what + " result " + i + " differs first at byte " + first + " of " + w.length);
            }
        } finally {
            for (Tensor t : want) if (t != null) t.close();
            for (Tensor t : got) if (t != null) t.close();
        }
    }

    static int mismatch(byte[] a, byte[] b) { return Arrays.mismatch(a, b); }

    static Stream<Arguments> blockwise8() {
        List<Arguments> a = new ArrayList<>();
        for (DType d : FLOATS) for (int bs : Checks8.SIZES) a.add(Arguments.of(d, bs));
        return a.stream();
    }

    static final class Checks8 { static final int[] SIZES = {64, 128, 256, 512, 1024, 2048, 4096}; }

    @ParameterizedTest(name = "{0} bs{1}")
    @MethodSource("blockwise8")
    void quantizeBlockwise(DType d, int bs) {
        float[] x = randn(bs, 100_003, 3f);
        x[17] = 0f;
        Arrays.fill(x, 4096, 4096 + 4096, 0f);  // all-zero blocks
        sameBytes("quantizeBlockwise", be -> {
            try (Tensor a = be.upload(x, d, x.length); Tensor code = be.upload(Codebooks.dynamicSigned(), 256)) {
                Quantized q = be.quantizeBlockwise(a, code, bs);
                return new Tensor[]{q.data(), q.absmax()};
            }
        });
        byte[] codes = randomBytes(bs, 70_001);
        float[] absmax = randn(bs + 1, (int) Shapes.blocks(codes.length, bs), 2f);
        sameBytes("dequantizeBlockwise", be -> {
            try (Tensor a = be.upload(codes, DType.U8, codes.length); Tensor am = be.upload(absmax, absmax.length);
                 Tensor code = be.upload(Codebooks.dynamicUnsigned(), 256)) {
                return new Tensor[]{be.dequantizeBlockwise(a, am, code, bs, d)};
            }
        });
    }

    static Stream<Arguments> fourBit() {
        List<Arguments> a = new ArrayList<>();
        for (QuantType t : QuantType.values())
            for (DType d : FLOATS) for (int bs : io.bnb.spi.Checks.BLOCKSIZES_4BIT) a.add(Arguments.of(t, d, bs));
        return a.stream();
    }

    @ParameterizedTest(name = "{0} {1} bs{2}")
    @MethodSource("fourBit")
    void fourBitQuantization(QuantType t, DType d, int bs) {
        float[] x = randn(bs * 7L + d.ordinal(), 50_001, 1f);
        sameBytes("quantize4bit", be -> {
            try (Tensor a = be.upload(x, d, x.length)) {
                Quantized q = be.quantize4bit(a, bs, t, DType.U8);
                return new Tensor[]{q.data(), q.absmax()};
            }
        });
        byte[] packed = randomBytes(bs, 25_001);
        float[] absmax = randn(bs + 3, (int) Shapes.blocks(50_001, bs), 1f);
        sameBytes("dequantize4bit", be -> {
            try (Tensor p = be.upload(packed, DType.U8, packed.length, 1); Tensor am = be.upload(absmax, absmax.length)) {
                return new Tensor[]{be.dequantize4bit(p, am, bs, t, new long[]{50_001}, d)};
            }
        });
    }

    @ParameterizedTest
    @MethodSource("floats")
    void int8MixedScaledMm(DType d) {
        Backend gpu = cuda(), cpu = cpu();
        int rows = 33, k = 128, n = 96;
        float[] x = randn(60, rows * k, 1f);
        for (int r = 0; r < rows; r += 5) x[r * k + 9] = 7f;
        x[3 * k + 100] = -8f;
        byte[] w = randomBytes(61, n * k);
        float[] scb = abs(randn(62, n, 1f)), bias = randn(63, n, 1f);
        sameBytes("int8MixedScaledMm", be -> {
            try (Tensor a = be.upload(x, d, rows, k); Tensor cb = be.upload(w, DType.I8, n, k); Tensor s = be.upload(scb, n);
                 Tensor bt = be.upload(bias, d, n); Int8Quantized q = be.int8VectorwiseQuant(a, 6f)) {
                MixedMatmul mm = be.int8MixedScaledMm(a, q.data(), cb, q.rowStats(), s, q.outlierCols(), bt);
                return new Tensor[]{mm.out(), mm.subA()};
            }
        });
    }

    @ParameterizedTest
    @MethodSource("floats")
    void int8Ops(DType d) {
        int rows = 37, k = 300;
        float[] x = randn(d.ordinal(), rows * k, 2f);
        x[3 * k + 7] = 8f;
        x[30 * k + 250] = -9f;
        for (float th : new float[]{0f, 6f}) {
            sameBytes("int8VectorwiseQuant t" + th, be -> {
                try (Tensor a = be.upload(x, d, rows, k)) {
                    Int8Quantized q = be.int8VectorwiseQuant(a, th);
                    return new Tensor[]{q.data(), q.rowStats(), q.outlierCols()};
                }
            });
            sameBytes("int8DoubleQuant t" + th, be -> {
                try (Tensor a = be.upload(x, d, rows, k)) {
                    Int8DoubleQuantized q = be.int8DoubleQuant(a, th);
                    return new Tensor[]{q.rowData(), q.colData(), q.rowStats(), q.colStats(), q.outlierCols()};
                }
            });
        }
        byte[] q = randomBytes(3, rows * k);
        float[] stats = randn(4, rows, 3f);
        sameBytes("int8VectorwiseDequant", be -> {
            try (Tensor a = be.upload(q, DType.I8, rows, k); Tensor s = be.upload(stats, rows)) {
                return new Tensor[]{be.int8VectorwiseDequant(a, s)};
            }
        });
        int n = 260;
        int[] acc = new int[rows * n];
        var r = new java.util.SplittableRandom(5);
        for (int i = 0; i < acc.length; i++) acc[i] = r.nextInt(-2_000_000, 2_000_000);
        float[] rs = randn(6, rows, 3f), cs = randn(7, n, 3f), bias = randn(8, n, 1f);
        for (DType out : FLOATS)
            sameBytes("int8MmDequant " + out, be -> {
                try (Tensor a = be.upload(java.lang.foreign.MemorySegment.ofArray(acc), DType.I32, rows, n);
                     Tensor rt = be.upload(rs, rows); Tensor ct = be.upload(cs, n); Tensor bt = be.upload(bias, d, n)) {
                    return new Tensor[]{be.int8MmDequant(a, rt, ct, out, bt)};
                }
            });
        byte[] w = randomBytes(9, n * k);
        sameBytes("int8LinearMatmul", be -> {
            try (Tensor a = be.upload(q, DType.I8, rows, k); Tensor bt = be.upload(w, DType.I8, n, k)) {
                return new Tensor[]{be.int8LinearMatmul(a, bt)};
            }
        });
    }

    static Stream<DType> floats() { return Stream.of(FLOATS); }

    static Stream<Arguments> optimizers() {
        List<Arguments> a = new ArrayList<>();
        for (OptimizerKind k : OptimizerKind.values())
            for (DType d : new DType[]{DType.F32, DType.BF16}) for (float wd : new float[]{0f, 0.01f}) a.add(Arguments.of(k, d, wd));
        return a.stream();
    }

    static Hyper hyper(OptimizerKind k, float wd) {
        Hyper h = Hyper.adam(1e-3f).withWeightDecay(wd);
        return switch (k) {
            case MOMENTUM, LARS -> h.withBetas(0.9f, 0f);
            case RMSPROP -> h.withBetas(0.99f, 0f);
            case LION -> h.withBetas(0.9f, 0.99f);
            case ADAGRAD -> h.withBetas(0f, 0f);
            case ADEMAMIX -> h.withBetas(0.9f, 0.999f).withBeta3Alpha(0.9999f, 5f);
            default -> h;
        };
    }

    @ParameterizedTest(name = "{0} {1} wd{2}")
    @MethodSource("optimizers")
    void optimizer32bit(OptimizerKind kind, DType d, float wd) {
        int n = 5000 + 3;
        int s1n = kind == OptimizerKind.ADEMAMIX ? 2 * n : n;
        boolean two = kind.states() == 2;
        float[] p0 = randn(1, n, 0.1f);
        sameBytes("optimizer32bit " + kind, be -> {
            Tensor p = be.upload(p0, d, n), s1 = be.allocate(DType.F32, s1n), s2 = two ? be.allocate(DType.F32, n) : null;
            for (int step = 1; step <= 3; step++)
                try (Tensor g = be.upload(randn(10 + step, n, 0.01f), d, n)) {
                    be.optimizerUpdate32bit(new Optimizer32bitStep(kind, g, p, s1, s2, null, hyper(kind, wd).withStep(step)));
                }
            return new Tensor[]{p, s1, s2};
        });
    }

    /** Trust ratio (maxUnorm > 0) and skipZeros, 32-bit and 8-bit, every kind. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void optimizerTrustRatioAndSkipZeros(OptimizerKind kind) {
        int n = 4096 * 3 + 5;
        boolean two = kind.states() == 2, ademamix = kind == OptimizerKind.ADEMAMIX;
        int blocks = (int) Shapes.blocks(n, 256);
        float[] p0 = randn(3, n, 0.1f);
        for (int step = 1; step <= 2; step++) {
            float[] g = randn(30 + step, n, 0.01f);
            for (int i = 0; i < n; i += 7) g[i] = 0f;
            int st = step;
            Hyper h = hyper(kind, 0.01f).withTrust(0.5f, 3f).withSkipZeros(true).withStep(st);
            sameBytes("optimizer32bit trust " + kind, be -> {
                // second-moment states (RMSprop, Adagrad) are never negative
                float[] s1v = randn(40, ademamix ? 2 * n : n, 0.001f);
                if (kind == OptimizerKind.RMSPROP || kind == OptimizerKind.ADAGRAD) abs(s1v);
                Tensor p = be.upload(p0, n), s1 = be.upload(s1v, ademamix ? 2 * n : n);
                Tensor s2 = two ? be.upload(abs(randn(41, n, 1e-5f)), n) : null, u = be.allocate(DType.F32, 1);
                try (Tensor gt = be.upload(g, n)) {
                    be.optimizerUpdate32bit(new Optimizer32bitStep(kind, gt, p, s1, s2, u, h));
                }
                return new Tensor[]{p, s1, s2, u};
            });
            sameBytes("optimizer8bit trust " + kind, be -> {
                byte[] codes1 = randomBytes(42, ademamix ? 2 * n : n);
                if (kind == OptimizerKind.RMSPROP || kind == OptimizerKind.ADAGRAD)
                    for (int i = 0; i < codes1.length; i++) codes1[i] |= (byte) 0x80;  // non-negative half of the signed map
                Tensor p = be.upload(p0, DType.F16, n), s1 = be.upload(codes1, DType.U8, ademamix ? 2 * n : n);
                Tensor s2 = two ? be.upload(randomBytes(43, n), DType.U8, n) : null;
                Tensor a1 = be.upload(abs(randn(44, ademamix ? 2 * blocks : blocks, 0.01f)), ademamix ? 2 * blocks : blocks);
                Tensor a2 = two ? be.upload(abs(randn(45, blocks, 1e-4f)), blocks) : null;
                try (Tensor gt = be.upload(g, DType.F16, n); Tensor q1 = be.upload(Codebooks.dynamicSigned(), 256);
                     Tensor q2 = be.upload(Codebooks.dynamicUnsigned(), 256)) {
                    be.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(kind, gt, p, s1, s2, q1, two ? q2 : null, a1, a2, h));
                }
                return new Tensor[]{p, s1, s2, a1, a2};
            });
        }
    }

    static float[] abs(float[] v) {
        for (int i = 0; i < v.length; i++) v[i] = Math.abs(v[i]);
        return v;
    }

    static Stream<OptimizerKind> kinds() { return Stream.of(OptimizerKind.values()); }

    @ParameterizedTest
    @MethodSource("floats")
    void percentileClipping(DType d) {
        Backend gpu = cuda(), cpu = cpu();
        int n = 10_000 * 3 + 1;
        try (Tensor gg = gpu.allocate(DType.F32, 100); Tensor gc = cpu.allocate(DType.F32, 100)) {
            for (int step = 1; step <= 5; step++) {
                float[] g = randn(50 + step, n, step);
                ClipResult want, got;
                int at = 1 + (step - 1) * 37;
                try (Tensor t = cpu.upload(g, d, n)) {
                    want = onCpu(() -> cpu.percentileClipping(t, gc, at, 5));
                }
                try (Tensor t = gpu.upload(g, d, n)) {
                    got = gpu.percentileClipping(t, gg, at, 5);
                }
                assertEquals(want, got, "step " + step);
                assertArrayEquals(cpu.downloadFloats(gc), gpu.downloadFloats(gg));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} wd{2}")
    @MethodSource("optimizers")
    void optimizer8bit(OptimizerKind kind, DType d, float wd) {
        int n = 256 * 20 + 77;
        int blocks = (int) Shapes.blocks(n, 256);
        boolean two = kind.states() == 2, ademamix = kind == OptimizerKind.ADEMAMIX;
        float[] p0 = randn(2, n, 0.1f);
        sameBytes("optimizer8bit " + kind, be -> {
            Tensor p = be.upload(p0, d, n), s1 = be.allocate(DType.U8, ademamix ? 2 * n : n), s2 = two ? be.allocate(DType.U8, n) : null;
            Tensor a1 = be.allocate(DType.F32, ademamix ? 2 * blocks : blocks), a2 = two ? be.allocate(DType.F32, blocks) : null;
            try (Tensor q1 = be.upload(Codebooks.dynamicSigned(), 256); Tensor q2 = be.upload(Codebooks.dynamicUnsigned(), 256)) {
                for (int step = 1; step <= 3; step++)
                    try (Tensor g = be.upload(randn(20 + step, n, 0.01f), d, n)) {
                        be.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(kind, g, p, s1, s2, q1, two ? q2 : null, a1, a2,
                                hyper(kind, wd).withStep(step)));
                    }
            }
            return new Tensor[]{p, s1, s2, a1, a2};
        });
    }
}
