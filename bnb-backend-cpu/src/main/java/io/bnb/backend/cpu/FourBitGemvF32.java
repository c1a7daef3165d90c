package io.bnb.backend.cpu;

import jdk.incubator.vector.*;

import java.lang.foreign.MemorySegment;

import static io.bnb.backend.cpu.Vec.LE;
import static jdk.incubator.vector.VectorOperators.*;

/**
 * The fast-mode gemv kernel for one F32 or F16 activation row, where the JIT has AVX-512: the
 * counterpart of {@link FourBitGemvBf16#rows} for the other activation dtypes.
 *
 * <p>The 16 code values stay float32 in one 512-bit vector, and a 16-lane {@code selectFrom}
 * ({@code vpermps}) reads them by the low four bits of each int lane, whatever the bits above.
 * So the packed weights are read as 16 ints of eight nibbles each (128 weights) and shifting them
 * by 4, 8, ... 28 bits brings each nibble down in turn: eight lookups of 16 exact float32 code
 * values, no widening. Products are fused into float32 sums per 64 weights, which are multiplied
 * by their block's float32 scale (the first eight lanes hold weights 0..63 of the pass, the other
 * eight 64..127, so blocks of 64 take two scales a pass). The weight is thus {@code code * scale}
 * unrounded, where the general fast path uses {@code T(code * scale)}; for F16 that skips a
 * rounding to 11 bits that the CUDA kernel makes and upstream's bars do not need.
 *
 * <p>Measured on the 2-core Zen 4 machine (one thread, weights in L2, session 32): 9.9 cycles per
 * 64 weights, against 9.6 for the BF16 word kernel. Through the API, gemv 4096² with an F16 row
 * took 4.3 ms before it (each block's 16 weights rounded to F16 in scalar code, then a dot
 * product) and an F32 row 1.0 ms.
 */
final class FourBitGemvF32 {
    private FourBitGemvF32() {}

    private static final VectorSpecies<Float> F16 = FloatVector.SPECIES_512;
    private static final VectorSpecies<Integer> I16 = IntVector.SPECIES_512;
    /** Lanes 8..15: the weights 64..127 of a pass. */
    private static final VectorMask<Float> SECOND_HALF = VectorMask.fromLong(F16, 0xFF00L);

    /**
     * Whether this kernel serves rows of {@code k} weights in blocks of {@code bs}: the JIT uses
     * AVX-512 ({@link FourBitGemvBf16#WORDS}: elsewhere a 16-lane permute is emulated), passes of
     * 128 weights never straddle a row, and blocks are powers of two of 64 or more.
     */
    static boolean serves(int k, int bs) {
        return FourBitGemvBf16.WORDS && k % 128 == 0 && FourBitGemvBf16.handles(k, bs);
    }

    /**
     * The activations in the order the lookups yield the weights: within each pass of 128, lookup q
     * (the ints shifted by 4q) holds in lane l the nibble q of int l, that is byte {@code 4l + q/2},
     * whose high nibble is the even weight. So {@code xp[c + 16q + l] = x[c + 8l + (q ^ 1)]}.
     */
    static float[] permute(float[] x, int k) {
        float[] xp = new float[k];
        for (int c = 0; c < k; c += 128)
            for (int q = 0; q < 8; q++)
                for (int l = 0; l < 16; l++) xp[c + 16 * q + l] = x[c + 8 * l + (q ^ 1)];
        return xp;
    }

    /**
     * Float32 dot products of weight rows {@code [r0, r1)} with {@code xp} ({@link #permute}) into
     * {@code sums[row - r0]}, with the 16 float32 {@code code} values.
     */
    static void rows(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, float[] code, float[] sums) {
        MemorySegment p = Segments.nativeSegment(packed);
        FourBitGemvBf16.inBatches(k, r0, r1, bs, scales, (b0, b1, blk0, shift, sc) -> batch(xp, k, p, b0, b1, shift, blk0, sc, code, sums, r0));
    }

    /**
     * Rows {@code [b0, b1)} of {@link #rows} (see {@link FourBitGemvBf16#inBatches}). The table is
     * made here, not passed (a vector argument would be boxed); the lookups are written out.
     */
    private static void batch(float[] xp, int k, MemorySegment packed, int b0, int b1, int shift, long blk0, float[] batchScales,
                              float[] code, float[] sums, int r0) {
        VectorMask<Float> second = SECOND_HALF;
        for (int row = b0; row < b1; row++) {
            IntVector t = FloatVector.fromArray(F16, code, 0).reinterpretAsInts();
            long f0 = (long) row * k;
            int o = (int) (f0 - (blk0 << shift)); // the row's offset from the batch's first block: below 2^30 + bs
            long p0 = f0 >>> 1;
            FloatVector c0 = FloatVector.zero(F16), c1 = c0;
            for (int kk = 0; kk < k; kk += 128) {
                IntVector d = IntVector.fromMemorySegment(I16, packed, p0 + (kk >>> 1), LE);
                FloatVector a0 = d.selectFrom(t).reinterpretAsFloats().mul(FloatVector.fromArray(F16, xp, kk));
                FloatVector a1 = d.lanewise(LSHR, 4).selectFrom(t).reinterpretAsFloats().mul(FloatVector.fromArray(F16, xp, kk + 16));
                a0 = d.lanewise(LSHR, 8).selectFrom(t).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 32), a0);
                a1 = d.lanewise(LSHR, 12).selectFrom(t).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 48), a1);
                a0 = d.lanewise(LSHR, 16).selectFrom(t).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 64), a0);
                a1 = d.lanewise(LSHR, 20).selectFrom(t).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 80), a1);
                a0 = d.lanewise(LSHR, 24).selectFrom(t).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 96), a0);
                a1 = d.lanewise(LSHR, 28).selectFrom(t).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 112), a1);
                FloatVector s = FloatVector.broadcast(F16, batchScales[(o + kk) >>> shift]).blend(batchScales[(o + kk + 64) >>> shift], second);
                c0 = a0.fma(s, c0);
                c1 = a1.fma(s, c1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }
}
