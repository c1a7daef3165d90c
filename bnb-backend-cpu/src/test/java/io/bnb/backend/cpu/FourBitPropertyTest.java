package io.bnb.backend.cpu;

import io.bnb.api.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Properties of quantize_4bit / dequantize_4bit on fresh data: every block size, odd lengths and
 * tails, all-zero blocks, both code paths, an independent statement of the coding rule, and the
 * round-trip error bars of upstream's test_4bit_quant (TOLERANCES.md §2).
 */
class FourBitPropertyTest {
    static final CpuBackend B = new CpuBackend();
    static final int[] BLOCKSIZES = {32, 64, 128, 256, 512, 1024, 2048, 4096};

    /** Test data: N(0,1) with an all-zero second block, signed zeros and tiny values, odd length with a tail. */
    static float[] data(int bs, long seed) {
        Random r = new Random(seed);
        float[] x = new float[3 * bs + 17];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        for (int i = bs; i < 2 * bs; i++) x[i] = 0f;
        x[0] = -0f;
        x[1] = 1e-30f;
        x[2] = -1e-30f;
        return x;
    }

    static Stream<Arguments> grid() {
        List<Arguments> out = new ArrayList<>();
        for (int bs : BLOCKSIZES)
            for (QuantType t : QuantType.values())
                for (DType d : new DType[] {DType.F32, DType.F16, DType.BF16}) out.add(Arguments.of(bs, t, d));
        return out.stream();
    }

    static Stream<Arguments> bf16Grid() {
        List<Arguments> out = new ArrayList<>();
        for (int bs : BLOCKSIZES)
            for (QuantType t : QuantType.values()) out.add(Arguments.of(bs, t));
        return out.stream();
    }

