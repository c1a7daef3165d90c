package io.bnb.backend.cpu;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.bnb.backend.cpu.Vec.LE;
import static jdk.incubator.vector.VectorOperators.*;

/**
 * 8-bit blockwise codes of BF16 input read from a byte table, with no float arithmetic per element.
 *
 * <p>Why this is exact: with {@code r = fl(1 / absmax)}, the code of {@code x} depends on
 * {@code fl(x * r)} only, and doubling the absmax halves {@code r} exactly. So when the absmax is
 * {@code 2^e * m0} with {@code m0} in [1, 2), {@code x} takes the code that {@code x * 2^-e} takes
 * under {@code m0} (every product involved stays a normal float, see {@link #handles}). Scaling by
 * {@code 2^-e} moves a BF16 magnitude key (bits without the sign) by {@code 128 e}. One table per
 * mantissa of {@code m0} (128 of them) indexed by sign and shifted magnitude key therefore gives
 * every code; it holds the rule's own answers ({@link NearestCode#index}). Magnitudes more than
 * {@code 2^SPAN} below the absmax share the code of the table's lowest entry of their sign, which
 * is checked when the table is built (a code with thresholds that small gets no table).
 *
 * <p>Two kernels read the tables. {@link #block}: one vector pass turns the elements into table
 * indices, then a scalar pass reads two indices per int and writes two codes per short straight to
 * the output (AVX2 gathers are slower than scalar loads on the machines measured).
 * {@link #blockOctaves}, where the JIT has VBMI: the 128 keys of one octave of one sign are a
 * 128-byte slice of a table, which a two-vector byte permute reads by the element's 7 mantissa
 * bits, 64 elements at a time.
 */
final class Blockwise8Bf16Keys {
    /** Relative magnitudes below {@code 2^-SPAN} are not told apart (they share the lowest entry). */
    private static final int SPAN = 40;
    /** Lowest magnitude key of a table, in the frame where the absmax is in [1, 2). */
    private static final int LOW = 0x3f80 - 128 * SPAN;
    /** Entries per sign: magnitude keys {@code LOW .. 0x3fff}. */
    private static final int SIDE = 0x4000 - LOW;
    /** Elements whose indices and codes pass through the scratch arrays at a time. */
    private static final int PIECE = 1024;
    private static final VectorSpecies<Short> S = Vec.S16;
    /** Inputs from this size use the tables. */
    static final long MIN_ELEMENTS = 1 << 20;

    /** Table length: a power of two above {@code 2 SIDE}, so that a mask drops C2's range check per read. */
    private static final int TABLE = 1 << 14;
    /** {@code codes[mu][sign * SIDE + key - LOW]}. */
    private final byte[][] codes;
    /** Bytes per mantissa in {@link #hot}: {@link #OCTAVES} slices of 128 positive keys, one of negative ones. */
    private static final int HOT = 128 * (Blockwise8Bf16Keys.OCTAVES + 1);
    /**
     * The slices of {@code codes} that {@link #blockOctaves} reads, per mantissa {@code mu} from
     * {@code mu * HOT}: the positive keys of the {@link #OCTAVES} octaves below the absmax, lowest
     * first, then the top octave's negative keys. 176 KiB in all, in native
     * memory aligned to 64 bytes. Read from {@code codes} (16 KiB arrays 16 bytes past a cache
     * line, their slices at the same offset in each), a 64-byte load straddled two lines, and the
     * slices of one eighth of the mantissas fell into the same L2 sets: at block size 256, where
     * each block reads one mantissa's 22 lines, 16 Mi BF16 took 3.5-3.7 ms against 3.1-3.4 ms
     * from this layout (session 33, QS.java, alternating JVMs).
     */
    private final MemorySegment hot;

    /**
     * Per mantissa, for {@link #blockOctaves}: {@code fold} with {@code code(-x) = fold - code(x)}
     * (mod 256) at most keys of the permuted octaves, and the octaves (bit d) where it fails. For
     * the upstream signed map the fold is 254 and fails in the top octave only (at 1.0, which has
     * no negative twin).
     */
    private final byte[] folds = new byte[128];
    private final int[] foldBreaks = new int[128];

