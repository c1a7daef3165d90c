package io.bnb.backend.cpu;

import jdk.incubator.vector.*;

import java.lang.foreign.MemorySegment;

import static io.bnb.backend.cpu.Vec.B32;
import static io.bnb.backend.cpu.Vec.LE;
import static jdk.incubator.vector.VectorOperators.*;

/**
 * The gemv kernels for one BF16 activation row (the inference case).
 *
 * <p>The fast kernel ({@link #rows}) holds the 16 code values as bfloat16 (as the CUDA kernel holds
 * them for bf16), split into a low-byte and a high-byte table, and looks them up with one byte
 * {@code selectFrom} per 32 nibbles; byte blends and shifts then build the float32 weights.
 * Products are fused into float32 sums and each 64-weight group's sum is multiplied by its block's
 * float32 scale (so the weight is {@code bf16(code) * scale} unrounded). The activations are
 * pre-permuted once per call into the order in which the weights come out of that pipeline
 * ({@link #permute}), so no shuffle is spent per weight row on ordering.
 *
 * <p>It works in 256-bit vectors although on AVX2 C2 builds a 256-bit byte {@code selectFrom} from
 * two in-lane shuffles, a lane swap and a blend: the blends, shifts and FMAs after the lookup are
 * then half as many as with 128-bit vectors, whose lookup is one shuffle. Measured on this Zen 3
 * class machine (one thread, weights in L2): 3.6 against 4.6 ns per 32 weights.
 */
final class FourBitGemvBf16 {
    private FourBitGemvBf16() {}

    static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    static final VectorSpecies<Float> F4 = FloatVector.SPECIES_128;
    private static final VectorMask<Byte> ODD_BYTES = VectorMask.fromLong(B16, 0xAAAAL);
    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    private static final VectorMask<Byte> ODD_BYTES_256 = VectorMask.fromLong(B32, 0xAAAAAAAAL);

    /** Lanes of the {@link #permute} order that {@link #rows} reads (its weight vectors are 256-bit). */
    static final int WIDE = F8.length();
    /** Lanes of the {@link #permute} order that {@link #weights} writes (128-bit weight vectors). */
    static final int NARROW = F4.length();

    /** Whether {@link #rows} handles this shape: whole 64-weight groups that never straddle a block. */
    static boolean handles(int k, int bs) { return wholeSteps(k, bs, 64); }

    /** Whether {@link #rowsExact} handles this shape: whole 32-weight steps that never straddle a block. */
    static boolean handlesExact(int k, int bs) { return wholeSteps(k, bs, 32); }

    /** Rows of {@code k} split into whole steps of {@code step} weights, each inside one block of {@code bs}. */
    private static boolean wholeSteps(int k, int bs, int step) { return k % step == 0 && bs >= step && Integer.bitCount(bs) == 1; }

    /** Bytes of the {@code tab} buffer that {@link #rowsExact} needs for rows of {@code k} weights. */
    static int exactTableBytes(int k) { return 32 * (k / 32 + 2); }

    /**
     * {@code xp[8L c + L r + j] = x[8L c + 8j + r]} for {@code L = lanes}: within each chunk of
     * {@code 8L} weights the weight pipeline yields 8 vectors of {@code L} lanes, vector r holding
     * the weights {@code 8j + r}.
     */
    static float[] permute(float[] x, int k, int lanes) {
        float[] xp = new float[k];
        permute(x, 0, k, xp, 0, lanes);
        return xp;
    }

    /** {@link #permute(float[], int, int)} of the row {@code x[xOff..xOff + k)} into {@code xp[pOff..pOff + k)}. */
    static void permute(float[] x, int xOff, int k, float[] xp, int pOff, int lanes) {
        int chunk = 8 * lanes;
        for (int c = 0; c < k; c += chunk)
            for (int r = 0; r < 8; r++)
                for (int j = 0; j < lanes; j++) xp[pOff + c + lanes * r + j] = x[xOff + c + 8 * j + r];
    }

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

