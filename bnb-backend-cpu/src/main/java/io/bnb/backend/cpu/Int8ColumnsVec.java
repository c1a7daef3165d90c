package io.bnb.backend.cpu;

import io.bnb.api.DType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;

import static io.bnb.backend.cpu.Vec.F;
import static io.bnb.backend.cpu.Vec.LANES;

/**
 * Vector path of {@link Int8Columns}, bit-identical to it.
 *
 * <p>Column maxima are taken on magnitude bits ({@code bits & 0x7fff} of a half, {@code bits &
 * 0x7fffffff} of a float): for non-NaN values their integer order is the order of |x|, NaN bits lie
 * above every number's, and a compare on 16-bit lanes covers twice the columns of a float one with no
 * widening. The running maxima stay bits for a whole chunk of rows ({@link Maxima}); only the merge
 * turns them into floats (NaN as {@link Float#NaN}).
 *
 * <p>Codes {@code round(p / colMax)}, {@code p = round_dtype(x * 127)}: the quotient is taken as
 * {@code y = p * r}, {@code q = y + (p - y * colMax) * r} with {@code r = 1 / colMax} (per column, once)
 * and both corrections fused. With r the correctly rounded reciprocal and y within an ulp of the
 * quotient, this is the correctly rounded quotient (Markstein's theorem) wherever nothing underflows,
 * which holds for products of magnitude 2^-96 or more (5 billion random pairs checked against the
 * division, session 33: every mismatch had a smaller product, a subnormal reciprocal or a zero). A
 * column takes it when its absmax is in [2^-70, 2^126): a smaller product there has a quotient below
 * 2^-26, coded 0 either way. A lane takes it when its product is below 2^56 in magnitude (so no
 * quotient overflows; NaN and infinities are not), and a group of eight with any other lane takes the
 * scalar rule. The division was a fifth of the codes pass.
 *
 * <p>BF16 and F32 rows are read and coded in one loop each; F16 rows are first widened, with their
 * products, by plain loops (see {@link #productsF16}). One loop over widened buffers for all three
 * measured 1.1 cycles an element for F32 and BF16, against 0.6 and 1.0 (session 33).
 */
final class Int8ColumnsVec {
    private Int8ColumnsVec() {}

    private static final VectorSpecies<Short> S = Vec.S16;
    private static final int SL = S.length();
    private static final VectorSpecies<Integer> I = Vec.I;

    /** Per thread: the F16 piece's values and products, and the columns' reciprocals (written before read). */
    private static final ChunkScratch ROWS = new ChunkScratch(3, 0);

    /** Vector columns of a row: the rest (fewer than {@link #SL} or {@link #LANES}) take the scalar rule. */
    static int vectorColumns(DType t, int k) { return t == DType.F32 ? k & -LANES : k - k % SL; }

    /**
     * One thread's running column maxima over the vector columns, as magnitude bits: 16-bit for F16
     * and BF16, 32-bit for F32. Start with {@link #clear}, raise with {@link #raise}, end with {@link #mergeInto}.
     */
    static final class Maxima {
        private short[] half = new short[0];
        private int[] full = new int[0];
        private DType t;
        private int kv;

        void clear(DType t, int k) {
            this.t = t;
            kv = vectorColumns(t, k);
            if (t == DType.F32) {
                if (full.length < kv) full = new int[kv];
                java.util.Arrays.fill(full, 0, kv, 0);
            } else {
                if (half.length < kv) half = new short[kv];
                java.util.Arrays.fill(half, 0, kv, (short) 0);
            }
        }

        /** Raises {@code m[c]} to the maximum held for column c (NaN where a NaN was seen). */
        void mergeInto(float[] m) {
            int inf = t == DType.F32 ? 0x7f800000 : t == DType.F16 ? 0x7c00 : 0x7f80;
            for (int c = 0; c < kv; c++) {
                int b = t == DType.F32 ? full[c] : half[c];
                float v = b > inf ? Float.NaN : t == DType.F32 ? Float.intBitsToFloat(b)
                        : t == DType.F16 ? Float.float16ToFloat((short) b) : Float.intBitsToFloat(b << 16);
                m[c] = Math.max(m[c], v);
            }
        }
    }

    private static final ThreadLocal<Maxima> MAXIMA = ThreadLocal.withInitial(Maxima::new);

    /** This thread's {@link Maxima}. */
    static Maxima maxima() { return MAXIMA.get(); }