    private Blockwise8Bf16Keys(byte[][] codes) {
        this.codes = codes;
        // an automatic arena: the tables live as long as their NearestCode
        this.hot = java.lang.foreign.Arena.ofAuto().allocate(128L * HOT, 64);
        final int O = 0x3f80 - LOW;
        for (int mu = 0; mu < 128; mu++) {
            MemorySegment.copy(codes[mu], O - 128 * (OCTAVES - 1), hot, ValueLayout.JAVA_BYTE, (long) mu * HOT, 128 * OCTAVES);
            MemorySegment.copy(codes[mu], SIDE + O, hot, ValueLayout.JAVA_BYTE, (long) mu * HOT + 128 * OCTAVES, 128);
        }
        for (int mu = 0; mu < 128; mu++) {
            byte[] t = codes[mu];
            // the most common sum of the two signs' codes over the permuted octaves
            int[] sums = new int[256];
            for (int k = 0x3f80 - LOW - 128 * (OCTAVES - 1); k < 0x4000 - LOW; k++) sums[(t[k] + t[SIDE + k]) & 0xff]++;
            int fold = 0, breaks = 0;
            for (int v = 1; v < 256; v++) if (sums[v] > sums[fold]) fold = v;
            for (int d = 0; d < OCTAVES; d++)
                for (int k = 0x3f80 - LOW - 128 * d, e = k + 128; k < e; k++)
                    if (((t[k] + t[SIDE + k]) & 0xff) != fold) breaks |= 1 << d;
            folds[mu] = (byte) fold;
            foldBreaks[mu] = breaks;
        }
    }

    /**
     * The tables of {@code search} (a sorted code: {@link NearestCode#usesBuckets}), or null when
     * its code has thresholds below the span (then blocks take the float path). A walk over 1.3 M
     * products, a few milliseconds, once per code ({@link NearestCode} keeps it).
     */
    static Blockwise8Bf16Keys build(NearestCode search) {
        float[] next = search.next;
        byte[][] codes = new byte[128][TABLE];
        for (int mu = 0; mu < 128; mu++) {
            float r = 1f / Elements.bf16ToFloat(0x3f80 | mu); // the absmax of mantissa mu at exponent 0
            for (int sign = 0; sign < 2; sign++) {
                byte[] t = codes[mu];
                int base = sign * SIDE;
                // the code is the number of thresholds next[] the product exceeds, monotone in the
                // value: walk it up the positive keys and down the negative ones
                int k = search.index(valueOf(sign, LOW) * r);
                for (int key = LOW; key < 0x4000; key++) {
                    float y = valueOf(sign, key) * r;
                    if (sign == 0) while (k < 255 && y > next[k]) k++;
                    else while (k > 0 && !(y > next[k - 1])) k--;
                    t[base + key - LOW] = (byte) k;
                }
                // the magnitudes below LOW share entry 0 when the zero of that sign has its code too
                if (search.index(valueOf(sign, 0) * r) != (t[base] & 0xff)) return null;
            }
        }
        return new Blockwise8Bf16Keys(codes);
    }

    private static float valueOf(int sign, int key) { return Elements.bf16ToFloat(sign << 15 | key); }

    /**
     * Whether a block of BF16 absmax {@code m} can be read from the tables: its products stay normal
     * floats for every magnitude the tables tell apart (false for zero, NaN and infinity).
     */
    static boolean handles(float m) { return m >= 0x1p-80f && m <= 0x1p80f; }

    /** Scratch for {@link #block}, one per thread. */
    static final class Scratch {
        final int[] index = new int[PIECE / 2];
        /** Per 64 elements of a block, the lanes {@link #blockOctaves} leaves to {@link #patch}. */
        long[] lanes = new long[64];
    }

    /**
     * The codes of the {@code len} (a multiple of 16) BF16 elements of {@code in} from element
     * {@code start}, whose absmax {@code m} is {@link #handles handled}, into {@code out} from byte {@code start}.
     */
    void block(MemorySegment in, long start, int len, float m, Scratch w, MemorySegment out) {
        int bits = Float.floatToRawIntBits(m) >>> 16, mu = bits & 0x7f;
        short shift = shift(bits);
        byte[] table = codes[mu];
        int[] index = w.index;
        for (int p = 0; p < len; p += PIECE) {
            int n = Math.min(PIECE, len - p);
            for (int i = 0; i < n; i += 16) {
                ShortVector x = ShortVector.fromMemorySegment(S, in, (start + p + i) << 1, LE);
                ShortVector at = x.and((short) 0x7fff).sub(shift).max((short) 0).add(x.lanewise(ASHR, 15).and((short) SIDE));
                at.reinterpretAsInts().intoArray(index, i >>> 1);
            }
            lookup(table, index, n >>> 1, out, start + p);
        }
    }

