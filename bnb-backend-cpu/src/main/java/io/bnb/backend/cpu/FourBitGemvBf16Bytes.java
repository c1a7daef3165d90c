package io.bnb.backend.cpu;

import jdk.incubator.vector.*;

import java.lang.foreign.MemorySegment;

import static io.bnb.backend.cpu.Vec.B32;
import static io.bnb.backend.cpu.Vec.LE;
import static jdk.incubator.vector.VectorOperators.*;

/**
 * The one-row BF16 gemv for machines whose JIT has no 16-bit permute ({@link FourBitGemvBf16#WORDS}
 * false: AVX2, no AVX-512): the kernel that {@link FourBitGemvBf16#rows} replaced where it has one.
 * {@link FourBitGemvBf16Wide} is its 512-bit form (Intel AVX-512).
 * The bf16 code values are split into a low-byte and a high-byte table, looked up with one byte
 * {@code selectFrom} per 32 nibbles, and byte blends and shifts build the float32 weights; the
 * activations are in the {@link FourBitGemvBf16#permute} order for 8 lanes. On AVX2 C2 builds a
 * 256-bit byte {@code selectFrom} from two in-lane shuffles, a lane swap and a blend, and a 16-bit
 * one from more: with {@code -XX:UseAVX=2} on the Zen 4 build machine this kernel took 740-767 us
 * at 4096x4096 against 846-863 us for the word kernel (best of 60 calls, alternating JVMs).
 */
final class FourBitGemvBf16Bytes {
    private FourBitGemvBf16Bytes() {}

    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;

    /**
     * The lookup tables of {@link #rows} ({@code copies} 2) and {@link FourBitGemvBf16Wide#rows}
     * ({@code copies} 4): the low bytes of the bfloat16 bits of the 16 code values {@code copies}
     * times, then their high bytes as often. Repeated because a byte {@code selectFrom} over
     * {@code 16 copies} entries wraps an index to that range: any byte whose low nibble is c then
     * finds entry c, so the kernels need not mask the nibbles.
     */
    static byte[] tables(float[] code, int copies) {
        int half = 16 * copies;
        byte[] t = new byte[2 * half];
        for (int c = 0; c < 16; c++) {
            short b = Elements.bf16(code[c]);
            for (int i = 0; i < copies; i++) {
                t[16 * i + c] = (byte) b;
                t[half + 16 * i + c] = (byte) (b >>> 8);
            }
        }
        return t;
    }

    /** {@link #tables(float[], int)} for {@link #rows}. */
    static byte[] tables(float[] code) { return tables(code, 2); }

    /**
     * As {@link FourBitGemvBf16#rows}, with {@code xp} in the {@link FourBitGemvBf16#permute} order
     * for {@link FourBitGemvBf16#WIDE} lanes and {@link #tables}. The table vectors are made in
     * {@link #batch}, not passed to it: a vector argument would be boxed.
     */
    static void rows(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, byte[] tables,
                     float[] sums) {
        MemorySegment p = Segments.nativeSegment(packed);
        FourBitGemvBf16.inBatches(k, r0, r1, bs, scales, (b0, b1, blk0, shift, sc) -> batch(xp, k, p, b0, b1, shift, blk0, sc, tables, sums, r0));
    }

    /** Rows {@code [b0, b1)} of {@link #rows} (see {@link FourBitGemvBf16#inBatches}). */
    private static void batch(float[] xp, int k, MemorySegment packed, int b0, int b1, int shift, long blk0, float[] batchScales,
                              byte[] tables, float[] sums, int r0) {
        ByteVector tl = ByteVector.fromArray(B32, tables, 0), th = ByteVector.fromArray(B32, tables, 32);
        VectorMask<Byte> odd = FourBitGemvBf16.ODD_BYTES_256;
        for (int row = b0; row < b1; row++) {
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                long f = f0 + kk;
                ByteVector pk = ByteVector.fromMemorySegment(B32, packed, f >>> 1, LE);
                // the high nibbles in the low bits of each byte; the bits above are ignored (see tables)
                ByteVector hi = pk.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector lh = hi.selectFrom(tl), hh = hi.selectFrom(th);
                // bf16 words: weights of the even bytes' nibbles (we*) and of the odd bytes' (wo*)
                IntVector weH = lh.blend(hh.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
                IntVector woH = lh.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hh, odd).reinterpretAsInts();
                FloatVector a0 = weH.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                FloatVector a1 = woH.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 16));
                a0 = weH.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                a1 = woH.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a1);
                ByteVector ll = pk.selectFrom(tl), hl = pk.selectFrom(th);
                IntVector weL = ll.blend(hl.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
                IntVector woL = ll.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hl, odd).reinterpretAsInts();
                a0 = weL.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 8), a0);
                a1 = woL.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                a0 = weL.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a0);
                a1 = woL.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                FloatVector s = FloatVector.broadcast(F8, batchScales[(int) ((f >>> shift) - blk0)]);
                c0 = a0.fma(s, c0);
                c1 = a1.fma(s, c1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }
}
