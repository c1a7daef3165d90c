package io.bnb.backend.cpu;

import jdk.incubator.vector.*;

import java.lang.foreign.MemorySegment;

import static io.bnb.backend.cpu.Vec.LE;
import static jdk.incubator.vector.VectorOperators.*;

/**
 * {@link FourBitGemvBf16#rows} in 512-bit vectors, for machines whose preferred vectors are 512-bit
 * (AVX-512). The pipeline is the same: a word {@code selectFrom} per 128 nibbles into the bfloat16
 * code table (repeated twice, as a 32-word lookup wraps its index to 32 entries), shifts to float32
 * weights, FMAs against activations in the {@link FourBitGemvBf16#permuteWords} order for
 * {@link #LANES} lanes. A pass covers 128 weights, which may span two 64-weight blocks: the lanes of
 * the first 64 weights take the first block's scale, the others the second's.
 */
final class FourBitGemvBf16Wide {
    private FourBitGemvBf16Wide() {}

    private static final VectorSpecies<Short> S32 = ShortVector.SPECIES_512;
    private static final VectorSpecies<Float> F16 = FloatVector.SPECIES_512;
    /** Lanes of the {@link FourBitGemvBf16#permuteWords} order that {@link #rows} reads. */
    static final int LANES = F16.length();
    /** Lanes 8..15: the weights 64..127 of a pass. */
    private static final VectorMask<Float> SECOND_HALF = VectorMask.fromLong(F16, 0xFF00L);

    /**
     * Whether this kernel serves rows of {@code k} weights in blocks of {@code bs}: the float
     * kernels take 512-bit vectors (native on Intel, or forced for tests) and passes never straddle
     * a row. Not on Zen 4, whose float kernels stay 256-bit: there this kernel alone took 485-502
     * against 576-578 us for 4096x4096 on two threads, but in full bench runs it left its vectors
     * boxed in two runs of six (21-56 MB a call) and was no faster in the others (session 24, with
     * the byte-table pipeline of that time).
     */
    static boolean serves(int k, int bs) {
        return FloatLanesVec.L == LANES && k % 128 == 0 && FourBitGemvBf16.handles(k, bs);
    }

    /** The lookup table of {@link #rows}: {@link FourBitGemvBf16#tables(float[], int)} twice over, for 32-word lookups. */
    static short[] tables(float[] code) { return FourBitGemvBf16.tables(code, 2); }

    /** As {@link FourBitGemvBf16#rows}, with {@code xp} permuted for {@link #LANES} lanes and {@link #tables}. */
    static void rows(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, short[] table,
                     float[] sums) {
        MemorySegment p = Segments.nativeSegment(packed);
        int shift = Integer.numberOfTrailingZeros(bs);
        FourBitGemvBf16.inBatches(k, r0, r1, bs, scales, (b0, b1, blk0, sc) -> batch(xp, k, p, b0, b1, shift, blk0, sc, table, sums, r0));
    }

    /** Rows {@code [b0, b1)} of {@link #rows} (see {@link FourBitGemvBf16#inBatches}). */
    private static void batch(float[] xp, int k, MemorySegment packed, int b0, int b1, int shift, long blk0, float[] batchScales,
                              short[] table, float[] sums, int r0) {
        ShortVector t = ShortVector.fromArray(S32, table, 0);
        VectorMask<Float> second = SECOND_HALF;
        for (int row = b0; row < b1; row++) {
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F16), c1 = c0;
            for (int kk = 0; kk < k; kk += 128) {
                long f = f0 + kk;
                ShortVector pk = ShortVector.fromMemorySegment(S32, packed, f >>> 1, LE);
                IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F16, xp, kk));
                FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F16, xp, kk + 16));
                a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 32), a0);
                a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 48), a1);
                a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 64), a0);
                a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 80), a1);
                a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 96), a0);
                a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 112), a1);
                FloatVector s = FloatVector.broadcast(F16, batchScales[(int) ((f >>> shift) - blk0)])
                        .blend(batchScales[(int) (((f + 64) >>> shift) - blk0)], second);
                c0 = a0.fma(s, c0);
                c1 = a1.fma(s, c1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }
}
