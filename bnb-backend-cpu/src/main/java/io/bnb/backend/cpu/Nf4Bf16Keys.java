package io.bnb.backend.cpu;

import io.bnb.api.DType;
import io.bnb.api.QuantType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.bnb.backend.cpu.Vec.LE;
import static jdk.incubator.vector.VectorOperators.*;

/**
 * NF4 codes of BF16 blocks with no float arithmetic per element: every element is compared as a
 * 16-bit key with the block's 15 threshold keys.
 *
 * <p>Why this is exact. The code of {@code x} is the number of thresholds {@code t} with
 * {@code fl(x * r) > t} ({@code r = fl(1 / absmax)}). That test is monotone in {@code x}, so for
 * each threshold there is a smallest BF16 value that passes it, and the code is the number of
 * those boundaries that {@code x} reaches. The key of a BF16 value (its bits, the magnitude bits
 * flipped when negative) orders as the value does, so "reaches" is an integer compare. The
 * boundaries depend on the absmax only through its 7 mantissa bits: doubling the absmax halves
 * {@code r} exactly, which doubles every boundary, which moves a key by 128 (up for positive
 * values, down for negative ones). So the boundaries of the 128 mantissas at exponent 0 are found
 * once (by bisection with the float rule itself) and shifted per block; absmax values far from 1
 * (below 2^-100 or above 2^100, where the products could leave the normal range) and blocks with
 * NaN or infinity take the scalar rule.
 *
 * <p>Search per 16 elements in 256-bit vectors: three compares pick the group of four codes, one
 * byte shuffle per remaining compare fetches that group's thresholds. A compare is an unsigned
 * saturating subtract and an unsigned min with 1, which gives 0 or 1 without the blend that
 * turning a mask into a vector costs. On AVX2 a 256-bit byte {@code selectFrom} is five
 * instructions (two in-lane shuffles, a lane swap, an add and a blend) where a 128-bit one is a
 * single shuffle, but the compares, adds and the packing are then half as many: 13.2–13.4 against
 * 14.1–14.4 ms for 16 Mi elements on one thread of the 2-core machine (session 19; with AVX-512
 * VBMI the shuffle is one instruction). Tried and slower there: all 15 compares with no shuffle
 * (15 mask-to-vector blends, or saturating subtracts and shifts: 24–28 ms), and a 256-bit form that
 * picks the group's thresholds with nine blends (session 16).
 */
final class Nf4Bf16Keys {
    private Nf4Bf16Keys() {}

    private static final VectorSpecies<Short> S = ShortVector.SPECIES_256;
    /** Shorts per table row: one 256-bit vector. */
    private static final int W = 16;

    /**
     * Per absmax mantissa {@code mu}: {@code LEVEL1[3W mu + W k ..+ W]} holds W copies of the
     * unsigned key of the smallest value passing threshold {@code 4k + 3}, minus one (a vector load,
     * see {@link #search}); {@code TABLES[3W mu + W j + g]} the same for threshold {@code 4g + j}
     * ({@code j < 3}), so that lane {@code g} of table {@code j} is a byte shuffle away (a shuffle
     * index selects from the whole vector, so both halves read lanes 0..3).
     */
    private static final short[] LEVEL1 = new short[128 * 3 * W], TABLES = new short[128 * 3 * W];
    /** How the table lanes move when the absmax exponent grows: groups 0 and 1 hold the negative thresholds. */
    private static final short[] DIRECTION = {-1, -1, 1, 1, 0, 0, 0, 0, -1, -1, 1, 1, 0, 0, 0, 0};

