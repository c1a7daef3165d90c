package io.bnb.backend.cpu;

import io.bnb.api.Codebooks;
import io.bnb.api.DType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The BF16 key tables of 8-bit blockwise quantization against the code search itself
 * ({@code index(x * (1 / absmax))}): every BF16 value under each absmax tried, codes whose
 * thresholds are too small for the tables, and whole inputs with awkward blocks through the kernel.
 * Both kernels: the scalar key-table lookup ({@code block}) and the byte-permute one
 * ({@code blockOctaves}, where the JIT has VBMI).
 */
class Blockwise8Bf16KeysTest {
    @BeforeAll
    static void vectorApi() {
        Tensors.assumeVectorApi();
    }

    /** Every BF16 value with |x| <= m: all 128 mantissas of m at exponent 0, and some at the ends of the handled range. */
    @Test
    void everyBf16ValueTakesTheCodeOfTheSearch() {
        long checked = 0;
        for (float[] code : new float[][] {Codebooks.dynamicSigned(), Codebooks.dynamicUnsigned(), Codebooks.createDynamicMap(true, 5, 8)}) {
            NearestCode search = NearestCode.of(code);
            Blockwise8Bf16Keys keys = search.bf16Keys();
            assertNotNull(keys, "the upstream maps have tables");
            Blockwise8Bf16Keys.Scratch w = new Blockwise8Bf16Keys.Scratch();
            try (Arena arena = Arena.ofConfined()) {
                for (int e : new int[] {-80, 0, 79}) {
                    for (int mu = 0; mu < 128; mu += e == 0 ? 1 : 9) {
                        float m = Float.intBitsToFloat(((127 + e) << 7 | mu) << 16);
                        assertTrue(Blockwise8Bf16Keys.handles(m), "handled: " + m);
                        short[] x = valuesUpTo(m);
                        MemorySegment in = arena.allocate(2L * x.length), out = arena.allocate(x.length);
                        MemorySegment.copy(x, 0, in, ValueLayout.JAVA_SHORT_UNALIGNED, 0, x.length);
                        float r = 1f / m;
                        for (boolean octaves : Blockwise8Bf16Keys.OCTAVE_KERNEL ? new boolean[] {false, true} : new boolean[] {false}) {
                            out.fill((byte) 0x5a);
                            if (octaves) keys.blockOctaves(in, 0, x.length, m, w, out);
                            else keys.block(in, 0, x.length, m, w, out);
                            for (int i = 0; i < x.length; i++) {
                                int want = search.exact(Elements.bf16ToFloat(x[i]) * r), got = out.get(ValueLayout.JAVA_BYTE, i) & 0xff;
                                if (got != want)
                                    fail((octaves ? "octave kernel" : "key table") + ", absmax " + m + ", x " + Elements.bf16ToFloat(x[i]) + ": code " + got
                                            + ", search " + want);
                            }
                            checked += x.length;
                        }
                    }
                }
            }
        }
        assertTrue(checked > 10_000_000, "checked " + checked);
    }

    /** A code with entries far below 2^-40 of its largest: the values the tables lump together differ, so it has none. */
    @Test
    void aCodeWithTinyThresholdsHasNoTables() {
        float[] code = Codebooks.dynamicSigned();
        code[127] = -1e-20f;
        code[128] = 1e-20f;
        java.util.Arrays.sort(code);
        assertNull(NearestCode.of(code).bf16Keys());
    }

    /**
     * A BF16 input above the size that takes the tables, with zero, NaN, infinite, subnormal,
     * extreme and ordinary blocks and a short last block: the same bytes and absmax as the scalar kernel.
     */
    @Test
    void largeInputsMatchTheScalarKernel() {
        float[] scales = {0x1p-80f, Math.nextDown(0x1p-80f), 0x1p80f, Math.nextUp(0x1p80f), 0f, Float.NaN, Float.POSITIVE_INFINITY, 1e-40f,
                3.3895314e38f, 1f, 0.02f, 7f};
        int bs = 256;
        int n = (int) Blockwise8Bf16Keys.MIN_ELEMENTS + 3 * bs + 77;
        SplittableRandom rnd = new SplittableRandom(9);
        try (Arena arena = Arena.ofShared()) { // the kernel splits the blocks over threads
            MemorySegment in = arena.allocate(2L * n);
            for (int i = 0; i < n; i++) {
                float s = scales[i / bs % scales.length];
                float v = Float.isFinite(s) ? (float) (rnd.nextGaussian() * 0.3) * s : (i % 7 == 0 ? s : 1f);
                in.setAtIndex(Elements.I16, i, Elements.bf16(v));
            }
            long blocks = (n + bs - 1) / bs;
            for (float[] code : new float[][] {Codebooks.dynamicSigned(), Codebooks.dynamicUnsigned()}) {
                NearestCode search = NearestCode.of(code);
                MemorySegment got = arena.allocate(n), gotMax = arena.allocate(4 * blocks), ref = arena.allocate(n), refMax = arena.allocate(4 * blocks);
                Blockwise8Kernels.quantize(in, DType.BF16, n, bs, search, got, gotMax);
                for (long b = 0; b < blocks; b++) {
                    long start = b * bs;
                    int len = (int) Math.min(bs, n - start);
                    float m = Blockwise8Kernels.absmaxScalar(in, DType.BF16, start, len);
                    refMax.setAtIndex(Elements.F32, b, m);
                    Blockwise8Kernels.quantizeBlock(in, DType.BF16, start, len, m, search, ref);
                }
                assertEquals(-1, ref.mismatch(got), "first differing code");
                FourBitGoldenTest.assertBitsEqual(refMax.toArray(ValueLayout.JAVA_FLOAT), gotMax.toArray(ValueLayout.JAVA_FLOAT), "absmax");
            }
        }
    }

    /**
     * The BF16 bits of every value with |x| <= m, padded with zeros to a multiple of 128 (the octave
     * kernel's unit), in a shuffled order so that every 64-element vector mixes signs and octaves.
     */
    private static short[] valuesUpTo(float m) {
        short[] all = new short[65536];
        int count = 0;
        for (int b = 0; b < 65536; b++) if (Math.abs(Elements.bf16ToFloat(b)) <= m) all[count++] = (short) b;
        short[] x = java.util.Arrays.copyOf(all, (count + 127) & -128);
        SplittableRandom rnd = new SplittableRandom(count);
        for (int i = x.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            short t = x[i];
            x[i] = x[j];
            x[j] = t;
        }
        return x;
    }

}
