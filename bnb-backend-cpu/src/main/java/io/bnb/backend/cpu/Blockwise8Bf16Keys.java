package io.bnb.backend.cpu;

import jdk.incubator.vector.ShortVector;
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
 * <p>Per block: one vector pass turns the elements into table indices, then a scalar pass reads
 * two indices per int and writes two codes per short straight to the output (AVX2 gathers are
 * slower than scalar loads on the machines measured).
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

    private Blockwise8Bf16Keys(byte[][] codes) { this.codes = codes; }

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
    }

    /**
     * The codes of the {@code len} (a multiple of 16) BF16 elements of {@code in} from element
     * {@code start}, whose absmax {@code m} is {@link #handles handled}, into {@code out} from byte {@code start}.
     */
    void block(MemorySegment in, long start, int len, float m, Scratch w, MemorySegment out) {
        int bits = Float.floatToRawIntBits(m) >>> 16, mu = bits & 0x7f;
        // shifted key - LOW = key - (128 e + LOW); negative (far below the absmax) clamps to entry 0
        short shift = (short) ((((bits >>> 7) & 0xff) - 127) * 128 + LOW);
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

    /** Two codes per short from two indices per int (first element low), into {@code out} from byte {@code o}. */
    private static void lookup(byte[] table, int[] index, int pairs, MemorySegment out, long o) {
        out = Segments.nativeSegment(out);
        int mask = table.length - 1;
        for (int j = 0; j < pairs; j++) {
            int pair = index[j];
            out.set(SHORTS, o + 2L * j, (short) (table[pair & mask] & 0xff | table[(pair >>> 16) & mask] << 8));
        }
    }

    private static final ValueLayout.OfShort SHORTS = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
}