    static {
        float[] t = FourBitCodes.NF4_THRESHOLDS;
        for (int mu = 0; mu < 128; mu++) {
            float r = 1f / Elements.bf16ToFloat(0x3f80 | mu); // the absmax of mantissa mu at exponent 0
            int row = 3 * W * mu;
            for (int i = 0; i < t.length; i++) {
                short below = (short) ((boundary(r, t[i]) ^ 0x8000) - 1);
                if (i % 4 == 3) java.util.Arrays.fill(LEVEL1, row + W * (i / 4), row + W * (i / 4 + 1), below);
                else TABLES[row + W * (i % 4) + i / 4] = below;
            }
        }
    }

    /** Whether a block of BF16 absmax {@code m} takes this path (false for NaN). */
    static boolean handles(float m) { return FourBitKernels.normalScale(m); }

    /** The value of 16-bit key {@code k} (key and bits map to each other by the same flip). */
    static float valueOfKey(int k) { return Elements.bf16ToFloat(k ^ ((k >> 15) & 0x7fff)); }

    /** The smallest key whose value passes {@code fl(x * r) > t}. */
    static int boundary(float r, float t) {
        int lo = -0x7f81, hi = 0x7f80; // keys of -inf (never passes) and +inf (always passes)
        while (hi - lo > 1) {
            int mid = (lo + hi) >> 1;
            if (valueOfKey(mid) * r > t) hi = mid;
            else lo = mid;
        }
        return hi;
    }

