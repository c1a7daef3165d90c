package io.bnb.backend.cpu;

import io.bnb.api.DType;
import io.bnb.api.QuantType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;

import static io.bnb.backend.cpu.Vec.LE;
import static jdk.incubator.vector.VectorOperators.*;

/**
 * NF4 codes by one bucket lookup and one compare per element, where 512-bit vectors are native.
 *
 * <p>Why this is exact. The code of a scaled value {@code y} is the number of thresholds it
 * exceeds ({@link FourBitCodes#nf4}). A monotone formula puts {@code y} into one of 32 buckets
 * ({@link #bucket}), narrow enough that none holds two thresholds, so every value of bucket
 * {@code b} has code {@code c} or {@code c + 1}, where {@code c} is the code of the bucket's lowest
 * value; the code is then {@code c + (y > t[c])}. The table is built by bisection over the floats
 * with the rule itself and refused (null) if some bucket spans two thresholds. It serves values in
 * [-1.0001, 1.0001], checked when the table is built: {@code x * (1 / absmax)} stays there for every
 * absmax {@link #handles} admits. NaN and the infinities only come from blocks whose absmax it does
 * not admit, and those are coded again by the rule ({@link #blocks}).
 *
 * <p>Per 16 elements that is a multiply, a fused multiply-add, an add that rounds, two 32-entry
 * permutes (bucket to code, code to threshold), a compare and a masked add: on the 2-core Zen 4
 * machine 0.73 against 1.43 cycles an element for the 4-step binary search of {@link FourBitVec}
 * with its packing pass (one thread, a block in L1; session 25). The rounding add replaced a
 * float-to-int conversion, which C2 follows with seven instructions for Java's NaN and overflow
 * rules (quantize4bit 4096², two threads: BF16 2819-3404 to 2537-2831 us, session 29).
 */
final class Nf4Buckets {
    private Nf4Buckets() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
    private static final VectorSpecies<Short> S = ShortVector.SPECIES_256;
    private static final VectorSpecies<Byte> B8 = ByteVector.SPECIES_64;
    /** Elements per step: one 512-bit float vector. */
    static final int W = 16;

    /**
     * Bucket of {@code y}: {@code fma(y, SCALE, 16)} rounded to an integer (ties to even) by adding
     * {@link Vec#ROUNDING}, whose sum holds it in its low bits, taken modulo 32 by the permute's own wrap.
     * The scale keeps [-REACH, REACH] in buckets 1 to 31, so no bucket wraps onto another.
     */
    static final float SCALE = 15.49f;
    /** The domain the table is checked on: |y| at most this. */
    private static final float REACH = 1.0001f;

    /** Code of the lowest value of each bucket. */
    private static final int[] TABLE = buckets(FourBitCodes.NF4_THRESHOLDS);
    /** The 15 thresholds and +inf (code 15 exceeds nothing more), as int bits for the permute. */
    private static final int[] THRESHOLDS = new int[16];

    static {
        for (int i = 0; i < 15; i++) THRESHOLDS[i] = Float.floatToRawIntBits(FourBitCodes.NF4_THRESHOLDS[i]);
        THRESHOLDS[15] = Float.floatToRawIntBits(Float.POSITIVE_INFINITY);
    }

    /**
     * Whether quantize4bit takes this path: the Vector API is on, 512-bit vectors are native (AVX-512;
     * emulated they are slow), the table was built; {@code -Dbnb.cpu.nf4buckets=false} turns it off.
     */
    static final boolean USABLE = Simd.ENABLED && TABLE != null && IntVector.SPECIES_PREFERRED.length() >= W
            && Boolean.parseBoolean(System.getProperty("bnb.cpu.nf4buckets", "true"));

    static int bucket(float y) { return Float.floatToRawIntBits(Math.fma(y, SCALE, 16f) + Vec.ROUNDING) & 31; }

    /**
     * The bucket table for ascending thresholds {@code t} (codes count the thresholds a value
     * exceeds), or null when some bucket holds values of three codes.
     */
    static int[] buckets(float[] t) {
        int[] table = new int[32];
        long lo = NearestCode.key(-REACH), top = NearestCode.key(REACH);
        // bucket 0 holds no value of the domain (its entry stays 0)
        for (int b = bucket(-REACH); b < 32; b++) {
            if (lo > top || bucket(NearestCode.fromKey(lo)) != b) return null; // the buckets must come in order
            // largest key still in bucket b (the bucket grows with the value)
            int bucket = b;
            long l = NearestCode.lastOfRun(lo, top, k -> bucket(NearestCode.fromKey(k)) == bucket);
            int first = count(t, NearestCode.fromKey(lo)), last = count(t, NearestCode.fromKey(l));
            if (last - first > 1) return null;
            table[b] = first;
            lo = l + 1;
        }
        if (lo != top + 1) return null;
        return table;
    }

