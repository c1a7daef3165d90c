package io.bnb.backend.cpu;

import io.bnb.api.DType;
import io.bnb.api.QuantType;
import jdk.incubator.vector.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.bnb.backend.cpu.Vec.*;

/**
 * Vector path of {@link FourBitKernels}. On AVX2 the Vector API has no 256-bit byte shuffle within
 * lanes: its 256-bit byte {@code selectFrom} is a cross-lane permute built from five instructions,
 * where a 128-bit one is a single shuffle. The 256-bit form still pays where the work around the
 * lookup halves with the width: the exact gemv kernel ({@link FourBitGemvBf16#rowsExact}), the NF4 key search
 * ({@link Nf4Bf16Keys}) and dequantize to a 16-bit dtype, whose one lookup yields 16 finished
 * outputs (below).
 *
 * <p>Quantize: where 512-bit vectors are native, whole NF4 blocks of F32 or BF16 input take one
 * bucket lookup and one compare per element ({@link Nf4Buckets}). Elsewhere whole NF4 blocks of
 * BF16 input compare 16-bit keys ({@link Nf4Bf16Keys}). Otherwise
 * a block is widened into a float buffer while its absmax is taken (one read of the input); each code is a 4-step (NF4) or 3-step (FP4) binary search over the thresholds, which
 * gives exactly the count of thresholds exceeded (strict {@code >}, NaN to 0). NF4 picks its last
 * two thresholds with one 32-bit permute each: two permutes cost less than the eleven blends of
 * the full comparison tree, even where permutes are slow.
 * Dequantize to a 16-bit dtype: the block's 16 results (code * scale, rounded) form a 32-byte
 * table, and each output word takes its two bytes in one 256-bit lookup whose indices come from
 * the packed byte by integer arithmetic. Dequantize to F32
 * looks the nibbles up in the block's 16 scaled values, two vectors of eight; it is bound by the
 * 64 MiB it writes at 4096², and takes 5–12 % less time than a scalar loop from the same table.
 */
final class FourBitVec {
    private FourBitVec() {}