    /** Elements whose packed codes are gathered in an int array and then copied out in one call. */
    private static final int GROUP = 4096;
    /** Four packed bytes per int, in memory order (lane 0 of a reinterpreted vector holds the first byte lowest). */
    private static final ValueLayout.OfInt INTS = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE);
    /** Shorts of one block's thresholds as {@link #search} reads them: three first-level vectors, three tables. */
    private static final int SET = 6 * W;

    /**
     * Blocks {@code [b0, b1)} of {@code bs} (a power of two, at least 16) BF16 elements each, all
     * whole: their absmax into {@code absmax} and their packed NF4 codes into {@code out}. Blocks
     * this path does not {@link #handles handle} take the scalar rule.
     *
     * <p>Two passes per group of blocks: every block's absmax and thresholds, then one search loop
     * over all the group's elements. A search loop per block ran its 4 steps (blocks of 64) in C2's
     * pre- and post-loops, with the bounds recomputed at every step and the next block's absmax
     * waiting on the search: 13.1 against 11.3–12.4 ms for 16 Mi elements on one thread (session 20).
     */
    static void blocks(MemorySegment in, int bs, long b0, long b1, MemorySegment out, MemorySegment absmax) {
        if (bs < W || Integer.bitCount(bs) != 1) throw new IllegalArgumentException("bs: a power of two of at least " + W + " expected, got " + bs);
        in = Segments.nativeSegment(in);
        out = Segments.nativeSegment(out);
        absmax = Segments.nativeSegment(absmax);
        int group = Math.max(1, GROUP / bs), stepsPerBlock = Integer.numberOfTrailingZeros(bs / W);
        int[] packed = new int[group * bs / 8];
        short[] sets = new short[group * SET];
        float[] spare = new float[bs];
        for (long blk = b0; blk < b1; blk += group) {
            int g = (int) Math.min(group, b1 - blk);
            long start = blk * bs;
            boolean special = false;
            for (int k = 0; k < g; k++) {
                float m = Vec.absmaxBf16(in, start + (long) k * bs, bs, spare);
                absmax.setAtIndex(Elements.F32, blk + k, m);
                if (handles(m)) thresholds(m, sets, k * SET);
                else special = true; // its set keeps an earlier block's thresholds; the codes are redone below
            }
            search(in, start, g * bs, stepsPerBlock, sets, packed);
            MemorySegment.copy(packed, 0, out, INTS, start >>> 1, g * bs / 8);
            if (!special) continue;
            // zero, NaN, infinite or extreme absmax: the rule itself, over what the copy wrote
            FourBitKernels.recodeOutsideNormalScale(in, DType.BF16, bs, blk, g, out, absmax);
        }
    }

    /** The thresholds of a block of absmax {@code m}: the tables of its mantissa, moved by its exponent, into {@code sets[at..at + SET)}. */
    private static void thresholds(float m, short[] sets, int at) {
        int bits = Float.floatToRawIntBits(m) >>> 16, row = 3 * W * (bits & 0x7f);
        short d = (short) (((bits >>> 7) - 127) << 7);
        ShortVector delta = ShortVector.fromArray(S, DIRECTION, 0).mul(d);
        ShortVector.fromArray(S, LEVEL1, row).sub(d).intoArray(sets, at);
        ShortVector.fromArray(S, LEVEL1, row + W).add(d).intoArray(sets, at + W);
        ShortVector.fromArray(S, LEVEL1, row + 2 * W).add(d).intoArray(sets, at + 2 * W);
        ShortVector.fromArray(S, TABLES, row).add(delta).intoArray(sets, at + 3 * W);
        ShortVector.fromArray(S, TABLES, row + W).add(delta).intoArray(sets, at + 4 * W);
        ShortVector.fromArray(S, TABLES, row + 2 * W).add(delta).intoArray(sets, at + 5 * W);
    }

    /**
     * Packed codes of the {@code len} elements of {@code in} from {@code from} into {@code packed},
     * each step of 16 reading the thresholds of its block ({@code 2^stepsPerBlock} steps a block)
     * from {@code sets}: six loads a step, cheaper than a loop per block (see {@link #blocks}).
     */
    private static void search(MemorySegment in, long from, int len, int stepsPerBlock, short[] sets, int[] packed) {
        in = Segments.nativeSegment(in);
        ShortVector one = ShortVector.broadcast(S, (short) 1);
        for (int i = 0; i < len; i += W) {
            int at = ((i / W) >>> stepsPerBlock) * SET;
            ShortVector l0 = ShortVector.fromArray(S, sets, at), l1 = ShortVector.fromArray(S, sets, at + W);
            ShortVector l2 = ShortVector.fromArray(S, sets, at + 2 * W);
            ByteVector t0 = ShortVector.fromArray(S, sets, at + 3 * W).reinterpretAsBytes();
            ByteVector t1 = ShortVector.fromArray(S, sets, at + 4 * W).reinterpretAsBytes();
            ByteVector t2 = ShortVector.fromArray(S, sets, at + 5 * W).reinterpretAsBytes();
            ShortVector x = ShortVector.fromMemorySegment(S, in, (from + i) << 1, LE);
            ShortVector key = x.lanewise(XOR, x.lanewise(ASHR, 15).or((short) 0x8000));
            ShortVector g = key.lanewise(SUSUB, l0).lanewise(UMIN, one)
                    .add(key.lanewise(SUSUB, l1).lanewise(UMIN, one))
                    .add(key.lanewise(SUSUB, l2).lanewise(UMIN, one));
            // the byte pair of lane g in each table: 2g and 2g + 1
            ByteVector idx = g.mul((short) 0x0202).add((short) 0x0100).reinterpretAsBytes();
            ShortVector c = key.lanewise(SUSUB, idx.selectFrom(t0).reinterpretAsShorts()).lanewise(UMIN, one)
                    .add(key.lanewise(SUSUB, idx.selectFrom(t1).reinterpretAsShorts()).lanewise(UMIN, one))
                    .add(key.lanewise(SUSUB, idx.selectFrom(t2).reinterpretAsShorts()).lanewise(UMIN, one));
            // int lane j: code of element 2j in bits 4..7, of element 2j + 1 in bits 0..3 (bits 20.. junk, cut by the narrowing)
            IntVector v = g.lanewise(LSHL, 2).add(c).reinterpretAsInts();
            v.lanewise(LSHL, 4).or(v.lanewise(LSHR, 16)).convertShape(I2B, Vec.B, 0).reinterpretAsInts().intoArray(packed, i >>> 3);
        }
    }
}