    /**
     * What a magnitude key loses to index the table of an absmax with BF16 bits {@code bits}:
     * shifted key - LOW = key - (128 e + LOW). A negative result (far below the absmax) clamps to entry 0.
     */
    private static short shift(int bits) { return (short) ((((bits >>> 7) & 0xff) - 127) * 128 + LOW); }

    /** Two codes per short from two indices per int (first element low), into {@code out} from byte {@code o}. */
    private static void lookup(byte[] table, int[] index, int pairs, MemorySegment out, long o) {
        out = Segments.nativeSegment(out);
        int mask = table.length - 1;
        for (int j = 0; j < pairs; j++) {
            int pair = index[j];
            out.set(SHORTS, o + 2L * j, (short) (table[pair & mask] & 0xff | table[(pair >>> 16) & mask] << 8));
        }
    }

    /**
     * Octaves below the absmax that {@link #blockOctaves} reads by permutes; smaller magnitudes
     * (0.5 % of normal data: below 2^-10 of the absmax) are patched one by one. 8 and 12 measured
     * slower (more patches; more permutes).
     */
    static final int OCTAVES = 10; // group() is written out for this many
    private static final VectorSpecies<Byte> B64 = ByteVector.SPECIES_512;
    private static final VectorSpecies<Short> S32 = ShortVector.SPECIES_512;
    /** Byte i takes byte 2i (EVEN) or 2i + 1 (ODD) of two vectors: the low or high bytes of 64 shorts. */
    private static final byte[] EVEN = new byte[64], ODD = new byte[64];
    static {
        for (int i = 0; i < 64; i++) {
            EVEN[i] = (byte) (2 * i);
            ODD[i] = (byte) (2 * i + 1);
        }
    }
    /** Whether {@link #blockOctaves} serves: the JIT has 512-bit byte permutes of two tables ({@code -Dbnb.cpu.bf16Octaves=false} turns it off). */
    static final boolean OCTAVE_KERNEL = VbmiTables.USABLE && Boolean.parseBoolean(System.getProperty("bnb.cpu.bf16Octaves", "true"));

    /**
     * As {@link #block}, for {@code len} a multiple of 128, by 128-entry byte permutes
     * ({@code vpermi2b}, 64 codes each). Within {@link #OCTAVES} octaves below the absmax, the code
     * of a positive {@code x} is entry {@code mantissa(x)} of the 128 consecutive keys of its
     * octave in {@code codes[mu]}, so one permute per octave serves a vector, each lane keeping
     * the result of its own octave. A negative element takes {@code fold - code(|x|)}; in the top
     * octave, where that fails, it looks up its own sign's keys. Elements further below (zeros
     * among them) are patched from the key table afterwards. Codes whose fold fails lower down go
     * to {@link #block}.
     *
     * <p>One thread, input in L2, normal data (KB.java in the session-31 results): 0.71-0.81
     * against 1.28-1.34 cycles an element for {@link #block} at block size 4096; 0.91-0.98 against
     * 1.63-1.66 at 256, where each block brings new table lines.
     */
    void blockOctaves(MemorySegment in, long start, int len, float m, Scratch w, MemorySegment out) {
        in = Segments.nativeSegment(in);
        out = Segments.nativeSegment(out);
        int bits = Float.floatToRawIntBits(m) >>> 16, mu = bits & 0x7f;
        short em = (short) ((bits >>> 7) & 0xff), shift = shift(bits);
        byte[] table = codes[mu];
        byte fold = folds[mu];
        int breaks = foldBreaks[mu];
        if ((breaks & ~1) != 0) { // fold fails below the top octave: a code this kernel does not serve
            block(in, start, len, m, w, out);
            return;
        }
        if (w.lanes.length < len >>> 6) w.lanes = new long[len >>> 6];
        long[] lanes = w.lanes;
        long h = (long) mu * HOT;
        for (int g = 0; g < len; g += 128) group(in, start + g, out, hot, h, em, fold, breaks != 0, lanes, g >>> 6);
        // the lanes below the permuted octaves, one by one
        for (int q = 0; q < len >>> 6; q++) if (lanes[q] != 0) patch(in, out, start + 64L * q, lanes[q], table, shift);
    }

