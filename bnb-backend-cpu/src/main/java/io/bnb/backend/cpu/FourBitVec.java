package io.bnb.backend.cpu;

import io.bnb.api.DType;
import io.bnb.api.QuantType;
import jdk.incubator.vector.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.bnb.backend.cpu.Vec.*;

/**
 * Vector path of {@link FourBitKernels}. Shaped for AVX2 machines whose cross-lane permutes are
 * slow (the Zen 1 this project is measured on): table lookups are byte shuffles within 128 bits
 * (one instruction for a 16-entry table), never 32-bit permutes.
 *
 * <p>Quantize: a block is widened into a float buffer while its absmax is taken (one read of the
 * input); each code is a 4-step (NF4) or 3-step (FP4) binary search over the thresholds done
 * with blends, which gives exactly the count of thresholds exceeded (strict {@code >}, NaN to 0).
 * Dequantize to a 16-bit dtype: the block's 16 results (code * scale, rounded) are split into a
 * low-byte and a high-byte table, and 32 outputs take four byte shuffles. Dequantize to F32 has
 * four bytes per result and runs scalar from a 16-entry table, which is as fast here.
 */
final class FourBitVec {
    private FourBitVec() {}

    static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    static final VectorSpecies<Short> S8 = ShortVector.SPECIES_128;
    /** Interleave two byte vectors: low halves / high halves. */
    static final VectorShuffle<Byte> ZIP_LOW = VectorShuffle.fromValues(B16, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    static final VectorShuffle<Byte> ZIP_HIGH = VectorShuffle.fromValues(B16, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
    /** Even / odd bytes of two vectors: low and high bytes of sixteen 16-bit values. */
    static final VectorShuffle<Byte> EVEN_BYTES = VectorShuffle.fromValues(B16, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    static final VectorShuffle<Byte> ODD_BYTES = VectorShuffle.fromValues(B16, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    private static final float[] NT = FourBitCodes.NF4_THRESHOLDS, FT = FourBitCodes.FP4_THRESHOLDS;

    // ------------------------------------------------------------------ quantize

    static void quantize(MemorySegment in, DType dtype, long n, int bs, QuantType type, MemorySegment out, MemorySegment absmax,
                         long b0, long b1) {
        float[] buf = new float[bs];
        byte[] codes = new byte[bs + 1];
        boolean nf4 = type == QuantType.NF4;
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs;
            int len = (int) Math.min(bs, n - start);
            float m = Vec.widenAbsmax(in, dtype, start, len, buf);
            absmax.setAtIndex(Elements.F32, blk, m);
            float r = 1f / m;
            // One code per element (the padding element of an odd tail included), then pairs into bytes.
            // Two short loops: one loop doing both exceeds C2's inlining budget and leaves vectors boxed.
            int j = nf4 ? codesNf4(buf, len, r, codes) : codesFp4(buf, len, r, codes);
            for (; j < len; j++) codes[j] = (byte) FourBitCodes.code(type, buf[j] * r);
            if ((len & 1) == 1) codes[len] = (byte) FourBitCodes.code(type, 0f * r);
            pack(codes, (len + 1) >>> 1, out, start >>> 1);
        }
    }

    private static int codesNf4(float[] buf, int len, float r, byte[] codes) {
        int j = 0;
        for (; j + LANES <= len; j += LANES)
            nf4(FloatVector.fromArray(F, buf, j).mul(r)).convertShape(VectorOperators.I2B, B, 0).reinterpretAsBytes().intoArray(codes, j);
        return j;
    }

    private static int codesFp4(float[] buf, int len, float r, byte[] codes) {
        int j = 0;
        for (; j + LANES <= len; j += LANES)
            fp4(FloatVector.fromArray(F, buf, j).mul(r)).convertShape(VectorOperators.I2B, B, 0).reinterpretAsBytes().intoArray(codes, j);
        return j;
    }

    /** {@code bytes} packed bytes from pairs of codes: code 2i in the high nibble of byte i. */
    private static void pack(byte[] codes, int bytes, MemorySegment out, long byteOff) {
        int i = 0;
        for (; i + 8 <= bytes; i += 8) {
            ShortVector pairs = ByteVector.fromArray(B16, codes, 2 * i).reinterpretAsShorts(); // even code low, odd code high
            ShortVector packed = pairs.lanewise(VectorOperators.LSHL, 4).or(pairs.lanewise(VectorOperators.LSHR, 8));
            packed.convertShape(VectorOperators.S2B, B, 0).reinterpretAsBytes().intoMemorySegment(out, byteOff + i, LE);
        }
        for (; i < bytes; i++) out.set(ValueLayout.JAVA_BYTE, byteOff + i, (byte) (codes[2 * i] << 4 | codes[2 * i + 1]));
    }

    private static final FloatVector N0 = t(NT[0]), N1 = t(NT[1]), N2 = t(NT[2]), N3 = t(NT[3]), N4 = t(NT[4]), N5 = t(NT[5]),
            N6 = t(NT[6]), N7 = t(NT[7]), N8 = t(NT[8]), N9 = t(NT[9]), N10 = t(NT[10]), N11 = t(NT[11]), N12 = t(NT[12]),
            N13 = t(NT[13]), N14 = t(NT[14]);
    private static final FloatVector P0 = t(FT[0]), P1 = t(FT[1]), P2 = t(FT[2]), P3 = t(FT[3]), P4 = t(FT[4]), P5 = t(FT[5]),
            P6 = t(FT[6]);
    private static final FloatVector ZERO = FloatVector.zero(F);

    private static FloatVector t(float v) { return FloatVector.broadcast(F, v); }

    /**
     * NF4 code of each lane: a binary search over the 15 sorted thresholds with strict {@code >},
     * which equals the number of thresholds the value exceeds (NaN fails every compare: code 0).
     * The index is summed in float lanes (exact small integers) and converted once.
     */
    static IntVector nf4(FloatVector v) {
        VectorMask<Float> m8 = v.compare(VectorOperators.GT, N7);
        VectorMask<Float> m4 = v.compare(VectorOperators.GT, N3.blend(N11, m8));
        VectorMask<Float> m2 = v.compare(VectorOperators.GT, N1.blend(N5, m4).blend(N9.blend(N13, m4), m8));
        FloatVector low = N0.blend(N2, m2).blend(N4.blend(N6, m2), m4);
        FloatVector high = N8.blend(N10, m2).blend(N12.blend(N14, m2), m4);
        VectorMask<Float> m1 = v.compare(VectorOperators.GT, low.blend(high, m8));
        FloatVector idx = ZERO.blend(8f, m8).add(ZERO.blend(4f, m4)).add(ZERO.blend(2f, m2)).add(ZERO.blend(1f, m1));
        return (IntVector) idx.convert(VectorOperators.F2I, 0);
    }

    /**
     * FP4 code of each lane: sign bit for {@code v < 0}; the magnitude rank r = 4a + 2b + c (a
     * 3-step search over the 7 thresholds of |v|) becomes the pattern r ^ ((r & 2) << 1), i.e.
     * bit 2 is a XOR b.
     */
    static IntVector fp4(FloatVector v) {
        FloatVector a = v.abs();
        VectorMask<Float> m4 = a.compare(VectorOperators.GT, P3);
        VectorMask<Float> m2 = a.compare(VectorOperators.GT, P1.blend(P5, m4));
        VectorMask<Float> m1 = a.compare(VectorOperators.GT, P0.blend(P2, m2).blend(P4.blend(P6, m2), m4));
        FloatVector idx = ZERO.blend(4f, m4.eq(m2).not()).add(ZERO.blend(2f, m2)).add(ZERO.blend(1f, m1))
                .add(ZERO.blend(8f, v.compare(VectorOperators.LT, 0f)));
        return (IntVector) idx.convert(VectorOperators.F2I, 0);
    }

    // ------------------------------------------------------------------ dequantize

    static void dequantize(MemorySegment packed, MemorySegment absmax, long n, int bs, QuantType type, MemorySegment out, DType dtype,
                           long b0, long b1) {
        float[] lut = FourBitCodes.dequantLut(type);
        switch (dtype) {
            case F32 -> FourBitKernels.dequantizeF32(packed, absmax, n, bs, lut, out, b0, b1);
            case BF16 -> dequantBf16(packed, absmax, n, bs, lut, out, b0, b1);
            case F16 -> dequantF16(packed, absmax, n, bs, lut, out, b0, b1);
            default -> throw new IllegalArgumentException("not a float dtype: " + dtype);
        }
    }

    // The two 16-bit kernels differ only in the rounding of the 16 table values. Each keeps its
    // block loop and inner loop in one method: a call taking the table vectors would box them.

    private static void dequantBf16(MemorySegment packed, MemorySegment absmax, long n, int bs, float[] lut, MemorySegment out, long b0, long b1) {
        FloatVector lo = FloatVector.fromArray(F, lut, 0), hi = FloatVector.fromArray(F, lut, 8);
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs;
            int len = (int) Math.min(bs, n - start);
            float s = absmax.getAtIndex(Elements.F32, blk);
            ByteVector s0 = f32ToBf16(lo.mul(s)).convertShape(VectorOperators.I2S, S8, 0).reinterpretAsBytes();
            ByteVector s1 = f32ToBf16(hi.mul(s)).convertShape(VectorOperators.I2S, S8, 0).reinterpretAsBytes();
            ByteVector tl = s0.rearrange(EVEN_BYTES, s1), th = s0.rearrange(ODD_BYTES, s1);
            int j = 0;
            for (; j + 32 <= len; j += 32) {
                ByteVector pk = ByteVector.fromMemorySegment(B16, packed, (start + j) >>> 1, LE);
                ByteVector hiN = pk.lanewise(VectorOperators.LSHR, 4), loN = pk.and((byte) 15);
                ByteVector ia = hiN.rearrange(ZIP_LOW, loN), ib = hiN.rearrange(ZIP_HIGH, loN); // element order
                ByteVector al = ia.selectFrom(tl), ah = ia.selectFrom(th), bl = ib.selectFrom(tl), bh = ib.selectFrom(th);
                long o = (start + j) << 1;
                al.rearrange(ZIP_LOW, ah).intoMemorySegment(out, o, LE);
                al.rearrange(ZIP_HIGH, ah).intoMemorySegment(out, o + 16, LE);
                bl.rearrange(ZIP_LOW, bh).intoMemorySegment(out, o + 32, LE);
                bl.rearrange(ZIP_HIGH, bh).intoMemorySegment(out, o + 48, LE);
            }
            if (j < len) FourBitKernels.dequantizeTail(packed, start + j, start + len, s, lut, out, DType.BF16);
        }
    }

    private static void dequantF16(MemorySegment packed, MemorySegment absmax, long n, int bs, float[] lut, MemorySegment out, long b0, long b1) {
        FloatVector lo = FloatVector.fromArray(F, lut, 0), hi = FloatVector.fromArray(F, lut, 8);
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs;
            int len = (int) Math.min(bs, n - start);
            float s = absmax.getAtIndex(Elements.F32, blk);
            ByteVector s0 = f32ToF16(lo.mul(s)).convertShape(VectorOperators.I2S, S8, 0).reinterpretAsBytes();
            ByteVector s1 = f32ToF16(hi.mul(s)).convertShape(VectorOperators.I2S, S8, 0).reinterpretAsBytes();
            ByteVector tl = s0.rearrange(EVEN_BYTES, s1), th = s0.rearrange(ODD_BYTES, s1);
            int j = 0;
            for (; j + 32 <= len; j += 32) {
                ByteVector pk = ByteVector.fromMemorySegment(B16, packed, (start + j) >>> 1, LE);
                ByteVector hiN = pk.lanewise(VectorOperators.LSHR, 4), loN = pk.and((byte) 15);
                ByteVector ia = hiN.rearrange(ZIP_LOW, loN), ib = hiN.rearrange(ZIP_HIGH, loN);
                ByteVector al = ia.selectFrom(tl), ah = ia.selectFrom(th), bl = ib.selectFrom(tl), bh = ib.selectFrom(th);
                long o = (start + j) << 1;
                al.rearrange(ZIP_LOW, ah).intoMemorySegment(out, o, LE);
                al.rearrange(ZIP_HIGH, ah).intoMemorySegment(out, o + 16, LE);
                bl.rearrange(ZIP_LOW, bh).intoMemorySegment(out, o + 32, LE);
                bl.rearrange(ZIP_HIGH, bh).intoMemorySegment(out, o + 48, LE);
            }
            if (j < len) FourBitKernels.dequantizeTail(packed, start + j, start + len, s, lut, out, DType.F16);
        }
    }
}
