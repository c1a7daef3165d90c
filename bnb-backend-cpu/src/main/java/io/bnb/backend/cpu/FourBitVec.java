package io.bnb.backend.cpu;

import io.bnb.api.DType;
import io.bnb.api.QuantType;
import jdk.incubator.vector.*;

import java.lang.foreign.MemorySegment;

import static io.bnb.backend.cpu.Vec.*;

/**
 * Vector path of {@link FourBitKernels}: 16 elements per step. Codes are counts of exceeded
 * thresholds (one compare per threshold, no branches); packing pairs even and odd lanes; the
 * dequantization table lives in two registers and is indexed with a two-vector rearrange.
 * Block remainders that are not a multiple of 16 go through the scalar code.
 */
final class FourBitVec {
    private FourBitVec() {}

    private static final VectorShuffle<Integer> EVEN = VectorShuffle.fromValues(I, 0, 2, 4, 6, 8, 10, 12, 14);
    private static final VectorShuffle<Integer> ODD = VectorShuffle.fromValues(I, 1, 3, 5, 7, 9, 11, 13, 15);
    private static final VectorShuffle<Integer> DUP_LOW = VectorShuffle.fromValues(I, 0, 0, 1, 1, 2, 2, 3, 3);
    private static final VectorShuffle<Integer> DUP_HIGH = VectorShuffle.fromValues(I, 4, 4, 5, 5, 6, 6, 7, 7);
    /** High nibble for even lanes, low nibble for odd lanes. */
    private static final IntVector NIBBLE_SHIFT = IntVector.fromArray(I, new int[] {4, 0, 4, 0, 4, 0, 4, 0}, 0);

    static void quantize(MemorySegment in, DType dtype, long n, int bs, QuantType type, MemorySegment out, MemorySegment absmax,
                         long b0, long b1) {
        boolean nf4 = type == QuantType.NF4;
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs;
            int len = (int) Math.min(bs, n - start);
            float m = absmax(in, dtype, start, len);
            absmax.setAtIndex(Elements.F32, blk, m);
            float r = 1f / m;
            int j = 0;
            for (; j + 16 <= len; j += 16) {
                FloatVector v0 = load(in, dtype, start + j).mul(r);
                FloatVector v1 = load(in, dtype, start + j + 8).mul(r);
                IntVector c0 = nf4 ? nf4(v0) : fp4(v0);
                IntVector c1 = nf4 ? nf4(v1) : fp4(v1);
                IntVector packed = c0.rearrange(EVEN, c1).lanewise(VectorOperators.LSHL, 4).or(c0.rearrange(ODD, c1));
                packed.convertShape(VectorOperators.I2B, B, 0).reinterpretAsBytes().intoMemorySegment(out, (start + j) >>> 1, LE);
            }
            if (j < len) FourBitKernels.quantizeTail(in, dtype, start + j, start + len, r, type, out);
        }
    }

    static float absmax(MemorySegment in, DType dtype, long start, int len) {
        FloatVector m0 = FloatVector.zero(F), m1 = FloatVector.zero(F);
        int i = 0;
        for (; i + 16 <= len; i += 16) {
            m0 = m0.max(load(in, dtype, start + i).abs());
            m1 = m1.max(load(in, dtype, start + i + 8).abs());
        }
        for (; i + 8 <= len; i += 8) m0 = m0.max(load(in, dtype, start + i).abs());
        float m = m0.max(m1).reduceLanes(VectorOperators.MAX);
        for (; i < len; i++) m = Math.max(m, Math.abs(Elements.get(in, dtype, start + i)));
        return m;
    }

    /** Number of NF4 thresholds each lane exceeds (strict), i.e. its NF4 code; NaN gives 0. */
    static IntVector nf4(FloatVector v) {
        IntVector c = IntVector.zero(I);
        for (float t : FourBitCodes.NF4_THRESHOLDS) c = c.sub(v.compare(VectorOperators.GT, t).cast(I).toVector());
        return c;
    }

    /** FP4 code of each lane: sign bit for v < 0, magnitude pattern of the threshold count. */
    static IntVector fp4(FloatVector v) {
        FloatVector a = v.abs();
        IntVector c = IntVector.zero(I);
        for (float t : FourBitCodes.FP4_THRESHOLDS) c = c.sub(a.compare(VectorOperators.GT, t).cast(I).toVector());
        IntVector p = c.lanewise(VectorOperators.XOR, c.and(2).lanewise(VectorOperators.LSHL, 1));
        return p.blend(p.or(8), v.compare(VectorOperators.LT, 0f).cast(I));
    }

    static void dequantize(MemorySegment packed, MemorySegment absmax, long n, int bs, QuantType type, MemorySegment out, DType dtype,
                           long b0, long b1) {
        float[] lut = FourBitCodes.dequantLut(type);
        FloatVector lo = FloatVector.fromArray(F, lut, 0), hi = FloatVector.fromArray(F, lut, 8);
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs;
            int len = (int) Math.min(bs, n - start);
            float s = absmax.getAtIndex(Elements.F32, blk);
            IntVector ls = lo.mul(s).reinterpretAsInts(), hs = hi.mul(s).reinterpretAsInts();
            int j = 0;
            for (; j + 16 <= len; j += 16) {
                IntVector bytes = (IntVector) ByteVector.fromMemorySegment(B, packed, (start + j) >>> 1, LE)
                        .convertShape(VectorOperators.B2I, I, 0);
                store(lookup(ls, hs, nibbles(bytes, DUP_LOW)), out, dtype, start + j);
                store(lookup(ls, hs, nibbles(bytes, DUP_HIGH)), out, dtype, start + j + 8);
            }
            if (j < len) {
                float[] scalarLut = lut;
                FourBitKernels.dequantizeTail(packed, start + j, start + len, s, scalarLut, out, dtype);
            }
        }
    }

    /** The eight nibbles of four bytes (selected by {@code dup}), element order: high nibble first. */
    static IntVector nibbles(IntVector bytes, VectorShuffle<Integer> dup) {
        return bytes.rearrange(dup).lanewise(VectorOperators.ASHR, NIBBLE_SHIFT).and(15);
    }

    /** {@code table[idx]} for a 16-entry table held in two vectors, indices 0..15. */
    static FloatVector lookup(IntVector low, IntVector high, IntVector idx) {
        return low.rearrange(idx.toShuffle(), high).reinterpretAsFloats();
    }
}