    private static int count(float[] t, float y) {
        int c = 0;
        for (float v : t) if (y > v) c++;
        return c;
    }

    /** Whether a block of absmax {@code m} takes the lookup: its scaled values stay in the table's domain (false for NaN). */
    static boolean handles(float m) { return FourBitKernels.normalScale(m); }

    /** Whether blocks of {@code bs} elements can take this path: a power of two, whole steps. */
    static boolean takes(int bs) { return bs >= W && Integer.bitCount(bs) == 1; }

    /** Elements per group: the absmax of its blocks first, then one loop over all of them. */
    private static final int GROUP = 1024;

    /**
     * Blocks {@code [b0, b1)} of {@code bs} F32, BF16 or F16 elements, all whole: their absmax into
     * {@code absmax} and their packed codes into {@code out}. A block whose absmax this path does
     * not {@link #handles handle} (zero, NaN, infinite, extreme) takes the scalar rule after the loop
     * has written its bytes. One loop per group rather than per block: a block of 64 is four steps,
     * which C2 runs in its pre- and post-loops.
     *
     * <p>Each dtype has a method of its own. With one method for both, a JVM that had quantized F32
     * and then BF16 compiled it with the BF16 half's vectors boxed in 1 run in 6 to 8 (184 MB a call
     * at 4096², 18 against 3 ms; JFR: the boxes came from the inlined BF16 absmax); split, 0 runs in
     * 32 (session 25). Why C2 gave up there is not known.
     */
    static void blocks(MemorySegment in, DType dtype, int bs, long b0, long b1, MemorySegment out, MemorySegment absmax) {
        if (!takes(bs)) throw new IllegalArgumentException("bs: a power of two of at least " + W + " expected, got " + bs);
        switch (dtype) {
            case F32 -> blocksF32(in, bs, b0, b1, out, absmax);
            case BF16 -> blocksBf16(in, bs, b0, b1, out, absmax);
            case F16 -> blocksF16(in, bs, b0, b1, out, absmax);
            default -> throw new IllegalArgumentException("dtype: F32, BF16 or F16 expected, got " + dtype);
        }
    }

    private static void blocksF32(MemorySegment in, int bs, long b0, long b1, MemorySegment out, MemorySegment absmax) {
        in = Segments.nativeSegment(in);
        out = Segments.nativeSegment(out);
        absmax = Segments.nativeSegment(absmax);
        int group = Math.max(1, GROUP / bs), shift = Integer.numberOfTrailingZeros(bs);
        float[] rs = new float[group];
        for (long blk = b0; blk < b1; blk += group) {
            int g = (int) Math.min(group, b1 - blk);
            long start = blk * bs;
            boolean special = false;
            for (int k = 0; k < g; k++) {
                float m = Vec.absmaxF32(in, start + (long) k * bs, bs);
                absmax.setAtIndex(Elements.F32, blk + k, m);
                rs[k] = 1f / m;
                special |= !handles(m);
            }
            codesF32(in, start, g * bs, rs, shift, out);
            if (special) FourBitKernels.recodeOutsideNormalScale(in, DType.F32, bs, blk, g, out, absmax);
        }
    }

    private static void blocksBf16(MemorySegment in, int bs, long b0, long b1, MemorySegment out, MemorySegment absmax) {
        in = Segments.nativeSegment(in);
        out = Segments.nativeSegment(out);
        absmax = Segments.nativeSegment(absmax);
        int group = Math.max(1, GROUP / bs), shift = Integer.numberOfTrailingZeros(bs);
        float[] rs = new float[group], spare = new float[bs];
        for (long blk = b0; blk < b1; blk += group) {
            int g = (int) Math.min(group, b1 - blk);
            long start = blk * bs;
            boolean special = false;
            for (int k = 0; k < g; k++) {
                float m = Vec.absmaxBf16(in, start + (long) k * bs, bs, spare);
                absmax.setAtIndex(Elements.F32, blk + k, m);
                rs[k] = 1f / m;
                special |= !handles(m);
            }
            codesBf16(in, start, g * bs, rs, shift, out);
            if (special) FourBitKernels.recodeOutsideNormalScale(in, DType.BF16, bs, blk, g, out, absmax);
        }
    }

