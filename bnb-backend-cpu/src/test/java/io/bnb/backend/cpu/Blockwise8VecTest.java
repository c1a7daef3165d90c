package io.bnb.backend.cpu;

import io.bnb.api.Codebooks;
import io.bnb.api.DType;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The vector 8-bit blockwise kernels against the scalar reference of {@link Blockwise8Kernels},
 * bit for bit, on random data with the awkward scales (NaN, ±inf, 0, subnormal, overflowing) and
 * codes with non-finite entries, for block sizes on both sides of the 256-entry table.
 */
class Blockwise8VecTest {
    static final float[] ODD_SCALES = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE, 1e-40f,
            Float.MAX_VALUE, 3e38f, -2.5f, 1e-30f};

    @Test
    void dequantize16BitOutputsEqualTheScalarReference() {
        Tensors.assumeVectorApi();
        SplittableRandom r = new SplittableRandom(11);
        float[] wild = Codebooks.dynamicSigned();
        wild[3] = Float.NaN;
        wild[200] = Float.POSITIVE_INFINITY;
        wild[17] = -3e38f;
        float[] random = new float[256];
        for (int i = 0; i < 256; i++) random[i] = (float) r.nextDouble(-4, 4);
        try (Arena arena = Arena.ofConfined()) {
            for (float[] code : new float[][] {Codebooks.dynamicSigned(), Codebooks.dynamicUnsigned(), random, wild}) {
                // tails: a short last block, and one of 256 or more whose length is not a multiple of 4
                for (int[] shape : new int[][] {{64, 29}, {256, 29}, {512, 29}, {512, 259}, {1024, 1023}}) {
                    int bs = shape[0], n = 5 * bs + shape[1], blocks = (n + bs - 1) / bs;
                    MemorySegment q = arena.allocate(n), absmax = arena.allocate(4L * blocks);
                    for (int i = 0; i < n; i++) q.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt(256));
                    for (int b = 0; b < blocks; b++) {
                        float s = r.nextInt(3) == 0 ? ODD_SCALES[r.nextInt(ODD_SCALES.length)] : (float) r.nextDouble(-10, 10);
                        absmax.setAtIndex(Elements.F32, b, s);
                    }
                    MemorySegment vecF = arena.allocate(4L * n), refF = arena.allocate(4L * n);
                    // the F32 kernel of the permute path (emulated where the CPU lacks VBMI)
                    Blockwise8Vec.dequantizeF32(q, absmax, code, n, bs, vecF, 0, 2);
                    Blockwise8Vec.dequantizeF32(q, absmax, code, n, bs, vecF, 2, blocks);
                    Blockwise8Kernels.dequantizeBlocks(q, absmax, code, n, bs, refF, DType.F32, 0, blocks);
                    for (int i = 0; i < n; i++)
                        assertEquals(refF.getAtIndex(ValueLayout.JAVA_INT, i), vecF.getAtIndex(ValueLayout.JAVA_INT, i),
                                "F32 bs" + bs + " element " + i + ", code " + (q.get(ValueLayout.JAVA_BYTE, i) & 0xff));
                    for (DType d : new DType[] {DType.BF16, DType.F16}) {
                        MemorySegment vec = arena.allocate(2L * n), ref = arena.allocate(2L * n);
                        // in two ranges, as the parallel split calls it
                        Blockwise8Vec.dequantize(q, absmax, code, n, bs, vec, d, 0, 2);
                        Blockwise8Vec.dequantize(q, absmax, code, n, bs, vec, d, 2, blocks);
                        Blockwise8Kernels.dequantizeBlocks(q, absmax, code, n, bs, ref, d, 0, blocks);
                        for (int i = 0; i < n; i++)
                            assertEquals(ref.getAtIndex(Elements.I16, i), vec.getAtIndex(Elements.I16, i),
                                    d + " bs" + bs + " element " + i + ", code " + (q.get(ValueLayout.JAVA_BYTE, i) & 0xff) + ", scale "
                                            + absmax.getAtIndex(Elements.F32, i / bs));
                    }
                }
            }
        }
    }
}
