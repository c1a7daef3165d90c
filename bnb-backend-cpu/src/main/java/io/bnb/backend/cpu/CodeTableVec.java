package io.bnb.backend.cpu;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.bnb.backend.cpu.Vec.F;
import static io.bnb.backend.cpu.Vec.I;
import static io.bnb.backend.cpu.Vec.LANES;

/**
 * {@link CodeTable} lookups over a block in three passes so that only the table read is scalar
 * (AVX2 gathers are slower than scalar loads on the machines measured): scale in vectors and keep
 * the bits, read the entries (one load, shift and store per value), then take the low key,
 * select and narrow in vectors. Values are scaled exactly as the scalar reference does ({@code x * r}).
 */
final class CodeTableVec {
    private CodeTableVec() {}

    /** Scratch length: {@link #codes} works in pieces of this many values. */
    static final int PIECE = 512;

    /** Per-thread scratch. */
    static final class Scratch {
        final int[] bits = new int[PIECE];
        final int[] entries = new int[PIECE];
    }

    /** Codes of {@code x[i] * s} for {@code i < len}, into {@code out[0..len)}. */
    static void codes(int[] table, float[] x, int len, float s, Scratch w, byte[] out) {
        for (int p = 0; p < len; p += PIECE) {
            int n = Math.min(PIECE, len - p);
            lookup(table, x, p, n, s, w);
            int[] bits = w.bits, e = w.entries;
            int lv = n & -LANES, i = 0;
            for (; i < lv; i += LANES) select(bits, e, i).intoArray(out, p + i);
            for (; i < n; i++) out[p + i] = select(bits[i], e[i]);
        }
    }

    /** As {@link #codes(int[], float[], int, float, Scratch, byte[])}, into {@code out} from byte {@code off}. */
    static void codes(int[] table, float[] x, int len, float s, Scratch w, MemorySegment out, long off) {
        for (int p = 0; p < len; p += PIECE) {
            int n = Math.min(PIECE, len - p);
            lookup(table, x, p, n, s, w);
            int[] bits = w.bits, e = w.entries;
            long o = off + p;
            int lv = n & -LANES, i = 0;
            for (; i < lv; i += LANES) select(bits, e, i).intoMemorySegment(out, o + i, Vec.LE);
            for (; i < n; i++) out.set(ValueLayout.JAVA_BYTE, o + i, select(bits[i], e[i]));
        }
    }

    /**
     * Codes of the quotients {@code x[i] / d} for {@code i < len}, into {@code out} from byte
     * {@code off}: the division is fused into the first pass, so no quotient array goes through
     * memory, and the codes go straight to their destination.
     */
    static void codesOfQuotients(int[] table, float[] x, int len, float d, Scratch w, MemorySegment out, long off) {
        for (int p = 0; p < len; p += PIECE) {
            int n = Math.min(PIECE, len - p);
            lookupQuotients(table, x, p, n, d, w);
            int[] bits = w.bits, e = w.entries;
            long o = off + p;
            int lv = n & -LANES, i = 0;
            for (; i < lv; i += LANES) select(bits, e, i).intoMemorySegment(out, o + i, Vec.LE);
            for (; i < n; i++) out.set(ValueLayout.JAVA_BYTE, o + i, select(bits[i], e[i]));
        }
    }

    /** As {@link #lookup} for the quotients {@code x[off + i] / d}. */
    private static void lookupQuotients(int[] table, float[] x, int off, int len, float d, Scratch w) {
        int[] bits = w.bits, e = w.entries;
        int lv = len & -LANES;
        for (int i = 0; i < lv; i += LANES) FloatVector.fromArray(F, x, off + i).div(d).reinterpretAsInts().intoArray(bits, i);
        for (int i = lv; i < len; i++) bits[i] = Float.floatToRawIntBits(x[off + i] / d);
        int mask = table.length - 1;
        for (int i = 0; i < len; i++) e[i] = table[(bits[i] >>> 16) & mask];
    }

    /** Fills {@code w.bits} with the bits of {@code x[off + i] * s} and {@code w.entries} with their table entries. */
    private static void lookup(int[] table, float[] x, int off, int len, float s, Scratch w) {
        int[] bits = w.bits, e = w.entries;
        int lv = len & -LANES;
        for (int i = 0; i < lv; i += LANES) FloatVector.fromArray(F, x, off + i).mul(s).reinterpretAsInts().intoArray(bits, i);
        for (int i = lv; i < len; i++) bits[i] = Float.floatToRawIntBits(x[off + i] * s);
        // the mask (table.length is 2^16) lets C2 drop the per-value range check
        int mask = table.length - 1;
        for (int i = 0; i < len; i++) e[i] = table[(bits[i] >>> 16) & mask];
    }

    private static ByteVector select(int[] bits, int[] e, int i) {
        IntVector b = IntVector.fromArray(I, bits, i), en = IntVector.fromArray(I, e, i);
        IntVector lo = b.lanewise(VectorOperators.XOR, b.lanewise(VectorOperators.ASHR, 31)).and(0xffff);
        VectorMask<Integer> up = lo.compare(VectorOperators.GT, en.lanewise(VectorOperators.LSHR, 16));
        return en.blend(en.lanewise(VectorOperators.LSHR, 8), up).convertShape(VectorOperators.I2B, Vec.B, 0).reinterpretAsBytes();
    }

    private static byte select(int b, int e) { return (byte) CodeTable.pick(b, e); }

    /** Scalar form of {@link #codes} (same results), for comparison. */
    static void codesScalar(int[] table, float[] x, int len, float s, byte[] out) {
        for (int i = 0; i < len; i++) {
            float y = x[i] * s;
            int b = Float.floatToRawIntBits(y);
            out[i] = (byte) CodeTable.code(table, b);
        }
    }
}