    private static void blocksF16(MemorySegment in, int bs, long b0, long b1, MemorySegment out, MemorySegment absmax) {
        in = Segments.nativeSegment(in);
        out = Segments.nativeSegment(out);
        absmax = Segments.nativeSegment(absmax);
        int group = Math.max(1, GROUP / bs), shift = Integer.numberOfTrailingZeros(bs);
        float[] rs = new float[group], wide = new float[group * bs];
        for (long blk = b0; blk < b1; blk += group) {
            int g = (int) Math.min(group, b1 - blk);
            long start = blk * bs;
            // widened by C2's conversion instruction (Vec.widenF16), then the absmax and the codes taken
            // from the floats: at 4096² (two threads) 2.9-3.0 ms, against 3.3-3.7 ms for a widening by bit
            // operations in the coding loop (session 33). Infinities and NaNs do not reach the codes: only
            // blocks that handles() refuses hold them, and those are coded again by the rule.
            Vec.widenF16(in, start, g * bs, wide, 0);
            boolean special = false;
            for (int k = 0; k < g; k++) {
                float m = BlockMathVec.absmax(wide, k * bs, bs);
                absmax.setAtIndex(Elements.F32, blk + k, m);
                rs[k] = 1f / m;
                special |= !handles(m);
            }
            codesFloats(wide, g * bs, rs, shift, out, start);
            if (special) FourBitKernels.recodeOutsideNormalScale(in, DType.F16, bs, blk, g, out, absmax);
        }
    }

    /*
     * The loops differ only in how a step's 16 elements are read. They are written out rather than
     * sharing a vector-valued helper: once such a helper is compiled on its own past C2's inlining
     * limit, its callers box the vectors it returns (see OptimRulesVec).
     */

    /** Packed codes of {@code len} F32 elements from element {@code from} (even), step {@code i} scaled by {@code rs[i >>> shift]}. */
    static void codesF32(MemorySegment in, long from, int len, float[] rs, int shift, MemorySegment out) {
        in = Segments.nativeSegment(in);
        out = Segments.nativeSegment(out);
        IntVector t0 = IntVector.fromArray(I, TABLE, 0), t1 = IntVector.fromArray(I, TABLE, W), th = IntVector.fromArray(I, THRESHOLDS, 0);
        for (int i = 0; i < len; i += W) {
            FloatVector y = FloatVector.fromMemorySegment(F, in, (from + i) << 2, LE).mul(rs[i >>> shift]);
            IntVector c = y.lanewise(FMA, SCALE, 16f).add(Vec.ROUNDING).reinterpretAsInts().selectFrom(t0, t1);
            // int pairs as longs: code 2j (low half) into the high nibble of byte j, code 2j + 1 into the low one
            LongVector p = c.add(1, y.compare(GT, c.selectFrom(th).reinterpretAsFloats()).cast(I)).reinterpretAsLongs();
            ((ByteVector) p.lanewise(LSHL, 4).or(p.lanewise(LSHR, 32)).convertShape(L2B, B8, 0))
                    .intoMemorySegment(out, (from + i) >>> 1, LE);
        }
    }

    /** As {@link #codesF32} for {@code len} floats of {@code x}, their codes packed from element {@code from} of the output. */
    static void codesFloats(float[] x, int len, float[] rs, int shift, MemorySegment out, long from) {
        out = Segments.nativeSegment(out);
        IntVector t0 = IntVector.fromArray(I, TABLE, 0), t1 = IntVector.fromArray(I, TABLE, W), th = IntVector.fromArray(I, THRESHOLDS, 0);
        for (int i = 0; i < len; i += W) {
            FloatVector y = FloatVector.fromArray(F, x, i).mul(rs[i >>> shift]);
            IntVector c = y.lanewise(FMA, SCALE, 16f).add(Vec.ROUNDING).reinterpretAsInts().selectFrom(t0, t1);
            LongVector p = c.add(1, y.compare(GT, c.selectFrom(th).reinterpretAsFloats()).cast(I)).reinterpretAsLongs();
            ((ByteVector) p.lanewise(LSHL, 4).or(p.lanewise(LSHR, 32)).convertShape(L2B, B8, 0))
                    .intoMemorySegment(out, (from + i) >>> 1, LE);
        }
    }

    /** As {@link #codesF32} for BF16 elements, widened exactly (the bits shifted up). */
    static void codesBf16(MemorySegment in, long from, int len, float[] rs, int shift, MemorySegment out) {
        in = Segments.nativeSegment(in);
        out = Segments.nativeSegment(out);
        IntVector t0 = IntVector.fromArray(I, TABLE, 0), t1 = IntVector.fromArray(I, TABLE, W), th = IntVector.fromArray(I, THRESHOLDS, 0);
        for (int i = 0; i < len; i += W) {
            FloatVector y = ((IntVector) ShortVector.fromMemorySegment(S, in, (from + i) << 1, LE).convertShape(ZERO_EXTEND_S2I, I, 0))
                    .lanewise(LSHL, 16).reinterpretAsFloats().mul(rs[i >>> shift]);
            IntVector c = y.lanewise(FMA, SCALE, 16f).add(Vec.ROUNDING).reinterpretAsInts().selectFrom(t0, t1);
            LongVector p = c.add(1, y.compare(GT, c.selectFrom(th).reinterpretAsFloats()).cast(I)).reinterpretAsLongs();
            ((ByteVector) p.lanewise(LSHL, 4).or(p.lanewise(LSHR, 32)).convertShape(L2B, B8, 0))
                    .intoMemorySegment(out, (from + i) >>> 1, LE);
        }
    }
}