    static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    /** Even / odd bytes of two vectors: low and high bytes of sixteen 16-bit values. */
    static final VectorShuffle<Byte> EVEN_BYTES = VectorShuffle.fromValues(B16, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    static final VectorShuffle<Byte> ODD_BYTES = VectorShuffle.fromValues(B16, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    private static final float[] NT = FourBitCodes.NF4_THRESHOLDS, FT = FourBitCodes.FP4_THRESHOLDS;

    // ------------------------------------------------------------------ quantize

    /** Blocks coded together: their absmax reductions and reciprocals overlap instead of stalling each block. */
    private static final int GROUP_ELEMENTS = 256;

    static void quantize(MemorySegment in, DType dtype, long n, int bs, QuantType type, MemorySegment out, MemorySegment absmax,
                         long b0, long b1) {
        in = Segments.nativeSegment(in);
        out = Segments.nativeSegment(out);
        absmax = Segments.nativeSegment(absmax);
        boolean nf4 = type == QuantType.NF4, bf16 = dtype == DType.BF16;
        if (nf4 && (bf16 || dtype == DType.F32 || dtype == DType.F16) && Nf4Buckets.USABLE && Nf4Buckets.takes(bs)) {
            // whole blocks by bucket lookup (512-bit native); a short last block goes on below
            long whole = Math.min(b1, n / bs);
            if (b0 < whole) Nf4Buckets.blocks(in, dtype, bs, b0, whole, out, absmax);
            b0 = Math.max(b0, whole);
            if (b0 >= b1) return;
        }
        if (nf4 && bf16) {
            // whole blocks compare 16-bit keys; a short last block goes on below
            long whole = Math.min(b1, n / bs);
            if (b0 < whole) Nf4Bf16Keys.blocks(in, bs, b0, whole, out, absmax);
            b0 = Math.max(b0, whole);
            if (b0 >= b1) return;
        }
        int group = Math.max(1, GROUP_ELEMENTS / bs);
        float[] buf = new float[group * bs];
        byte[] codes = new byte[group * bs + 1];
        float[] rs = new float[group];
        float[] spare = bf16 ? new float[bs] : null;
        for (long blk = b0; blk < b1; blk += group) {
            int g = (int) Math.min(group, b1 - blk);
            long start = blk * bs;
            int total = (int) Math.min((long) g * bs, n - start); // only the tensor's last block is short
            if (bf16 && total == g * bs) {
                quantizeBf16Pairs(in, start, g, bs, nf4, buf, rs, spare, out, absmax, blk);
                continue;
            }
            // F16: the group widened in one loop, then each block's absmax over the floats. Widened a
            // block of 64 at a time, the loop's vector part was short next to its entry and tail:
            // 16.7 ms against 12.7 (F32's time) at 4096², one thread (Zen 3, session 35)
            boolean f16 = dtype == DType.F16;
            if (f16) Vec.widenF16(in, start, total, buf, 0);
            for (int k = 0; k < g; k++) {
                int off = k * bs, len = Math.min(bs, total - off);
                float m = f16 ? BlockMathVec.absmax(buf, off, len) : Vec.widenAbsmax(in, dtype, start + off, len, buf, off);
                absmax.setAtIndex(Elements.F32, blk + k, m);
                rs[k] = 1f / m;
            }
            // One code per element (the padding element of an odd tail included), then pairs into bytes.
            // Separate short loops: one loop doing both exceeds C2's inlining budget and leaves vectors boxed.
            for (int k = 0; k < g; k++) {
                int off = k * bs, end = off + Math.min(bs, total - off);
                int j = codes(buf, off, end, rs[k], nf4, codes);
                for (; j < end; j++) codes[j] = (byte) FourBitCodes.code(type, buf[j] * rs[k]);
            }
            if ((total & 1) == 1) codes[total] = (byte) FourBitCodes.code(type, 0f * rs[g - 1]);
            pack(codes, (total + 1) >>> 1, out, start >>> 1);
        }
    }

    /**
     * Whole BF16 blocks. An int lane of the input holds an even element (low half) and the odd one
     * after it (high half), and each becomes a float with one shift or one mask; the widening
     * writes the even elements to the first half of the block's buffer and the odd ones to the
     * second, so that the codes of eight pairs come from two searches and leave as eight packed
     * bytes (no byte array of codes and no packing pass).
     */
    private static void quantizeBf16Pairs(MemorySegment in, long start, int g, int bs, boolean nf4, float[] buf, float[] rs, float[] spare,
                                          MemorySegment out, MemorySegment absmax, long blk) {
        in = Segments.nativeSegment(in);
        out = Segments.nativeSegment(out);
        absmax = Segments.nativeSegment(absmax);
        for (int k = 0; k < g; k++) {
            int off = k * bs;
            float m = widenPairsAbsmax(in, start + off, bs, buf, off, spare);
            absmax.setAtIndex(Elements.F32, blk + k, m);
            rs[k] = 1f / m;
        }
        int half = bs >>> 1;
        for (int k = 0; k < g; k++) {
            int off = k * bs;
            long byteOff = (start + off) >>> 1;
            packed(buf, off, half, rs[k], nf4, out, byteOff);
        }
    }

    /**
     * Widens {@code len} (a multiple of 16) BF16 elements into {@code dst[off..]}, even elements
     * first, and returns their absmax. Magnitudes are compared as 16-bit integers (the float order
     * apart from NaN); a block with a NaN takes the float max of {@link Vec#widenAbsmax} instead,
     * so that the same NaN comes out.
     */
    private static float widenPairsAbsmax(MemorySegment in, long start, int len, float[] dst, int off, float[] spare) {
        in = Segments.nativeSegment(in);
        int half = len >>> 1;
        ShortVector m = ShortVector.zero(S16);
        for (int i = 0; i < len; i += 2 * LANES) {
            IntVector w = IntVector.fromMemorySegment(I, in, (start + i) << 1, LE);
            w.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(dst, off + (i >>> 1));
            w.and(0xffff0000).reinterpretAsFloats().intoArray(dst, off + half + (i >>> 1));
            m = m.max(w.reinterpretAsShorts().and((short) 0x7fff));
        }
        int top = m.reduceLanes(VectorOperators.MAX);
        if (top > 0x7f80) return Vec.widenAbsmax(in, DType.BF16, start, len, spare);
        return Float.intBitsToFloat(top << 16);
    }

    /**
     * Packed bytes {@code byteOff + j} from the even elements at {@code buf[off + j]} and the odd
     * ones at {@code buf[off + half + j]}. ({@code nf4} is loop-invariant: C2 unswitches the loop.)
     */
    private static void packed(float[] buf, int off, int half, float r, boolean nf4, MemorySegment out, long byteOff) {
        out = Segments.nativeSegment(out);
        for (int j = 0; j < half; j += LANES) {
            FloatVector e = FloatVector.fromArray(F, buf, off + j).mul(r), o = FloatVector.fromArray(F, buf, off + half + j).mul(r);
            IntVector hi = nf4 ? nf4(e) : fp4(e), lo = nf4 ? nf4(o) : fp4(o);
            ((ByteVector) hi.lanewise(VectorOperators.LSHL, 4).or(lo).convertShape(VectorOperators.I2B, B, 0)).intoMemorySegment(out, byteOff + j, LE);
        }
    }

    /** Codes of {@code buf[from, end)} up to the last whole vector; returns where the scalar rest starts. */
    private static int codes(float[] buf, int from, int end, float r, boolean nf4, byte[] codes) {
        int j = from;
        for (; j + LANES <= end; j += LANES) {
            FloatVector v = FloatVector.fromArray(F, buf, j).mul(r);
            ((ByteVector) (nf4 ? nf4(v) : fp4(v)).convertShape(VectorOperators.I2B, B, 0)).intoArray(codes, j);
        }
        return j;
    }

    /** {@code bytes} packed bytes from pairs of codes: code 2i in the high nibble of byte i. */
    private static void pack(byte[] codes, int bytes, MemorySegment out, long byteOff) {
        out = Segments.nativeSegment(out);
        int i = 0;
        for (; i + 8 <= bytes; i += 8) {
            ShortVector pairs = ByteVector.fromArray(B16, codes, 2 * i).reinterpretAsShorts(); // even code low, odd code high
            ShortVector packed = pairs.lanewise(VectorOperators.LSHL, 4).or(pairs.lanewise(VectorOperators.LSHR, 8));
            ((ByteVector) packed.convertShape(VectorOperators.S2B, B, 0)).intoMemorySegment(out, byteOff + i, LE);
        }
        for (; i < bytes; i++) out.set(ValueLayout.JAVA_BYTE, byteOff + i, (byte) (codes[2 * i] << 4 | codes[2 * i + 1]));
    }

    private static final FloatVector N3 = t(NT[3]), N7 = t(NT[7]), N11 = t(NT[11]);
    private static final FloatVector P0 = t(FT[0]), P1 = t(FT[1]), P2 = t(FT[2]), P3 = t(FT[3]), P4 = t(FT[4]), P5 = t(FT[5]),
            P6 = t(FT[6]);
    private static final FloatVector ZERO = FloatVector.zero(F);

    private static FloatVector t(float v) { return FloatVector.broadcast(F, v); }

    /** Level 3 thresholds at the even half-codes 0, 2, 4, 6 (the odd lanes are never selected). */
    private static final IntVector T3 = bits(NT[1], 0f, NT[5], 0f, NT[9], 0f, NT[13], 0f);
    /** Level 4 thresholds by half-code 0..7. */
    private static final IntVector T4 = bits(NT[0], NT[2], NT[4], NT[6], NT[8], NT[10], NT[12], NT[14]);
    private static final IntVector I0 = IntVector.zero(I), I1 = IntVector.broadcast(I, 1), I2 = IntVector.broadcast(I, 2),
            I4 = IntVector.broadcast(I, 4), I8 = IntVector.broadcast(I, 8);

    private static IntVector bits(float... t) {
        int[] b = new int[t.length];
        for (int i = 0; i < t.length; i++) b[i] = Float.floatToRawIntBits(t[i]);
        return IntVector.fromArray(I, b, 0);
    }

    /**
     * NF4 code of each lane: a 4-level binary search over the 15 sorted thresholds with strict
     * {@code >}, which equals the number of thresholds the value exceeds (NaN fails every compare:
     * code 0). Levels 1 and 2 compare with broadcasts; levels 3 and 4 take each lane's threshold
     * from an 8-entry table by the half-code {@code h} found so far (one permute each instead of
     * a tree of blends). The code is {@code 2h} plus the last bit.
     */
    static IntVector nf4(FloatVector v) {
        VectorMask<Float> m8 = v.compare(VectorOperators.GT, N7);
        IntVector h = I0.blend(I4, m8.cast(I));
        VectorMask<Float> m4 = v.compare(VectorOperators.GT, N3.blend(N11, m8));
        h = h.or(I0.blend(I2, m4.cast(I)));
        VectorMask<Float> m2 = v.compare(VectorOperators.GT, h.selectFrom(T3).reinterpretAsFloats());
        h = h.or(I0.blend(I1, m2.cast(I)));
        VectorMask<Float> m1 = v.compare(VectorOperators.GT, h.selectFrom(T4).reinterpretAsFloats());
        return h.lanewise(VectorOperators.LSHL, 1).or(I0.blend(I1, m1.cast(I)));
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
        // the four bits as ints: a float sum converted to int took C2 seven more instructions (Java's NaN rules)
        return I0.blend(I4, m4.eq(m2).not().cast(I)).or(I0.blend(I2, m2.cast(I))).or(I0.blend(I1, m1.cast(I)))
                .or(I0.blend(I8, v.compare(VectorOperators.LT, 0f).cast(I)));
    }

    // ------------------------------------------------------------------ dequantize

    static void dequantize(MemorySegment packed, MemorySegment absmax, long n, int bs, QuantType type, MemorySegment out, DType dtype,
                           long b0, long b1) {
        float[] lut = FourBitCodes.dequantLut(type);
        switch (dtype) {
            case F32 -> dequantF32(packed, absmax, n, bs, lut, out, b0, b1);
            case BF16, F16 -> dequant16(packed, absmax, n, bs, lut, out, b0, b1, dtype);
            default -> throw new IllegalArgumentException("not a float dtype: " + dtype);
        }
    }

    /**
     * F32 output, 32 elements per step (a block of at least 32 is whole steps). Each step's two
     * 8-byte halves are zero-extended to int lanes; a permute repeats each byte in two lanes and a
     * shift by 4 or 0 (the wrapping lookup ignores the bits above) leaves the codes of its two
     * elements, high nibble first, in element order. They index the block's 16 values
     * {@code code * absmax} (two-table {@code selectFrom}), each the same float product as the scalar
     * path's.
     *
     * <p>Before session 37 the halves were widened to 16-bit lanes, their nibbles interleaved by
     * shifts and ors, and the bytes widened to ints per output vector: 30 vector calls per step
     * against 24. That loop reached C2's parse-time node cutoff (deferred calls from bytecode 307 of
     * 461 in every compile, session 36), and in one full bench run it allocated 8.3 MB a call; this
     * one defers none (two {@code --only} runs and a full bench run under
     * {@code -XX:+LogCompilation}). One thread, 64 Ki elements (output in L2), best of 200 calls,
     * alternating JVMs: 1.44-1.59 against 1.78-1.97 cycles an element (one JVM of the old loop
     * 3.3-3.5); 4096x4096 on two threads the same (memory bound).
     */
    private static void dequantF32(MemorySegment packed, MemorySegment absmax, long n, int bs, float[] lut, MemorySegment out, long b0, long b1) {
        packed = Segments.nativeSegment(packed);
        absmax = Segments.nativeSegment(absmax);
        out = Segments.nativeSegment(out);
        FloatVector lo = FloatVector.fromArray(F, lut, 0), hi = FloatVector.fromArray(F, lut, 8);
        IntVector first = IntVector.fromArray(I, PAIRS, 0), second = IntVector.fromArray(I, PAIRS, 8), shift = IntVector.fromArray(I, PAIRS, 16);
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs, end = Math.min(n, start + bs);
            float s = absmax.getAtIndex(Elements.F32, blk);
            IntVector tl = lo.mul(s).reinterpretAsInts(), th = hi.mul(s).reinterpretAsInts();
            long i = start;
            for (; i + 32 <= end; i += 32) {
                long o = i << 2;
                IntVector x0 = (IntVector) ByteVector.fromMemorySegment(B, packed, i >>> 1, LE).convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0);
                IntVector x1 = (IntVector) ByteVector.fromMemorySegment(B, packed, (i >>> 1) + 8, LE).convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0);
                first.selectFrom(x0).lanewise(VectorOperators.LSHR, shift).selectFrom(tl, th).reinterpretAsFloats().intoMemorySegment(out, o, LE);
                second.selectFrom(x0).lanewise(VectorOperators.LSHR, shift).selectFrom(tl, th).reinterpretAsFloats().intoMemorySegment(out, o + 32, LE);
                first.selectFrom(x1).lanewise(VectorOperators.LSHR, shift).selectFrom(tl, th).reinterpretAsFloats().intoMemorySegment(out, o + 64, LE);
                second.selectFrom(x1).lanewise(VectorOperators.LSHR, shift).selectFrom(tl, th).reinterpretAsFloats().intoMemorySegment(out, o + 96, LE);
            }
            if (i < end) FourBitKernels.dequantizeTail(packed, i, end, s, lut, out, DType.F32);
        }
    }

    /**
     * {@link #dequantF32}'s constants: the lanes (packed bytes) that the first and the second
     * output vector of a half read, each byte twice, then the shift of each element's code (the
     * first element of a byte is its high nibble).
     */
    private static final int[] PAIRS = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 4, 0, 4, 0, 4, 0, 4, 0};

    /** Blocks whose lookup tables are made in one call (see {@link #dequant16}). */
    static final int TABLE_BATCH = 64;

    /**
     * BF16 or F16 output (they differ only in the rounding of the block's 16 table values). Each
     * block's table is made by {@link #tablesBf16} or {@link #tablesF16} for {@link #TABLE_BATCH} blocks at a time, and the
     * loop reads it back from that array.
     *
     * <p>The batch is one flat loop over 32-element steps, each finding its block's table by a
     * shift ({@code bs} is a power of two of at least 32, as {@code Checks.blocksize4bit} allows):
     * at block size 64 a loop per block ran two steps per entry (4.5 ms against 3.5-4.3 ms).
     * A step zero-extends each of its two 8-byte halves to int lanes; lane i (packed byte b) becomes
     * the byte indices {@code 2c, 2c + 1} of its first element's code {@code c = b >>> 4} and then of
     * its second's ({@code b & 15}), and one 256-bit {@code selectFrom} of the table gives 16 output
     * words in order. Before, nibble interleaves, four 128-bit lookups and byte interleaves gave 32:
     * 2102–2229 against 1830–1908 µs at 4096² bs 64, two threads (session 20). The
     * segments are cast first ({@link Segments#nativeSegment}); without that, after the quantizers had
     * run in the same JVM, C2 compiled this method into 20 KB that rechecked the segments at every
     * store (8-11 ms). With the table made inline, the method also came close to C2's node budget
     * (a rounding helper was then left out of line and its vectors boxed per block).
     */
    private static void dequant16(MemorySegment packed, MemorySegment absmax, long n, int bs, float[] lut, MemorySegment out, long b0, long b1,
                                  DType dtype) {
        if (dtype == DType.F16) dequantF16(packed, absmax, n, bs, lut, out, b0, b1);
        else dequantBf16(packed, absmax, n, bs, lut, out, b0, b1);
    }

    /*
     * One method per dtype, each inlining only its own tables: with both in one method, a full bench
     * run compiled the F16 tables' vector products out of line and boxed them, 25 MB a call and
     * 1.8-2.1 against 1.0 ms (session 32).
     */

    private static void dequantBf16(MemorySegment packed, MemorySegment absmax, long n, int bs, float[] lut, MemorySegment out, long b0, long b1) {
        packed = Segments.nativeSegment(packed);
        out = Segments.nativeSegment(out);
        short[] tabs = new short[16 * TABLE_BATCH];
        int shift = Integer.numberOfTrailingZeros(bs);
        for (long t0 = b0; t0 < b1; t0 += TABLE_BATCH) {
            long t1 = Math.min(b1, t0 + TABLE_BATCH);
            tablesBf16(absmax, t0, t1, lut, tabs);
            long e0 = t0 << shift, e1 = Math.min(n, t1 << shift);
            int steps = (int) (e1 - e0) & ~31; // whole steps; only a last, partial block leaves a tail
            lookups16(packed, tabs, e0, steps, shift, out);
            long tail = e0 + steps;
            if (tail < e1) FourBitKernels.dequantizeTail(packed, tail, e1, absmax.getAtIndex(Elements.F32, tail >>> shift), lut, out, DType.BF16);
        }
    }

    private static void dequantF16(MemorySegment packed, MemorySegment absmax, long n, int bs, float[] lut, MemorySegment out, long b0, long b1) {
        packed = Segments.nativeSegment(packed);
        out = Segments.nativeSegment(out);
        short[] tabs = new short[16 * TABLE_BATCH];
        float[] products = new float[16 * TABLE_BATCH]; // the tables' scratch
        int shift = Integer.numberOfTrailingZeros(bs);
        for (long t0 = b0; t0 < b1; t0 += TABLE_BATCH) {
            long t1 = Math.min(b1, t0 + TABLE_BATCH);
            tablesF16(absmax, t0, t1, lut, products, tabs);
            long e0 = t0 << shift, e1 = Math.min(n, t1 << shift);
            int steps = (int) (e1 - e0) & ~31;
            lookups16(packed, tabs, e0, steps, shift, out);
            long tail = e0 + steps;
            if (tail < e1) FourBitKernels.dequantizeTail(packed, tail, e1, absmax.getAtIndex(Elements.F32, tail >>> shift), lut, out, DType.F16);
        }
    }

    /** The {@code steps} elements from {@code e0} (whole 32-element steps) of a batch, each through its block's table in {@code tabs}. */
    private static void lookups16(MemorySegment packed, short[] tabs, long e0, int steps, int shift, MemorySegment out) {
        packed = Segments.nativeSegment(packed);
        out = Segments.nativeSegment(out);
        for (int j = 0; j < steps; j += 32) {
            ByteVector tab = ShortVector.fromArray(Vec.S16, tabs, (j >>> shift) * 16).reinterpretAsBytes();
            long e = e0 + j;
            // 8 packed bytes a half: int lane i holds byte i, whose two elements become its two words
            // (written out: a helper taking vectors was left out of line and boxed them, 2.3x slower)
            IntVector p0 = (IntVector) ByteVector.fromMemorySegment(B, packed, e >>> 1, LE).convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0);
            IntVector p1 = (IntVector) ByteVector.fromMemorySegment(B, packed, (e >>> 1) + 8, LE).convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0);
            p0.lanewise(VectorOperators.LSHR, 4).or(p0.and(15).lanewise(VectorOperators.LSHL, 16)).mul(0x0202).add(0x01000100)
                    .reinterpretAsBytes().selectFrom(tab).intoMemorySegment(out, e << 1, LE);
            p1.lanewise(VectorOperators.LSHR, 4).or(p1.and(15).lanewise(VectorOperators.LSHL, 16)).mul(0x0202).add(0x01000100)
                    .reinterpretAsBytes().selectFrom(tab).intoMemorySegment(out, (e << 1) + 32, LE);
        }
    }

    /**
     * For blocks {@code [b0, b1)}: the 16-bit values {@code bf16(lut[c] * absmax)} in code order, 16
     * per block from {@code tabs[0]}. The BF16 rounding is
     * written out: with the shared helpers for both dtypes in one method, C2 again left one out of
     * line after other kernels had run (NodeCountInliningCutoff) and boxed its vectors per block.
     */
    private static void tablesBf16(MemorySegment absmax, long b0, long b1, float[] lut, short[] tabs) {
        absmax = Segments.nativeSegment(absmax);
        FloatVector lo = FloatVector.fromArray(F, lut, 0), hi = FloatVector.fromArray(F, lut, 8);
        for (long blk = b0; blk < b1; blk++) {
            float s = absmax.getAtIndex(Elements.F32, blk);
            int t = (int) (blk - b0) * 16;
            // the 4-bit codes are finite, so only a non-finite scale can make a NaN (rare: scalar rule)
            if (!Float.isFinite(s)) {
                tableBf16Scalar(lut, s, tabs, t);
                continue;
            }
            IntVector x0 = lo.mul(s).reinterpretAsInts(), x1 = hi.mul(s).reinterpretAsInts();
            x0 = x0.add(x0.lanewise(VectorOperators.LSHR, 16).and(1)).add(0x7fff).lanewise(VectorOperators.LSHR, 16);
            x1 = x1.add(x1.lanewise(VectorOperators.LSHR, 16).and(1)).add(0x7fff).lanewise(VectorOperators.LSHR, 16);
            ((ShortVector) x0.convertShape(VectorOperators.I2S, S, 0)).intoArray(tabs, t);
            ((ShortVector) x1.convertShape(VectorOperators.I2S, S, 0)).intoArray(tabs, t + 8);
        }
    }

    /**
     * As {@link #tablesBf16} for F16, through the scratch {@code products}: the products in vectors,
     * then their binary16 bits in a plain loop, which C2 compiles to the CPU's conversion
     * instruction ({@code vcvtps2ph}, as in {@link Vec#narrowF16}). The rounding in vector
     * arithmetic ({@link Vec#f32ToF16}, twice a block) took most of the op: 4096² bs 64, 2.0–3.3
     * against 0.9 ms for BF16; products in a scalar loop, 1.9–2.6 against 1.0 ms (session 32).
     */
    private static void tablesF16(MemorySegment absmax, long b0, long b1, float[] lut, float[] products, short[] tabs) {
        absmax = Segments.nativeSegment(absmax);
        int count = (int) (b1 - b0) * 16;
        FloatVector lo = FloatVector.fromArray(F, lut, 0), hi = FloatVector.fromArray(F, lut, 8);
        for (long blk = b0; blk < b1; blk++) {
            float s = absmax.getAtIndex(Elements.F32, blk);
            int t = (int) (blk - b0) * 16;
            lo.mul(s).intoArray(products, t);
            hi.mul(s).intoArray(products, t + 8);
        }
        for (int i = 0; i < count; i++) tabs[i] = Float.floatToFloat16(products[i]);
    }

    /** One block's BF16 table by the scalar rule. */
    private static void tableBf16Scalar(float[] lut, float s, short[] tabs, int t) {
        for (int c = 0; c < 16; c++) tabs[t + c] = Elements.bf16(lut[c] * s);
    }
}
