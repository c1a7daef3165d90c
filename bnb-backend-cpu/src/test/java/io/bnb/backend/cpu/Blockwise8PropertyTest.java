package io.bnb.backend.cpu;

import io.bnb.api.*;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * quantize_blockwise / dequantize_blockwise properties: block sizes 64..4096, odd lengths with
 * tails, all-zero blocks, signed and unsigned dynamic maps, both paths, and upstream's error bars
 * of test_dynamic_blockwise_quantization (TOLERANCES.md §1).
 */
class Blockwise8PropertyTest {
    static final CpuBackend B = new CpuBackend();
    static final int[] BLOCKSIZES = {64, 128, 256, 512, 1024, 2048, 4096};

    static Stream<Arguments> grid() {
        List<Arguments> out = new ArrayList<>();
        for (int bs : BLOCKSIZES)
            for (boolean signed : new boolean[] {true, false})
                for (DType d : new DType[] {DType.F32, DType.F16, DType.BF16}) out.add(Arguments.of(bs, signed, d));
        return out.stream();
    }

    @ParameterizedTest(name = "bs{0} signed={1} {2}")
    @MethodSource("grid")
    void codesAreTheRuleOnBothPaths(int bs, boolean signed, DType dtype) {
        Random r = new Random(bs * 3L + (signed ? 1 : 0) + 10L * dtype.ordinal());
        int n = 2 * bs + 101; // a last block of 101 (from bs 128): whole 64-element steps and a tail
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = signed ? (float) r.nextGaussian() : r.nextFloat();
        for (int i = bs; i < 2 * bs; i++) x[i] = 0f; // all-zero block
        float[] code = signed ? Codebooks.dynamicSigned() : Codebooks.dynamicUnsigned();
        try (Tensor a = B.upload(x, dtype, n); Tensor c = B.upload(code, 256); Quantized q = B.quantizeBlockwise(a, c, bs);
             Tensor scalar = B.allocate(DType.U8, n)) {
            byte[] got = B.downloadBytes(q.data());
            float[] absmax = B.downloadFloats(q.absmax());
            float[] xs = B.downloadFloats(a);
            for (int i = 0; i < n; i++) {
                float m = absmax[i / bs];
                int want = NearestCode.search(code, xs[i] * (1f / m));
                if ((got[i] & 0xff) != want) fail("code of element " + i + ": want " + want + " got " + (got[i] & 0xff));
            }
            assertEquals(0f, absmax[1]);
            NearestCode nc = new NearestCode(code);
            MemorySegment in = CpuBackend.seg(a);
            for (int blk = 0; blk < absmax.length; blk++) {
                int len = Math.min(bs, n - blk * bs);
                float m = Blockwise8Kernels.absmaxScalar(in, dtype, (long) blk * bs, len);
                assertEquals(absmax[blk], m, "scalar absmax");
                Blockwise8Kernels.quantizeBlock(in, dtype, (long) blk * bs, len, m, nc, CpuBackend.seg(scalar));
            }
            assertArrayEquals(got, B.downloadBytes(scalar), "scalar path codes");

            for (DType od : new DType[] {DType.F32, DType.F16, DType.BF16}) {
                try (Tensor d = B.dequantizeBlockwise(q.data(), q.absmax(), c, bs, od); Tensor sd = B.allocate(od, n)) {
                    float[] y = B.downloadFloats(d);
                    for (int i = 0; i < n; i++) {
                        float want = Half.round(code[got[i] & 0xff] * absmax[i / bs], od);
                        if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(y[i])) fail(od + " dequant " + i + ": want " + want + " got " + y[i]);
                    }
                    for (int i = bs; i < 2 * bs; i++) assertEquals(0f, Math.abs(y[i]), "all-zero block dequantizes to zero");
                    Blockwise8Kernels.dequantizeBlocks(CpuBackend.seg(q.data()), CpuBackend.seg(q.absmax()), code, n, bs, CpuBackend.seg(sd), od, 0,
                            absmax.length);
                    FourBitGoldenTest.assertBitsEqual(y, B.downloadFloats(sd), od + " scalar dequant");
                }
            }
        }
    }

    /** TOLERANCES §1: randn(1024,1024) with the signed map; rand [0,1) with create_dynamic_map(signed) and unsigned. */
    @ParameterizedTest(name = "bs{0}")
    @MethodSource("blocks")
    void roundTripErrorWithinUpstreamBars(int bs) {
        float[] g = FourBitPropertyTest.gaussian1M();
        check(g, Codebooks.dynamicSigned(), bs, 0.011, 0.018);
        float[] u = uniform1M();
        check(u, Codebooks.dynamicSigned(), bs, 0.0036, 0.015);
        check(u, Codebooks.dynamicUnsigned(), bs, 0.0023, 0.012);
    }

    static Stream<Integer> blocks() { return java.util.Arrays.stream(BLOCKSIZES).boxed(); }

    private static float[] uniform;

    static synchronized float[] uniform1M() {
        if (uniform == null) {
            Random r = new Random(7);
            uniform = new float[1 << 20];
            for (int i = 0; i < uniform.length; i++) uniform[i] = r.nextFloat();
        }
        return uniform;
    }

    static void check(float[] x, float[] code, int bs, double absBar, double relBar) {
        try (Tensor a = B.upload(x, x.length); Tensor c = B.upload(code, 256); Quantized q = B.quantizeBlockwise(a, c, bs);
             Tensor d = B.dequantizeBlockwise(q.data(), q.absmax(), c, bs, DType.F32)) {
            float[] y = B.downloadFloats(d);
            double[] err = Tensors.meanErrors(x, y);
            double abs = err[0], rel = err[1];
            assertTrue(abs < absBar, "mean abs error " + abs + " >= " + absBar);
            assertTrue(rel < relBar, "mean rel error " + rel + " >= " + relBar);
        }
    }
}