    /**
     * The 128 elements from {@code e0} of {@link #blockOctaves}, their patch lanes into
     * {@code lanes[q]} and {@code lanes[q + 1]}. 128 elements a call, not 256: four vectors of 64
     * in one method ran at 1.2-1.4 cycles an element (spills).
     */
    private static void group(MemorySegment in, long e0, MemorySegment out, MemorySegment hot, long h, short em, byte fold, boolean topBreaks, long[] lanes, int q) {
        short octS = (short) OCTAVES;
        ByteVector even = ByteVector.fromArray(B64, EVEN, 0);
        ShortVector x0 = ShortVector.fromMemorySegment(S32, in, e0 << 1, LE), x1 = ShortVector.fromMemorySegment(S32, in, (e0 + 32) << 1, LE);
        ShortVector x2 = ShortVector.fromMemorySegment(S32, in, (e0 + 64) << 1, LE), x3 = ShortVector.fromMemorySegment(S32, in, (e0 + 96) << 1, LE);
        // the low byte of a bf16 holds its mantissa (the permutes read 7 bits of an index)
        ByteVector m0 = even.selectFrom(x0.reinterpretAsBytes(), x1.reinterpretAsBytes());
        ByteVector m1 = even.selectFrom(x2.reinterpretAsBytes(), x3.reinterpretAsBytes());
        // octaves below the absmax, capped at OCTAVES (written out: a helper would not inline, and would box)
        ByteVector s0 = even.selectFrom(x0.and((short) 0x7fff).lanewise(LSHR, 7).neg().add(em).min(octS).reinterpretAsBytes(),
                x1.and((short) 0x7fff).lanewise(LSHR, 7).neg().add(em).min(octS).reinterpretAsBytes());
        ByteVector s1 = even.selectFrom(x2.and((short) 0x7fff).lanewise(LSHR, 7).neg().add(em).min(octS).reinterpretAsBytes(),
                x3.and((short) 0x7fff).lanewise(LSHR, 7).neg().add(em).min(octS).reinterpretAsBytes());
        // one permute per octave d (slice at O - 128 d, in hot from h), each lane keeping its own octave's result. Written out, not
        // a loop: in some compiles C2 kept the loop, and the vectors live across its safepoint were boxed (6-8 against
        // 0.8-1.3 cycles an element, from run to run)
        final long O = h + 128 * (OCTAVES - 1);
        ByteVector t1 = ByteVector.fromMemorySegment(B64, hot, O, LE), t2 = ByteVector.fromMemorySegment(B64, hot, O + 64, LE);
        ByteVector r0 = m0.selectFrom(t1, t2), r1 = m1.selectFrom(t1, t2);
        t1 = ByteVector.fromMemorySegment(B64, hot, O - 128, LE); t2 = ByteVector.fromMemorySegment(B64, hot, O - 64, LE);
        r0 = r0.blend(m0.selectFrom(t1, t2), s0.eq((byte) 1)); r1 = r1.blend(m1.selectFrom(t1, t2), s1.eq((byte) 1));
        t1 = ByteVector.fromMemorySegment(B64, hot, O - 256, LE); t2 = ByteVector.fromMemorySegment(B64, hot, O - 192, LE);
        r0 = r0.blend(m0.selectFrom(t1, t2), s0.eq((byte) 2)); r1 = r1.blend(m1.selectFrom(t1, t2), s1.eq((byte) 2));
        t1 = ByteVector.fromMemorySegment(B64, hot, O - 384, LE); t2 = ByteVector.fromMemorySegment(B64, hot, O - 320, LE);
        r0 = r0.blend(m0.selectFrom(t1, t2), s0.eq((byte) 3)); r1 = r1.blend(m1.selectFrom(t1, t2), s1.eq((byte) 3));
        t1 = ByteVector.fromMemorySegment(B64, hot, O - 512, LE); t2 = ByteVector.fromMemorySegment(B64, hot, O - 448, LE);
        r0 = r0.blend(m0.selectFrom(t1, t2), s0.eq((byte) 4)); r1 = r1.blend(m1.selectFrom(t1, t2), s1.eq((byte) 4));
        t1 = ByteVector.fromMemorySegment(B64, hot, O - 640, LE); t2 = ByteVector.fromMemorySegment(B64, hot, O - 576, LE);
        r0 = r0.blend(m0.selectFrom(t1, t2), s0.eq((byte) 5)); r1 = r1.blend(m1.selectFrom(t1, t2), s1.eq((byte) 5));
        t1 = ByteVector.fromMemorySegment(B64, hot, O - 768, LE); t2 = ByteVector.fromMemorySegment(B64, hot, O - 704, LE);
        r0 = r0.blend(m0.selectFrom(t1, t2), s0.eq((byte) 6)); r1 = r1.blend(m1.selectFrom(t1, t2), s1.eq((byte) 6));
        t1 = ByteVector.fromMemorySegment(B64, hot, O - 896, LE); t2 = ByteVector.fromMemorySegment(B64, hot, O - 832, LE);
        r0 = r0.blend(m0.selectFrom(t1, t2), s0.eq((byte) 7)); r1 = r1.blend(m1.selectFrom(t1, t2), s1.eq((byte) 7));
        t1 = ByteVector.fromMemorySegment(B64, hot, O - 1024, LE); t2 = ByteVector.fromMemorySegment(B64, hot, O - 960, LE);
        r0 = r0.blend(m0.selectFrom(t1, t2), s0.eq((byte) 8)); r1 = r1.blend(m1.selectFrom(t1, t2), s1.eq((byte) 8));
        t1 = ByteVector.fromMemorySegment(B64, hot, O - 1152, LE); t2 = ByteVector.fromMemorySegment(B64, hot, O - 1088, LE);
        r0 = r0.blend(m0.selectFrom(t1, t2), s0.eq((byte) 9)); r1 = r1.blend(m1.selectFrom(t1, t2), s1.eq((byte) 9));
        // negative elements (the high byte's sign bit) take fold - code, or their own table where that fails
        ByteVector odd = ByteVector.fromArray(B64, ODD, 0);
        VectorMask<Byte> n0 = odd.selectFrom(x0.reinterpretAsBytes(), x1.reinterpretAsBytes()).lt((byte) 0);
        VectorMask<Byte> n1 = odd.selectFrom(x2.reinterpretAsBytes(), x3.reinterpretAsBytes()).lt((byte) 0);
        ByteVector f = ByteVector.broadcast(B64, fold);
        r0 = r0.blend(f.sub(r0), n0);
        r1 = r1.blend(f.sub(r1), n1);
        if (topBreaks) { // the top octave's entries where fold fails (an if, not a loop over octaves: see above)
            t1 = ByteVector.fromMemorySegment(B64, hot, O + 128, LE);
            t2 = ByteVector.fromMemorySegment(B64, hot, O + 192, LE);
            r0 = r0.blend(m0.selectFrom(t1, t2), s0.eq((byte) 0).and(n0));
            r1 = r1.blend(m1.selectFrom(t1, t2), s1.eq((byte) 0).and(n1));
        }
        r0.intoMemorySegment(out, e0, LE);
        r1.intoMemorySegment(out, e0 + 64, LE);
        lanes[q] = s0.eq((byte) OCTAVES).toLong();
        lanes[q + 1] = s1.eq((byte) OCTAVES).toLong();
    }

    /** The lanes of {@code mask} from element {@code e0}, one at a time through the key table. */
    private static void patch(MemorySegment in, MemorySegment out, long e0, long mask, byte[] table, short shift) {
        for (; mask != 0; mask &= mask - 1) {
            long e = e0 + Long.numberOfTrailingZeros(mask);
            int x = in.get(SHORTS, e << 1);
            int at = Math.max((x & 0x7fff) - shift, 0) + (x < 0 ? SIDE : 0);
            out.set(ValueLayout.JAVA_BYTE, e, table[at]);
        }
    }

    private static final ValueLayout.OfShort SHORTS = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
}
