package io.bnb.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import static io.bnb.backend.cpu.Vec.F;
import static io.bnb.backend.cpu.Vec.I;
import static io.bnb.backend.cpu.Vec.LANES;

/**
 * {@link CodeTable} lookups over a block, in two passes so that only the table read is scalar
 * (AVX2 gathers are no faster than scalar loads on the machines measured): read the entries,
 * then take the low key, select and narrow in vectors.
 * Values are scaled exactly as the scalar reference does ({@code x * r}).
 */
final class CodeTableVec {
    private CodeTableVec() {}

    /** Scratch length: {@link #codes} works in pieces of this many values. */
    static final int PIECE = 512;

    /** Per-thread scratch. */
    static final class Scratch {
        final int[] entries = new int[PIECE];
    }

    /** Codes of {@code x[i] * s} for {@code i < len}, into {@code out[0..len)}. */
    static void codes(int[] table, float[] x, int len, float s, Scratch w, byte[] out) {
        for (int p = 0; p < len; p += PIECE) piece(table, x, p, Math.min(PIECE, len - p), s, w.entries, out);
    }

    // The scalar pass rescales rather than reading bits stored by a vector pass: one store less.
    private static void piece(int[] table, float[] x, int off, int len, float s, int[] e, byte[] out) {
        for (int i = 0; i < len; i++) e[i] = table[Float.floatToRawIntBits(x[off + i] * s) >>> 16];
        int lv = len & -LANES;
        for (int i = 0; i < lv; i += LANES) {
            IntVector b = FloatVector.fromArray(F, x, off + i).mul(s).reinterpretAsInts(), en = IntVector.fromArray(I, e, i);
            IntVector lo = b.lanewise(VectorOperators.XOR, b.lanewise(VectorOperators.ASHR, 31)).and(0xffff);
            VectorMask<Integer> up = lo.compare(VectorOperators.GT, en.lanewise(VectorOperators.LSHR, 16));
            en.blend(en.lanewise(VectorOperators.LSHR, 8), up).convertShape(VectorOperators.I2B, Vec.B, 0).reinterpretAsBytes()
                    .intoArray(out, off + i);
        }
        for (int i = lv; i < len; i++) {
            int b = Float.floatToRawIntBits(x[off + i] * s), en = e[i];
            out[off + i] = (byte) (CodeTable.low(b) > en >>> 16 ? en >>> 8 : en);
        }
    }

    /** Scalar form of {@link #codes} (same results), for comparison. */
    static void codesScalar(int[] table, float[] x, int len, float s, byte[] out) {
        for (int i = 0; i < len; i++) {
            float y = x[i] * s;
            int b = Float.floatToRawIntBits(y);
            int e = table[b >>> 16];
            out[i] = (byte) (CodeTable.low(b) > e >>> 16 ? e >>> 8 : e);
        }
    }
}
