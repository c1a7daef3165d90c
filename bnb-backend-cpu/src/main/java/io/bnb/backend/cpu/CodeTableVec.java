package io.bnb.backend.cpu;

import io.bnb.api.DType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.bnb.backend.cpu.Vec.F;
import static io.bnb.backend.cpu.Vec.LANES;

/**
 * {@link CodeTable} lookups over a block in three passes so that only the table read is scalar
 * (AVX2 gathers are slower than scalar loads on the machines measured): scale in vectors and keep
 * the bits, read the entries (two loads and one store per pair of values), then take the low key,
 * select and narrow in vectors. Values are scaled (or divided) exactly as the scalar reference
 * does ({@code x * r}, {@code x / d}).
 */
final class CodeTableVec {
    private CodeTableVec() {}

    /** Scratch length: {@link #codes} works in pieces of this many values. */
    static final int PIECE = 512;

    /**
     * Per-thread scratch. Bits and entries are kept two to a long: the table read then stores
     * one long per two values, which halves the scalar stores (one per cycle on the machines
     * measured, the limit of that loop), and the select pass reads the longs as int lanes.
     */
    static final class Scratch {
        final long[] bits = new long[PIECE / 2];
        final long[] entries = new long[PIECE / 2];
        /** Table indices of one gather ({@link #GATHER}). */
        final int[] index = new int[16];
    }

    /**
     * Whether the nearest-code table is read by 16-lane gathers instead of scalar loads: where the
     * float kernels take 512-bit vectors (Intel AVX-512; forced for tests by {@code bnb.cpu.wide512}),
     * unless {@code -Dbnb.cpu.gather=false}. The AMD machines measured here read gathers slower than
     * scalar loads; the AVX-512 Xeon measured reads them faster (session 18). Both give the same
     * codes. (Dequantization no longer gathers: its gather form ran interpreted there, session 24.)
     */
    static final boolean GATHER = FloatLanesVec.L == 16 && Boolean.parseBoolean(System.getProperty("bnb.cpu.gather", "true"));
    private static final VectorSpecies<Long> L8 = LongVector.SPECIES_512;
    private static final VectorSpecies<Integer> I16 = IntVector.SPECIES_512;

    private static final VectorSpecies<Long> L = LongVector.SPECIES_256;

    /** Where the values come from: {@code x[i] * s}, {@code x[i] / s}, or F32 or BF16 elements of a segment times {@code s}. */
    private static final int SCALED = 0, QUOTIENTS = 1, SEGMENT_F32 = 2, SEGMENT_BF16 = 3;

    /** Codes of {@code x[i] * s} for {@code i < len}, into {@code out[0..len)}. */
    static void codes(int[] table, float[] x, int len, float s, Scratch w, byte[] out) {
        run(table, SCALED, x, null, 0, len, s, w, MemorySegment.ofArray(out), 0);
    }

    /** As {@link #codes(int[], float[], int, float, Scratch, byte[])}, into {@code out} from byte {@code off}. */
    static void codes(int[] table, float[] x, int len, float s, Scratch w, MemorySegment out, long off) {
        run(table, SCALED, x, null, 0, len, s, w, out, off);
    }

    /**
     * As {@link #codes(int[], float[], int, float, Scratch, MemorySegment, long)} for {@code len}
     * F32 or BF16 elements of {@code in} from element {@code start}, read (and widened) in the
     * scaling pass: no float buffer between the input and the bits.
     */
    static void codes(int[] table, MemorySegment in, DType dtype, long start, int len, float s, Scratch w, MemorySegment out, long off) {
        int source = switch (dtype) {
            case BF16 -> SEGMENT_BF16;
            case F32 -> SEGMENT_F32;
            default -> throw new IllegalArgumentException("dtype: F32 or BF16 expected, got " + dtype);
        };
        run(table, source, null, in, start, len, s, w, out, off);
    }

    /**
     * Codes of the quotients {@code x[i] / d} for {@code i < len}, into {@code out} from byte
     * {@code off}: the division is fused into the first pass, so no quotient array goes through
     * memory, and the codes go straight to their destination.
     */
    static void codesOfQuotients(int[] table, float[] x, int len, float d, Scratch w, MemorySegment out, long off) {
        run(table, QUOTIENTS, x, null, 0, len, d, w, out, off);
    }

