package io.bnb.backend.cpu;

import jdk.incubator.vector.*;

import java.lang.foreign.MemorySegment;

import static io.bnb.backend.cpu.Vec.LE;
import static jdk.incubator.vector.VectorOperators.*;

/**
 * {@link FourBitGemvBf16Bytes#rows} in 512-bit vectors, for machines whose preferred vectors are
 * 512-bit (AVX-512) on Intel. The pipeline is the same: a byte {@code selectFrom} per 64 nibbles
 * into bfloat16 code tables, byte blends and shifts to float32 weights, FMAs against activations
 * permuted for {@link #LANES} lanes ({@link FourBitGemvBf16#permute}). A 64-byte {@code selectFrom}
 * is one instruction where the CPU has AVX-512 VBMI ({@code vpermb}), so one pass handles twice the weights of the 256-bit kernel for about
 * the same instructions, though Intel cores issue 512-bit operations on two ports against three for
 * 256-bit ones. Measured on a 16-vCPU Xeon (Emerald Rapids class) against the 256-bit kernel: 1.2-1.5x
 * faster with 4-16 threads while the weights come from cache; the same when they stream from DRAM
 * at 16 threads, and no clear gain on one thread.
 *
 * <p>A pass covers 128 weights, which may span two 64-weight blocks: the lanes of the first 64
 * weights take the first block's scale, the others the second's.
 *
 * <p>Not the word lookups of {@link FourBitGemvBf16#rows} (one {@code vpermw} per 32 weights): in
 * 512-bit vectors on that Xeon they took 160-212 against 135-154 us at 4096x4096 on 16 threads
 * (best of 80 calls, alternating JVMs, session 27).
 */
final class FourBitGemvBf16Wide {
    private FourBitGemvBf16Wide() {}

    private static final VectorSpecies<Byte> B64 = ByteVector.SPECIES_512;
    private static final VectorSpecies<Float> F16 = FloatVector.SPECIES_512;
    /** Lanes of the {@link FourBitGemvBf16#permute} order that {@link #rows} reads. */
    static final int LANES = F16.length();
    private static final VectorMask<Byte> ODD_BYTES = VectorMask.fromLong(B64, 0xAAAAAAAAAAAAAAAAL);
    /** Lanes 8..15: the weights 64..127 of a pass. */
    private static final VectorMask<Float> SECOND_HALF = VectorMask.fromLong(F16, 0xFF00L);

    /**
     * Whether this kernel serves rows of {@code k} weights in blocks of {@code bs}: the float
     * kernels take 512-bit vectors (native on Intel, or forced for tests) and passes never straddle
     * a row. Not on Zen 4, whose float kernels stay 256-bit: there this kernel alone took 485-502
     * against 576-578 us for 4096x4096 on two threads, but in full bench runs it left its vectors
     * boxed in two runs of six (21-56 MB a call) and was no faster in the others (session 24).
     */
    static boolean serves(int k, int bs) {
        return FloatLanesVec.L == LANES && k % 128 == 0 && FourBitGemvBf16.handles(k, bs);
    }

    /** The lookup tables of {@link #rows}: {@link FourBitGemvBf16Bytes#tables(float[], int)} four times over, for 64-byte lookups. */
    static byte[] tables(float[] code) { return FourBitGemvBf16Bytes.tables(code, 4); }

    /** As {@link FourBitGemvBf16Bytes#rows}, with {@code xp} permuted for {@link #LANES} lanes and {@link #tables}. */
    static void rows(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, byte[] tables,
                     float[] sums) {
        MemorySegment p = Segments.nativeSegment(packed);
        FourBitGemvBf16.inBatches(k, r0, r1, bs, scales, (b0, b1, blk0, shift, sc) -> batch(xp, k, p, b0, b1, shift, blk0, sc, tables, sums, r0));
    }

    /** Rows {@code [b0, b1)} of {@link #rows} (see {@link FourBitGemvBf16#inBatches}). */
    private static void batch(float[] xp, int k, MemorySegment packed, int b0, int b1, int shift, long blk0, float[] batchScales,
                              byte[] tables, float[] sums, int r0) {
        ByteVector tl = ByteVector.fromArray(B64, tables, 0), th = ByteVector.fromArray(B64, tables, 64);
        VectorMask<Byte> odd = ODD_BYTES;
        VectorMask<Float> second = SECOND_HALF;
        for (int row = b0; row < b1; row++) {
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F16), c1 = c0;
            for (int kk = 0; kk < k; kk += 128) {
                long f = f0 + kk;
                ByteVector pk = ByteVector.fromMemorySegment(B64, packed, f >>> 1, LE);
                ByteVector hi = pk.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector lh = hi.selectFrom(tl), hh = hi.selectFrom(th);
                IntVector weH = lh.blend(hh.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
                IntVector woH = lh.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hh, odd).reinterpretAsInts();
                FloatVector a0 = weH.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F16, xp, kk));
                FloatVector a1 = woH.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F16, xp, kk + 32));
                a0 = weH.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 64), a0);
                a1 = woH.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 96), a1);
                ByteVector ll = pk.selectFrom(tl), hl = pk.selectFrom(th);
                IntVector weL = ll.blend(hl.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
                IntVector woL = ll.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hl, odd).reinterpretAsInts();
                a0 = weL.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 16), a0);
                a1 = woL.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 48), a1);
                a0 = weL.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 80), a0);
                a1 = woL.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 112), a1);
                FloatVector s = FloatVector.broadcast(F16, batchScales[(int) ((f >>> shift) - blk0)])
                        .blend(batchScales[(int) (((f + 64) >>> shift) - blk0)], second);
                c0 = a0.fma(s, c0);
                c1 = a1.fma(s, c1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }
}
