package io.bnb.backend.cpu;

import jdk.incubator.vector.*;

import java.lang.foreign.MemorySegment;

import static io.bnb.backend.cpu.Vec.LE;
import static jdk.incubator.vector.VectorOperators.*;

/**
 * The gemv kernels for one BF16 activation row (the inference case).
 *
 * <p>The fast kernel ({@link #rows}) holds the 16 code values as bfloat16 words (as the CUDA kernel
 * holds them for bf16) in one 16-word vector and reads the packed weights as 16-bit words of four
 * nibbles. A word {@code selectFrom} wraps its index to the table's 16 entries, so the nibble in
 * the low bits of a word finds its code with no masking; shifting the words by 4, 8 and 12 bits
 * brings the other three nibbles down. Each lookup yields 16 bf16 weights; a dword's low word
 * becomes a float32 by a shift of 16, its high word by clearing the low half. That is 15 operations
 * for 64 weights where the byte-table pipeline before it took 21, and the decode no longer limits
 * the loop: on the Zen 4 build machine (one thread, weights in L2) 10 against 15 cycles per 64
 * weights, the same as a loop with the decode taken out.
 *
 * <p>Products are fused into float32 sums and each 64-weight group's sums are multiplied by its
 * block's float32 scale (so the weight is {@code bf16(code) * scale} unrounded). The activations
 * are permuted once per call into the order in which the weights come out of the lookups
 * ({@link #permuteWords}), so no shuffle is spent per weight row on ordering.
 */
final class FourBitGemvBf16 {
    private FourBitGemvBf16() {}

    static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    static final VectorSpecies<Float> F4 = FloatVector.SPECIES_128;
    /** The odd bytes of a 256-bit vector: a bf16 word's high byte (here and in {@link FourBitGemvBf16Bytes}). */
    static final VectorMask<Byte> ODD_BYTES_256 = VectorMask.fromLong(Vec.B32, 0xAAAAAAAAL);
    private static final VectorSpecies<Integer> I4 = IntVector.SPECIES_128;
    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    private static final VectorSpecies<Short> S16 = ShortVector.SPECIES_256;

    /**
     * Whether {@link #rows} serves: the JIT uses AVX-512 (512-bit preferred vectors), so a 16-bit
     * {@code selectFrom} is one {@code vpermw}. Elsewhere {@link FourBitGemvBf16Bytes#rows} does.
     */
    static final boolean WORDS = ShortVector.SPECIES_PREFERRED.vectorBitSize() >= 512;