    /** The pipeline of every entry point, a piece at a time: the bits of the values, their table entries, the codes. */
    private static void run(int[] table, int source, float[] x, MemorySegment in, long start, int len, float s, Scratch w, MemorySegment out,
                            long off) {
        in = Segments.nativeSegment(in); // null for the array sources
        out = Segments.nativeSegment(out);
        for (int p = 0; p < len; p += PIECE) {
            int n = Math.min(PIECE, len - p), lv = n & -LANES;
            switch (source) {
                case SCALED -> scaled(x, p, lv, s, w.bits);
                case QUOTIENTS -> quotients(x, p, lv, s, w.bits);
                case SEGMENT_F32 -> scaledF32(in, start + p, lv, s, w.bits);
                default -> scaledBf16(in, start + p, lv, s, w.bits);
            }
            lookup(table, lv, w);
            store(w, lv, out, off + p);
            for (int i = lv; i < n; i++) {
                float v = switch (source) {
                    case SCALED -> x[p + i] * s;
                    case QUOTIENTS -> x[p + i] / s;
                    case SEGMENT_F32 -> in.getAtIndex(Elements.F32, start + p + i) * s;
                    default -> Elements.get(in, DType.BF16, start + p + i) * s;
                };
                out.set(ValueLayout.JAVA_BYTE, off + p + i, (byte) CodeTable.code(table, Float.floatToRawIntBits(v)));
            }
        }
    }

    private static void scaledBf16(MemorySegment in, long from, int lv, float s, long[] bits) {
        in = Segments.nativeSegment(in);
        for (int i = 0; i < lv; i += LANES) Vec.loadBf16(in, from + i).mul(s).reinterpretAsLongs().intoArray(bits, i >> 1);
    }

    private static void scaledF32(MemorySegment in, long from, int lv, float s, long[] bits) {
        in = Segments.nativeSegment(in);
        for (int i = 0; i < lv; i += LANES) Vec.loadF32(in, from + i).mul(s).reinterpretAsLongs().intoArray(bits, i >> 1);
    }

    /** Bits of {@code x[off + i] * s} for {@code i < lv} (a multiple of the lanes), two to a long. */
    private static void scaled(float[] x, int off, int lv, float s, long[] bits) {
        for (int i = 0; i < lv; i += LANES) FloatVector.fromArray(F, x, off + i).mul(s).reinterpretAsLongs().intoArray(bits, i >> 1);
    }

    /** Bits of {@code x[off + i] / d} for {@code i < lv}, two to a long. */
    private static void quotients(float[] x, int off, int lv, float d, long[] bits) {
        for (int i = 0; i < lv; i += LANES) FloatVector.fromArray(F, x, off + i).div(d).reinterpretAsLongs().intoArray(bits, i >> 1);
    }

    /** The table entries of the first {@code lv} values in {@code w.bits}, two to a long (the lower value in the low half). */
    private static void lookup(int[] table, int lv, Scratch w) {
        long[] bits = w.bits, e = w.entries;
        // the mask (table.length is 2^16) lets C2 drop the per-value range check
        int mask = table.length - 1;
        int j = 0;
        if (GATHER) {
            int[] index = w.index;
            for (; j + 8 <= lv >> 1; j += 8) {
                LongVector.fromArray(L8, bits, j).reinterpretAsInts().lanewise(VectorOperators.LSHR, 16).and(mask).intoArray(index, 0);
                IntVector.fromArray(I16, table, 0, index, 0).reinterpretAsLongs().intoArray(e, j);
            }
        }
        for (; j < lv >> 1; j++) {
            long b = bits[j];
            int lo = table[((int) b >>> 16) & mask], hi = table[(int) (b >>> 48) & mask];
            e[j] = lo & 0xffffffffL | (long) hi << 32;
        }
    }

    /** Codes of the first {@code lv} values in {@code w} into {@code out} from byte {@code o}. */
    private static void store(Scratch w, int lv, MemorySegment out, long o) {
        out = Segments.nativeSegment(out);
        long[] bits = w.bits, e = w.entries;
        for (int i = 0; i < lv; i += LANES) select(bits, e, i >> 1).intoMemorySegment(out, o + i, Vec.LE);
    }

    /** Codes of the eight values whose bits and entries start at long {@code j}. */
    private static ByteVector select(long[] bits, long[] e, int j) {
        IntVector b = LongVector.fromArray(L, bits, j).reinterpretAsInts(), en = LongVector.fromArray(L, e, j).reinterpretAsInts();
        IntVector lo = b.lanewise(VectorOperators.XOR, b.lanewise(VectorOperators.ASHR, 31)).and(0xffff);
        VectorMask<Integer> up = lo.compare(VectorOperators.GT, en.lanewise(VectorOperators.LSHR, 16));
        return (ByteVector) en.blend(en.lanewise(VectorOperators.LSHR, 8), up).convertShape(VectorOperators.I2B, Vec.B, 0);
    }

    /** Scalar form of {@link #codes} (same results), for comparison. */
    static void codesScalar(int[] table, float[] x, int len, float s, byte[] out) {
        for (int i = 0; i < len; i++) {
            float y = x[i] * s;
            int b = Float.floatToRawIntBits(y);
            out[i] = (byte) CodeTable.code(table, b);
        }
    }
}