    @ParameterizedTest(name = "bs{0} {1} {2}")
    @MethodSource("grid")
    void codesFollowTheRuleOnBothPaths(int bs, QuantType type, DType dtype) {
        float[] x = data(bs, bs * 31L + type.ordinal() * 7 + dtype.ordinal());
        int n = x.length;
        try (Tensor a = B.upload(x, dtype, n); Quantized q = B.quantize4bit(a, bs, type, DType.U8); Arena arena = Arena.ofConfined()) {
            byte[] packed = B.downloadBytes(q.data());
            float[] absmax = B.downloadFloats(q.absmax());
            float[] xs = B.downloadFloats(a); // the input as the op sees it (rounded to dtype)

            // independent statement of the rule
            for (int blk = 0; blk < absmax.length; blk++) {
                float m = 0;
                for (int i = blk * bs; i < Math.min(n, (blk + 1) * bs); i++) m = Math.max(m, Math.abs(xs[i]));
                assertEquals(m, absmax[blk], "absmax of block " + blk);
            }
            assertEquals(0f, absmax[1], "all-zero block");
            for (int i = 0; i <= n; i++) {
                if (i == n && (n & 1) == 0) break;
                float m = absmax[i / bs];
                float v = (i < n ? xs[i] : 0f) * (1f / m);
                int want = type == QuantType.NF4 ? nf4Rule(v) : fp4Rule(v);
                if (want != FourBitGoldenTest.nibble(packed, i))
                    fail("code of element " + i + " (scaled " + v + "): want " + want + " got " + FourBitGoldenTest.nibble(packed, i));
            }
            assertEquals(type == QuantType.NF4 ? 7 : 0, FourBitGoldenTest.nibble(packed, n), "padding nibble of the odd tail");
            for (int i = bs; i < 2 * bs; i++) if (FourBitGoldenTest.nibble(packed, i) != 0) fail("all-zero block code at " + i + " (NaN -> 0)");

            // the scalar path gives the same bytes
            MemorySegment sp = arena.allocate((n + 1) / 2), sa = arena.allocate(4L * absmax.length);
            FourBitKernels.quantizeScalar(CpuBackend.seg(a), dtype, n, bs, type, sp, sa, 0, absmax.length);
            assertArrayEquals(packed, sp.toArray(ValueLayout.JAVA_BYTE), "scalar path bytes");

            // dequantize to every dtype: one rounding of the float32 product, both paths
            float[] lut = Codebooks.fourBit(type);
            if (type == QuantType.FP4) lut[8] = -0f;
            for (DType od : new DType[] {DType.F32, DType.F16, DType.BF16}) {
                try (Tensor out = B.dequantize4bit(q.data(), q.absmax(), bs, type, new long[] {n}, od); Tensor so = B.allocate(od, n)) {
                    float[] got = B.downloadFloats(out);
                    for (int i = 0; i < n; i++) {
                        float want = Half.round(lut[FourBitGoldenTest.nibble(packed, i)] * absmax[i / bs], od);
                        if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(got[i])) fail(od + " dequant of element " + i + ": want " + want + " got " + got[i]);
                    }
                    FourBitKernels.dequantizeScalar(CpuBackend.seg(q.data()), CpuBackend.seg(q.absmax()), n, bs, type, CpuBackend.seg(so), od,
                            0, absmax.length);
                    FourBitGoldenTest.assertBitsEqual(got, B.downloadFloats(so), od + " scalar dequant");
                }
            }
        }
    }

    /**
     * Quantize BF16 input with special values (NaN, infinities, subnormals, the largest finite
     * bf16, signed zeros) in every block: the vector path writes the same bytes and absmax as the
     * scalar path, whole and ragged last blocks included.
     */
    @ParameterizedTest(name = "bs{0} {1}")
    @MethodSource("bf16Grid")
    void bf16SpecialValuesMatchTheScalarPath(int bs, QuantType type) {
        DType dtype = DType.BF16;
        float[] x = data(bs, 977L * bs + type.ordinal());
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-40f, -1e-40f, 3.3895314e38f, -0f, 0f};
        for (int i = 0; i < x.length; i += 13) x[i] = specials[(i / 13) % specials.length];
        for (int tail : new int[] {17, 0, 1, 7}) {  // 17: whole blocks only
            int n = x.length - tail;
            try (Tensor a = B.upload(Arrays.copyOf(x, n), dtype, n); Quantized q = B.quantize4bit(a, bs, type, DType.U8);
                 Arena arena = Arena.ofConfined()) {
                long blocks = (n + bs - 1) / bs;
                MemorySegment sp = arena.allocate((n + 1) / 2), sa = arena.allocate(4L * blocks);
                FourBitKernels.quantizeScalar(CpuBackend.seg(a), dtype, n, bs, type, sp, sa, 0, blocks);
                assertArrayEquals(sp.toArray(ValueLayout.JAVA_BYTE), B.downloadBytes(q.data()), "packed bytes, n=" + n);
                FourBitGoldenTest.assertBitsEqual(sa.toArray(ValueLayout.JAVA_FLOAT), B.downloadFloats(q.absmax()), "absmax, n=" + n);
            }
        }
    }

    /**
     * Dequantize with scales the quantizer never writes (NaN with and without low payload bits,
     * infinities, huge and subnormal values, zero): 16-bit outputs of the vector path equal the
     * scalar path bit for bit (F16 NaN payloads aside), and finite products equal one rounding of
     * {@code code * absmax}.
     */
    @Test
    void dequantizeWithOddScalesMatchesTheScalarPath() {
        Random r = new Random(77);
        float[] odd = {Float.NaN, Float.intBitsToFloat(0x7fffffff), Float.intBitsToFloat(0xffc0ffff), Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, 3e38f, -3e38f, Float.MIN_VALUE, 0f, -0f, 1f, 0.0371f}; // NaNs with payloads in the low half too
        for (int bs : new int[] {64, 128})
            for (QuantType type : QuantType.values()) {
                int blocks = 24, n = blocks * bs;
                byte[] packed = new byte[n / 2];
                r.nextBytes(packed);
                float[] absmax = new float[blocks];
                for (int b = 0; b < blocks; b++) absmax[b] = b < odd.length ? odd[b] : (float) r.nextGaussian();
                float[] lut = Codebooks.fourBit(type);
                if (type == QuantType.FP4) lut[8] = -0f;
                try (Tensor p = Tensors.bytes(B, packed, DType.U8, n / 2); Tensor a = B.upload(absmax, blocks)) {
                    for (DType od : new DType[] {DType.BF16, DType.F16}) {
                        try (Tensor out = B.dequantize4bit(p, a, bs, type, new long[] {n}, od); Tensor so = B.allocate(od, n)) {
                            float[] got = B.downloadFloats(out);
                            FourBitKernels.dequantizeScalar(CpuBackend.seg(p), CpuBackend.seg(a), n, bs, type, CpuBackend.seg(so), od, 0, blocks);
                            float[] scalar = B.downloadFloats(so);
                            if (od == DType.F16) // NaN payloads: Float.floatToFloat16 compiled or interpreted need not agree
                                for (int i = 0; i < n; i++) if (Float.isNaN(scalar[i]) && Float.isNaN(got[i])) got[i] = scalar[i];
                            FourBitGoldenTest.assertBitsEqual(scalar, got, od + " bs" + bs + " " + type + " odd scales");
                            for (int i = 0; i < n; i++) {
                                float want = Half.round(lut[FourBitGoldenTest.nibble(packed, i)] * absmax[i / bs], od);
                                if (!Float.isNaN(want) && Float.floatToRawIntBits(want) != Float.floatToRawIntBits(got[i]))
                                    fail(od + " element " + i + " (absmax " + absmax[i / bs] + "): want " + want + " got " + got[i]);
                            }
                        }
                    }
                }
            }
    }

    /** NF4 rule written from the spec: number of float32 midpoints of adjacent NF4 values strictly below v. */
    static int nf4Rule(float v) {
        float[] c = Codebooks.nf4();
        int k = 0;
        for (int i = 0; i < 15; i++) if (v > (c[i] + c[i + 1]) * 0.5f) k++;
        return k;
    }

    /** FP4 rule written from the spec: sign for v < 0, magnitude rank over the CUDA literals, rank -> 3-bit pattern. */
    static int fp4Rule(float v) {
        float[] lit = {0.00260417f, 0.0859375f, 0.20833333f, 0.29166667f, 0.4166667f, 0.583333f, 0.8333333f};
        int[] pattern = {0b000, 0b001, 0b110, 0b111, 0b100, 0b101, 0b010, 0b011};
        int rank = 0;
        for (float t : lit) if (Math.abs(v) > t) rank++;
        return (v < 0 ? 8 : 0) | pattern[rank];
    }

    @Test
    void nf4ThresholdsAreTheFloat32Midpoints() {
        float[] c = Codebooks.nf4();
        for (int i = 0; i < 15; i++) assertEquals((c[i] + c[i + 1]) * 0.5f, FourBitCodes.NF4_THRESHOLDS[i], "threshold " + i);
    }

    @Test
    void valuesOnAThresholdTakeTheLowerCode() {
        for (int i = 0; i < 15; i++) {
            float t = FourBitCodes.NF4_THRESHOLDS[i];
            assertEquals(i, FourBitCodes.nf4(t));
            assertEquals(i + 1, FourBitCodes.nf4(Math.nextUp(t)));
        }
        for (int i = 0; i < 7; i++) {
            float t = FourBitCodes.FP4_THRESHOLDS[i];
            assertEquals(fp4Rule(t), FourBitCodes.fp4(t));
            assertEquals(fp4Rule(-t), FourBitCodes.fp4(-t));
        }
        assertEquals(0, FourBitCodes.fp4(-0f), "-0.0 has sign 0 in FP4");
        assertEquals(0b1000, FourBitCodes.fp4(-0.001f), "tiny negatives are 0b1000 (CUDA)");
        assertEquals(0, FourBitCodes.nf4(Float.NaN));
        assertEquals(0, FourBitCodes.fp4(Float.NaN));
    }

    /** upstream test_4bit_quant: randn(1024, 1024), bars = mean + 7 std; the mean is also the expected value. */
    @ParameterizedTest(name = "bs{0} {1}")
    @MethodSource("errorBars")
    void roundTripErrorWithinUpstreamBars(int bs, QuantType type, double absMean, double absStd, double relMean, double relStd) {
        float[] x = gaussian1M();
        try (Tensor a = B.upload(x, 1024, 1024); Quantized q = B.quantize4bit(a, bs, type, DType.U8);
             Tensor d = B.dequantize4bit(q.data(), q.absmax(), bs, type, new long[] {1024, 1024}, DType.F32)) {
            float[] y = B.downloadFloats(d);
            double[] err = Tensors.meanErrors(x, y);
            double abs = err[0], rel = err[1];
            assertTrue(abs <= absMean + 7 * absStd && abs >= absMean - 7 * absStd, "mean abs error " + abs + " vs " + absMean + " +- 7*" + absStd);
            assertTrue(rel <= relMean + 7 * relStd && rel >= relMean - 7 * relStd, "mean rel error " + rel + " vs " + relMean + " +- 7*" + relStd);
        }
    }

    private static float[] gaussian;

    /** One N(0,1) sample of 1024 x 1024, shared by the error-bar cases. */
    static synchronized float[] gaussian1M() {
        if (gaussian == null) {
            Random r = new Random(1024);
            gaussian = new float[1024 * 1024];
            for (int i = 0; i < gaussian.length; i++) gaussian[i] = (float) r.nextGaussian();
        }
        return gaussian;
    }

    static Stream<Arguments> errorBars() {
        return Stream.of(
                Arguments.of(32, QuantType.FP4, 0.088925, 9.1e-05, 0.242443, 0.00033),
                Arguments.of(64, QuantType.FP4, 0.096543, 0.000111, 0.260125, 0.000379),
                Arguments.of(128, QuantType.FP4, 0.102969, 0.000134, 0.275817, 0.000433),
                Arguments.of(256, QuantType.FP4, 0.108684, 0.000182, 0.289831, 0.000497),
                Arguments.of(512, QuantType.FP4, 0.114115, 0.000234, 0.302881, 0.000583),
                Arguments.of(1024, QuantType.FP4, 0.119333, 0.00032, 0.315, 0.000757),
                Arguments.of(2048, QuantType.FP4, 0.124556, 0.000455, 0.326607, 0.000955),
                Arguments.of(4096, QuantType.FP4, 0.129536, 0.000612, 0.337169, 0.001239),
                Arguments.of(32, QuantType.NF4, 0.067746, 6.9e-05, 0.189726, 0.000304),
                Arguments.of(64, QuantType.NF4, 0.072798, 7.4e-05, 0.203339, 0.00034),
                Arguments.of(128, QuantType.NF4, 0.076831, 9.1e-05, 0.215237, 0.000391),
                Arguments.of(256, QuantType.NF4, 0.080337, 0.000102, 0.226105, 0.000398),
                Arguments.of(512, QuantType.NF4, 0.083547, 0.000143, 0.236079, 0.000544),
                Arguments.of(1024, QuantType.NF4, 0.08661, 0.000187, 0.24537, 0.0006),
                Arguments.of(2048, QuantType.NF4, 0.089592, 0.000251, 0.254163, 0.000747),
                Arguments.of(4096, QuantType.NF4, 0.092547, 0.00036, 0.262473, 0.000999));
    }

    @Test
    void quantStorageOnlyReinterpretsTheBytes() {
        float[] x = data(64, 5);
        float[] even = java.util.Arrays.copyOf(x, 200); // 100 packed bytes: a multiple of 1, 2 and 4
        try (Tensor a = B.upload(even, 200); Quantized u8 = B.quantize4bit(a, 64, QuantType.NF4, DType.U8)) {
            byte[] want = B.downloadBytes(u8.data());
            for (DType st : new DType[] {DType.F16, DType.BF16, DType.F32}) {
                try (Quantized q = B.quantize4bit(a, 64, QuantType.NF4, st)) {
                    assertEquals(st, q.data().dtype());
                    assertArrayEquals(new long[] {100 / st.byteSize(), 1}, q.data().shape());
                    assertArrayEquals(want, B.downloadBytes(q.data()), st + " storage bytes");
                    try (Tensor d1 = B.dequantize4bit(q.data(), q.absmax(), 64, QuantType.NF4, new long[] {200}, DType.F32);
                         Tensor d2 = B.dequantize4bit(u8.data(), u8.absmax(), 64, QuantType.NF4, new long[] {200}, DType.F32)) {
                        assertArrayEquals(B.downloadFloats(d2), B.downloadFloats(d1));
                    }
                }
            }
        }
        try (Tensor odd = B.upload(new float[6], 6)) { // 3 packed bytes: not a multiple of 2
            assertThrows(IllegalArgumentException.class, () -> B.quantize4bit(odd, 64, QuantType.NF4, DType.BF16));
        }
    }

    @Test
    void allZeroTensorRoundTripsToZero() {
        try (Tensor a = B.upload(new float[129], 129); Quantized q = B.quantize4bit(a, 64, QuantType.NF4, DType.U8);
             Tensor d = B.dequantize4bit(q.data(), q.absmax(), 64, QuantType.NF4, new long[] {129}, DType.BF16)) {
            for (byte b : B.downloadBytes(q.data())) assertEquals(0, b, "CUDA codes all-zero blocks as 0 (NaN falls through)");
            for (float v : B.downloadFloats(d)) assertEquals(0f, Math.abs(v));
        }
    }
}