    /** {@link Int8Columns#absmax} on the vector path: raises {@code m[c]} over rows {@code [r0, r1)}. */
    static void absmax(MemorySegment src, DType t, int k, long r0, long r1, float threshold, float[] m) {
        Maxima x = maxima();
        x.clear(t, k);
        raise(src, t, k, r0, r1, threshold, x, m);
        x.mergeInto(m);
    }

    /**
     * Raises the running maxima {@code x} (vector columns) and {@code m} (the other columns) over rows
     * {@code [r0, r1)}, skipping outliers ({@code |x| >= threshold > 0}; NaN is never one).
     */
    static void raise(MemorySegment src, DType t, int k, long r0, long r1, float threshold, Maxima x, float[] m) {
        src = Segments.nativeSegment(src);
        boolean thr = threshold > 0;
        int kv = vectorColumns(t, k);
        if (t == DType.F32) raiseFloats(src, k, kv, r0, r1, thr, threshold, x.full);
        else {
            short inf = (short) (t == DType.F16 ? 0x7c00 : 0x7f80);
            raiseHalves(src, k, kv, r0, r1, thr, thr ? Int8RowsVec.halfCeil(threshold, t) : 0, inf, x.half);
        }
        if (kv < k) Int8Columns.absmax(src, t, k, r0, r1, threshold, m, kv);
    }

    private static void raiseHalves(MemorySegment src, int k, int kv, long r0, long r1, boolean thr, short thrBits, short inf, short[] mx) {
        for (long r = r0; r < r1; r++) {
            long at = r * k * 2;
            for (int c = 0; c < kv; c += SL) {
                ShortVector mag = ShortVector.fromMemorySegment(S, src, at + 2L * c, Vec.LE).and((short) 0x7fff);
                // an outlier is a number at or above the threshold: NaN bits (above inf) are not
                if (thr) mag = mag.blend((short) 0, mag.compare(VectorOperators.GE, thrBits).and(mag.compare(VectorOperators.LE, inf)));
                ShortVector.fromArray(S, mx, c).max(mag).intoArray(mx, c);
            }
        }
    }

    private static void raiseFloats(MemorySegment src, int k, int kv, long r0, long r1, boolean thr, float threshold, int[] mx) {
        for (long r = r0; r < r1; r++) {
            long at = r * k;
            for (int c = 0; c < kv; c += LANES) {
                FloatVector ax = Vec.loadF32(src, at + c).abs();
                if (thr) ax = ax.blend(0f, ax.compare(VectorOperators.GE, threshold));
                IntVector.fromArray(I, mx, c).max(ax.reinterpretAsInts()).intoArray(mx, c);
            }
        }
    }

    /** Columns per piece of an F16 row: its values and products stay in two small float buffers. */
    private static final int PIECE = 512;

    static void codes(MemorySegment src, DType t, int k, long r0, long r1, float threshold, float[] colMax, MemorySegment q) {
        src = Segments.nativeSegment(src);
        q = Segments.nativeSegment(q);
        int kv = k & -LANES;
        boolean thr = threshold > 0;
        // the reciprocals, NaN for a column outside the range where the fused quotient is exact
        float[] rc = ROWS.floatsAtLeast(2, kv);
        boolean every = true;
        for (int c = 0; c < kv; c++) {
            float st = colMax[c];
            boolean in = st >= 0x1p-70f && st < 0x1p126f;
            rc[c] = in ? 1f / st : Float.NaN;
            every &= in;
        }
        for (long r = r0; r < r1; r++) {
            long base = r * k;
            switch (t) {
                case F32 -> codesF32(src, base, kv, thr, threshold, colMax, rc, every, q);
                case BF16 -> codesBf16(src, base, kv, thr, threshold, colMax, rc, every, q);
                default -> {
                    float[] xs = ROWS.floats(0, PIECE), ps = ROWS.floats(1, PIECE);
                    for (int c0 = 0; c0 < kv; c0 += PIECE) {
                        int len = Math.min(PIECE, kv - c0);
                        productsF16(src, base + c0, len, xs, ps);
                        codesF16(src, base, c0, len, xs, ps, thr, threshold, colMax, rc, every, q);
                    }
                }
            }
            if (kv < k) Int8Columns.codes(src, t, base, kv, k, threshold, colMax, q);
        }
    }

    // The three loops below write out the same quotient and rounding: a shared vector-valued helper
    // would have to inline into each, and where it does not, its vectors are boxed.