    /** Lanes of the {@link #permuteWords} order that {@link #rows} reads (its weight vectors are 256-bit). */
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
     * The activation order of the byte-table kernels ({@link #rowsExact}, {@link FourBitGemvBf16Bytes},
     * {@link FourBitGemvBf16Wide}): {@code xp[8L c + L r + j] = x[8L c + 8j + r]} for
     * {@code L = lanes}; within each chunk of {@code 8L} weights their pipeline yields 8 vectors of
     * {@code L} lanes, vector r holding the weights {@code 8j + r}.
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
     * The activation order of {@link #rows}, whose weight vectors have {@code L} = {@link #WIDE}
     * (8) lanes: within each chunk of {@code 8 L} weights, {@code 2 L} words of four nibbles, the
     * lookup of nibble j (bits 4j..4j+3 of a little-endian word, weight {@code j ^ 1} of the word's
     * four) makes vectors {@code 2j} (the dwords' low words) and {@code 2j + 1} (their high words),
     * lane d of which holds weight {@code 8d + 4q + (j ^ 1)} for q 0 and 1. So
     * {@code xp[8L c + L (2j + q) + d] = x[8L c + 8d + 4q + (j ^ 1)]}.
     */
    static float[] permuteWords(float[] x, int k) {
        final int lanes = WIDE;
        float[] xp = new float[k];
        int chunk = 8 * lanes;
        for (int c = 0; c < k; c += chunk)
            for (int j = 0; j < 4; j++)
                for (int q = 0; q < 2; q++)
                    for (int d = 0; d < lanes; d++) xp[c + lanes * (2 * j + q) + d] = x[c + 8 * d + 4 * q + (j ^ 1)];
        return xp;
    }

    /**
     * The lookup table of {@link #rows}: the bfloat16 bits of the 16 code values. A 16-word
     * {@code selectFrom} wraps its index to that range, so any word whose low nibble is c finds
     * entry c whatever the bits above it.
     */
    static short[] tables(float[] code) {
        short[] t = new short[16];
        for (int i = 0; i < 16; i++) t[i] = Elements.bf16(code[i]);
        return t;
    }

    /** Rows whose block scales are read in one call (see {@link #rows}). */
    static final int SCALE_BATCH = 32;

    /**
     * Float32 dot products of weight rows {@code [r0, r1)} with the activations in the
     * {@link #permuteWords} order for {@link #WIDE} lanes, into {@code sums[row - r0]}, batch by batch
     * ({@link #inBatches}).
     */
    static void rows(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, short[] table,
                     float[] sums) {
        MemorySegment p = Segments.nativeSegment(packed);
        inBatches(k, r0, r1, bs, scales, (b0, b1, blk0, shift, sc) -> batch(xp, k, p, b0, b1, shift, blk0, sc, table, sums, r0));
    }

    /**
     * Rows {@code [b0, b1)} of a one-row kernel: their first block is {@code blk0}, blocks are
     * {@code 1 << shift} weights, their scales are in {@code batchScales}.
     */
    @FunctionalInterface
    interface Batch {
        void run(int b0, int b1, long blk0, int shift, float[] batchScales);
    }

    /**
     * Runs {@code batch} over the rows {@code [r0, r1)} in batches of {@link #batchRows}, each after
     * reading its scales ahead: a call of {@link FourBitMatmul.Scales#of} inside a vector loop is not
     * inlined there and spills every live vector around it, and vectors that live across a call are
     * reloaded at every use (measured 10 % slower), so the kernels make their vector constants inside
     * the batch.
     */
    static void inBatches(int k, int r0, int r1, int bs, FourBitMatmul.Scales scales, Batch batch) {
        int shift = Integer.numberOfTrailingZeros(bs);
        int batchRows = batchRows(k);
        float[] batchScales = BATCH_SCALES.floatsAtLeast(0, batchRows * k / 64 + 2);
        for (int b0 = r0; b0 < r1; b0 += batchRows) {
            int b1 = Math.min(r1, b0 + batchRows);
            long blk0 = ((long) b0 * k) >>> shift;
            scales.fill(blk0, (int) ((((long) b1 * k - 1) >>> shift) - blk0 + 1), batchScales);
            batch.run(b0, b1, blk0, shift, batchScales);
        }
    }

    /** The scales of a batch, reused by each thread: a new array per chunk was 8 KB (k 4096) about a dozen times a call. */
    private static final ChunkScratch BATCH_SCALES = new ChunkScratch(1, 0);

    /** Rows whose scales {@link #rows} reads at once: {@link #SCALE_BATCH}, fewer where their weights would pass 2^30 (int offsets). */
    static int batchRows(int k) { return (int) Math.max(1, Math.min(SCALE_BATCH, (1L << 30) / k)); }

    /**
     * Rows {@code [b0, b1)} of {@link #rows}, whose first block is {@code blk0} and whose scales are
     * {@code batchScales}. Its own method, and offsets in int where they can be: with the batch loop
     * around the row loop in one method, or with long offsets, the same pipeline took 10-25 % longer
     * (two threads, 4096x4096, best of 20 calls in alternating rounds: 413-446 or 512-518 against
     * 394-408 us). The table vector is made here, not passed: a vector argument would be boxed. Two
     * sums per row: four (shorter FMA chains) measured 5-8 % slower.
     */
    private static void batch(float[] xp, int k, MemorySegment packed, int b0, int b1, int shift, long blk0, float[] batchScales,
                              short[] table, float[] sums, int r0) {
        for (int row = b0; row < b1; row++) {
            ShortVector t = ShortVector.fromArray(S16, table, 0);
            long f0 = (long) row * k;
            int o = (int) (f0 - (blk0 << shift)); // the row's offset from the batch's first block: below 2^30 + bs
            long p0 = f0 >>> 1;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                ShortVector pk = ShortVector.fromMemorySegment(S16, packed, p0 + (kk >>> 1), LE);
                IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                FloatVector s = FloatVector.broadcast(F8, batchScales[(o + kk) >>> shift]);
                c0 = a0.fma(s, c0);
                c1 = a1.fma(s, c1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }

    /**
     * The CUDA-exact variant ({@link FourBitMatmul.Mode#EXACT}): per block, tables of the bf16 weights
     * {@code bf16(codeT * bf16(scale))}; each product of two bf16 values is exact in float32 and is
     * rounded to bf16 (nearest even) before the float32 sum. {@code xp} is permuted for
     * {@link #NARROW} lanes; {@code tab} holds 32 bytes per block of a row (see {@link #blockTables}),
     * {@code looked} {@link #lookedBytes} for {@link #weights}.
     */
    static void rowsExact(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, float[] codeT,
                          byte[] tab, byte[] looked, float[] w, float[] sums) {
        packed = Segments.nativeSegment(packed);
        int shift = Integer.numberOfTrailingZeros(bs);
        for (int row = r0; row < r1; row++) {
            long f0 = (long) row * k;
            blockTables(codeT, scales, f0 >>> shift, ((f0 + k - 1) >>> shift) + 1, true, tab);
            weights(k, packed, f0, shift, tab, looked, w, 0);
            sums[row - r0] = dotRounded(xp, w, k);
        }
    }

    /**
     * The row's bf16 weights (from the block tables {@code tab}) as floats at {@code w[off..off + k)},
     * in the {@link #NARROW} order of {@link #permute}. Two passes over the buffer {@code looked} (at
     * least {@link #lookedBytes}, the caller's per thread): the 128-bit lookups (one {@code vpshufb} each), then the 256-bit assembly of words and floats.
     * As one loop the body came near C2's node cutoff for inlining at parse time: past it the JIT
     * defers the remaining vector calls, and in some runs deferred calls never became vector
     * instructions, so the loop allocated (gemm4bit: 34-135 MB a call in 6 of 9 full bench runs in
     * session 35, 5 of 8 in session 36; with the two passes none in 11, at the same speed). Each pass
     * is well inside the cutoff, and the assembly at 256 bits takes half the operations.
     */
    static void weights(int k, MemorySegment packed, long f0, int shift, byte[] tab, byte[] looked, float[] w, int off) {
        lookups(k, Segments.nativeSegment(packed), f0, shift, tab, looked);
        assemble(k, looked, w, off);
    }

    /** Bytes of the {@code looked} buffer of {@link #weights} for rows of {@code k}: 64 per 32 weights. */
    static int lookedBytes(int k) { return 2 * k; }

    /**
     * Per 32 weights, 64 bytes of {@code looked}: the low then the high bf16 bytes of the high
     * nibbles' weights (16 each), after each the same of the low nibbles' weights, in the order
     * low(high), low(low), high(high), high(low). A 16-byte {@code selectFrom} wraps its index to
     * the table's 16 entries, so the nibbles need no mask. The high nibbles come from a second, int
     * load of the same bytes: shifted in place, they need one reinterpret where the byte load needs two.
     */
    private static void lookups(int k, MemorySegment packed, long f0, int shift, byte[] tab, byte[] looked) {
        long blk0 = f0 >>> shift;
        for (int kk = 0; kk < k; kk += 32) {
            long f = f0 + kk;
            int t = (int) ((f >>> shift) - blk0) * 32, o = 2 * kk;
            ByteVector tl = ByteVector.fromArray(B16, tab, t), th = ByteVector.fromArray(B16, tab, t + 16);
            ByteVector lo = ByteVector.fromMemorySegment(B16, packed, f >>> 1, LE);
            ByteVector hi = IntVector.fromMemorySegment(I4, packed, f >>> 1, LE).lanewise(LSHR, 4).reinterpretAsBytes();
            hi.selectFrom(tl).intoArray(looked, o);
            lo.selectFrom(tl).intoArray(looked, o + 16);
            hi.selectFrom(th).intoArray(looked, o + 32);
            lo.selectFrom(th).intoArray(looked, o + 48);
        }
    }

    /**
     * The floats of {@link #weights} from the bytes of {@link #lookups}: 32 low bytes (the high then
     * the low nibbles' weights) and their 32 high bytes make the bf16 words of the even bytes' weights
     * and of the odd bytes' (a dword's low word, then its high word), the order of {@link #permute}.
     */
    private static void assemble(int k, byte[] looked, float[] w, int off) {
        VectorMask<Byte> odd = ODD_BYTES_256;
        for (int kk = 0; kk < k; kk += 32) {
            int o = 2 * kk;
            ByteVector lb = ByteVector.fromArray(Vec.B32, looked, o), hb = ByteVector.fromArray(Vec.B32, looked, o + 32);
            IntVector even = lb.blend(hb.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
            IntVector oddW = lb.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hb, odd).reinterpretAsInts();
            even.lanewise(LSHL, 16).reinterpretAsFloats().intoArray(w, off + kk);
            oddW.lanewise(LSHL, 16).reinterpretAsFloats().intoArray(w, off + kk + 8);
            even.and(0xffff0000).reinterpretAsFloats().intoArray(w, off + kk + 16);
            oddW.and(0xffff0000).reinterpretAsFloats().intoArray(w, off + kk + 24);
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