    /** Rows whose block scales are read in one call (see {@link #rows}). */
    static final int SCALE_BATCH = 32;

    /**
     * Float32 dot products of weight rows {@code [r0, r1)} with the activations permuted for
     * {@link #WIDE} lanes, into {@code sums[row - r0]}. One method on purpose: the table vectors
     * passed to a callee would be boxed. The scales of {@link #SCALE_BATCH} rows are read before
     * their loop, and the vector constants are made after that call: C2 spills vectors that live
     * across a call and then reloads them at every use in the loop (measured 10 % slower). Two sums
     * per row rather than four: more would not stay in the 16 AVX2 registers.
     */
    static void rows(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, byte[] tables,
                     float[] sums) {
        packed = Segments.nativeSegment(packed);
        int shift = Integer.numberOfTrailingZeros(bs);
        float[] batchScales = new float[SCALE_BATCH * k / 64 + 2];
        for (int b0 = r0; b0 < r1; b0 += SCALE_BATCH) {
            int b1 = Math.min(r1, b0 + SCALE_BATCH);
            long blk0 = ((long) b0 * k) >>> shift;
            scales.fill(blk0, (int) ((((long) b1 * k - 1) >>> shift) - blk0 + 1), batchScales);
            ByteVector tl = ByteVector.fromArray(B32, tables, 0), th = ByteVector.fromArray(B32, tables, 32);
            VectorMask<Byte> odd = ODD_BYTES_256;
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
    /**
     * The CUDA-exact variant ({@link FourBitMatmul.Mode#EXACT}): per block, tables of the bf16 weights
     * {@code bf16(codeT * bf16(scale))}; each product of two bf16 values is exact in float32 and is
     * rounded to bf16 (nearest even) before the float32 sum. {@code xp} is permuted for
     * {@link #NARROW} lanes; {@code tab} holds 32 bytes per block of a row (see {@link #blockTables}).
     */
    static void rowsExact(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, float[] codeT,
                          byte[] tab, float[] w, float[] sums) {
        packed = Segments.nativeSegment(packed);
        int shift = Integer.numberOfTrailingZeros(bs);
        for (int row = r0; row < r1; row++) {
            long f0 = (long) row * k;
            blockTables(codeT, scales, f0 >>> shift, ((f0 + k - 1) >>> shift) + 1, true, tab);
            weights(k, packed, f0, shift, tab, w, 0);
            sums[row - r0] = dotRounded(xp, w, k);
        }
    }

    /**
     * The row's bf16 weights (from the block tables {@code tab}) as floats at {@code w[off..off + k)},
     * in the {@link #NARROW} order of {@link #permute}. (Two passes: one would box.)
     */
    static void weights(int k, MemorySegment packed, long f0, int shift, byte[] tab, float[] w, int off) {
        packed = Segments.nativeSegment(packed);
        VectorMask<Byte> odd = ODD_BYTES;
        long blk0 = f0 >>> shift;
        for (int kk = 0; kk < k; kk += 32) {
            long f = f0 + kk;
            int t = (int) ((f >>> shift) - blk0) * 32;
            ByteVector tl = ByteVector.fromArray(B16, tab, t), th = ByteVector.fromArray(B16, tab, t + 16);
            ByteVector pk = ByteVector.fromMemorySegment(B16, packed, f >>> 1, LE);
            ByteVector lo = pk.and((byte) 15);
            ByteVector hi = pk.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 15);
            ByteVector lh = hi.selectFrom(tl), hh = hi.selectFrom(th), ll = lo.selectFrom(tl), hl = lo.selectFrom(th);
            IntVector weH = lh.blend(hh.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
            IntVector woH = lh.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hh, odd).reinterpretAsInts();
            IntVector weL = ll.blend(hl.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
            IntVector woL = ll.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hl, odd).reinterpretAsInts();
            weH.lanewise(LSHL, 16).reinterpretAsFloats().intoArray(w, off + kk);
            weL.lanewise(LSHL, 16).reinterpretAsFloats().intoArray(w, off + kk + 4);
            woH.lanewise(LSHL, 16).reinterpretAsFloats().intoArray(w, off + kk + 8);
            woL.lanewise(LSHL, 16).reinterpretAsFloats().intoArray(w, off + kk + 12);
            weH.and(0xffff0000).reinterpretAsFloats().intoArray(w, off + kk + 16);
            weL.and(0xffff0000).reinterpretAsFloats().intoArray(w, off + kk + 20);
            woH.and(0xffff0000).reinterpretAsFloats().intoArray(w, off + kk + 24);
            woL.and(0xffff0000).reinterpretAsFloats().intoArray(w, off + kk + 28);
        }
    }

    /** sum bf16(x * w) in float32 (x, w bf16 values: each product is exact before its rounding, nearest even). */
    private static float dotRounded(float[] xp, float[] w, int k) {
        FloatVector acc0 = FloatVector.zero(Vec.F), acc1 = acc0;
        // Vec.roundBf16 written out: a shared vector helper compiled on its own is too big to inline, and would box
        for (int j = 0; j < k; j += 16) {
            IntVector p0 = FloatVector.fromArray(Vec.F, xp, j).mul(FloatVector.fromArray(Vec.F, w, j)).reinterpretAsInts();
            IntVector p1 = FloatVector.fromArray(Vec.F, xp, j + 8).mul(FloatVector.fromArray(Vec.F, w, j + 8)).reinterpretAsInts();
            acc0 = acc0.add(p0.add(p0.lanewise(LSHR, 16).and(1)).add(0x7fff).and(0xffff0000).reinterpretAsFloats());
            acc1 = acc1.add(p1.add(p1.lanewise(LSHR, 16).and(1)).add(0x7fff).and(0xffff0000).reinterpretAsFloats());
        }
        return acc0.add(acc1).reduceLanes(ADD);
    }

    /**
     * For blocks {@code [b0, b1)}: 16 low bytes then 16 high bytes of the bf16 bits of
     * {@code bf16(codeT[c] * bf16(scale))}, or with {@code roundScale} false of
     * {@code bf16(codeT[c] * scale)} (the fast mode's dequantized weight).
     */
    static void blockTables(float[] codeT, FourBitMatmul.Scales scales, long b0, long b1, boolean roundScale, byte[] tab) {
        FloatVector lo = FloatVector.fromArray(Vec.F, codeT, 0), hi = FloatVector.fromArray(Vec.F, codeT, 8);
        for (long b = b0; b < b1; b++) {
            float s = roundScale ? Elements.round(scales.of(b), io.bnb.api.DType.BF16) : scales.of(b);
            // bf16 bits, nearest even, NaN kept quiet (Vec.f32ToBf16 written out, see dotRounded)
            IntVector x0 = lo.mul(s).reinterpretAsInts(), x1 = hi.mul(s).reinterpretAsInts();
            IntVector h0 = x0.lanewise(LSHR, 16), h1 = x1.lanewise(LSHR, 16);
            x0 = x0.add(h0.and(1)).add(0x7fff).lanewise(LSHR, 16).blend(h0.or(0x40), x0.and(0x7fffffff).compare(VectorOperators.GT, 0x7f800000));
            x1 = x1.add(h1.and(1)).add(0x7fff).lanewise(LSHR, 16).blend(h1.or(0x40), x1.and(0x7fffffff).compare(VectorOperators.GT, 0x7f800000));
            ByteVector s0 = x0.convertShape(VectorOperators.I2S, Vec.S, 0).reinterpretAsBytes();
            ByteVector s1 = x1.convertShape(VectorOperators.I2S, Vec.S, 0).reinterpretAsBytes();
            int o = (int) (b - b0) * 32;
            s0.rearrange(FourBitVec.EVEN_BYTES, s1).intoArray(tab, o);
            s0.rearrange(FourBitVec.ODD_BYTES, s1).intoArray(tab, o + 16);
        }
    }
}