    private static void codesBf16(MemorySegment src, long base, int kv, boolean thr, float threshold, float[] colMax, float[] rc,
                                  boolean every, MemorySegment q) {
        for (int c = 0; c < kv; c += LANES) {
            FloatVector x = Vec.loadBf16(src, base + c);
            FloatVector p = Vec.roundBf16(x.mul(127f));
            FloatVector st = FloatVector.fromArray(F, colMax, c), r = FloatVector.fromArray(F, rc, c), ap = p.abs();
            VectorMask<Float> plain = ap.compare(VectorOperators.LT, 0x1p56f);
            if (!every) plain = plain.and(r.compare(VectorOperators.EQ, r));
            if (!plain.allTrue()) {
                Int8Columns.codes(src, DType.BF16, base, c, c + LANES, threshold, colMax, q);
                continue;
            }
            FloatVector y = p.mul(r);
            FloatVector v = y.neg().fma(st, p).fma(r, y);
            if (thr) v = v.blend(0f, x.abs().compare(VectorOperators.GE, threshold));
            ((ByteVector) v.add(Int8Rows.MAGIC).reinterpretAsInts().sub(Int8Rows.MAGIC_BITS)
                    .convertShape(VectorOperators.I2B, Vec.B, 0)).intoMemorySegment(q, base + c, Vec.LE);
        }
    }

    private static void codesF32(MemorySegment src, long base, int kv, boolean thr, float threshold, float[] colMax, float[] rc,
                                 boolean every, MemorySegment q) {
        for (int c = 0; c < kv; c += LANES) {
            FloatVector x = Vec.loadF32(src, base + c);
            FloatVector p = x.mul(127f);
            FloatVector st = FloatVector.fromArray(F, colMax, c), r = FloatVector.fromArray(F, rc, c), ap = p.abs();
            VectorMask<Float> plain = ap.compare(VectorOperators.LT, 0x1p56f);
            if (!every) plain = plain.and(r.compare(VectorOperators.EQ, r));
            if (!plain.allTrue()) {
                Int8Columns.codes(src, DType.F32, base, c, c + LANES, threshold, colMax, q);
                continue;
            }
            FloatVector y = p.mul(r);
            FloatVector v = y.neg().fma(st, p).fma(r, y);
            if (thr) v = v.blend(0f, x.abs().compare(VectorOperators.GE, threshold));
            ((ByteVector) v.add(Int8Rows.MAGIC).reinterpretAsInts().sub(Int8Rows.MAGIC_BITS)
                    .convertShape(VectorOperators.I2B, Vec.B, 0)).intoMemorySegment(q, base + c, Vec.LE);
        }
    }

    /** Codes of columns {@code [c0, c0 + len)} of the F16 row at {@code base} from its values {@code xs} and products {@code ps}. */
    private static void codesF16(MemorySegment src, long base, int c0, int len, float[] xs, float[] ps, boolean thr, float threshold,
                                 float[] colMax, float[] rc, boolean every, MemorySegment q) {
        for (int i = 0; i < len; i += LANES) {
            int c = c0 + i;
            FloatVector p = FloatVector.fromArray(F, ps, i);
            FloatVector st = FloatVector.fromArray(F, colMax, c), r = FloatVector.fromArray(F, rc, c), ap = p.abs();
            VectorMask<Float> plain = ap.compare(VectorOperators.LT, 0x1p56f);
            if (!every) plain = plain.and(r.compare(VectorOperators.EQ, r));
            if (!plain.allTrue()) {
                Int8Columns.codes(src, DType.F16, base, c, c + LANES, threshold, colMax, q);
                continue;
            }
            FloatVector y = p.mul(r);
            FloatVector v = y.neg().fma(st, p).fma(r, y);
            if (thr) v = v.blend(0f, FloatVector.fromArray(F, xs, i).abs().compare(VectorOperators.GE, threshold));
            ((ByteVector) v.add(Int8Rows.MAGIC).reinterpretAsInts().sub(Int8Rows.MAGIC_BITS)
                    .convertShape(VectorOperators.I2B, Vec.B, 0)).intoMemorySegment(q, base + c, Vec.LE);
        }
    }

    /**
     * F16 values and their products rounded to F16, in plain loops that C2 turns into the
     * hardware conversions (see {@link Vec#widenF16}); exact for every half, subnormal products
     * included. Infinite products and non-finite values are left to the scalar rule by the caller.
     */
    static void productsF16(MemorySegment src, long from, int len, float[] xs, float[] ps) {
        Vec.widenF16(src, from, len, xs, 0);
        for (int i = 0; i < len; i++) ps[i] = Float.float16ToFloat(Float.floatToFloat16(xs[i] * 127f));
    }
}
