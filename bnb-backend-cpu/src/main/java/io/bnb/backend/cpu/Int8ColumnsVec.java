package io.bnb.backend.cpu;

import io.bnb.api.DType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static io.bnb.backend.cpu.Vec.F;
import static io.bnb.backend.cpu.Vec.LANES;

/**
 * Vector path of {@link Int8Columns}, bit-identical to it. The codes loop takes eight columns at a
 * time when every value is finite, its product with 127 stays finite in the dtype and its column
 * absmax is finite and non-zero; any other group of eight goes through the scalar rule. The
 * dtype-specific loads are loops of their own (see {@link Vec}: a dtype switch inside a hot loop
 * leaves vectors boxed).
 */
final class Int8ColumnsVec {
    private Int8ColumnsVec() {}

    static void absmax(MemorySegment src, DType t, int k, long r0, long r1, float threshold, float[] m) {
        int kv = k & -LANES;
        boolean thr = threshold > 0;
        for (long r = r0; r < r1; r++) {
            long base = r * k;
            switch (t) {
                case F32 -> raiseF32(src, base, kv, thr, threshold, m);
                case BF16 -> raiseBf16(src, base, kv, thr, threshold, m);
                default -> raiseF16(src, base, kv, thr, threshold, m);
            }
        }
        if (kv < k) Int8Columns.absmax(src, t, k, r0, r1, threshold, m, kv);
    }

    // one small method per dtype: a shared one with every load inlined exceeds C2's inlining budget

    private static void raiseF32(MemorySegment src, long base, int kv, boolean thr, float threshold, float[] m) {
        src = Segments.nativeSegment(src);
        for (int c = 0; c < kv; c += LANES) raise(Vec.loadF32(src, base + c), c, thr, threshold, m);
    }

    private static void raiseBf16(MemorySegment src, long base, int kv, boolean thr, float threshold, float[] m) {
        src = Segments.nativeSegment(src);
        for (int c = 0; c < kv; c += LANES) raise(Vec.loadBf16(src, base + c), c, thr, threshold, m);
    }

    private static void raiseF16(MemorySegment src, long base, int kv, boolean thr, float threshold, float[] m) {
        src = Segments.nativeSegment(src);
        for (int c = 0; c < kv; c += LANES) raise(Vec.loadF16(src, base + c), c, thr, threshold, m);
    }

    private static void raise(FloatVector x, int c, boolean thr, float threshold, float[] m) {
        FloatVector ax = x.abs();
        // outliers are skipped (a NaN is never >= threshold, so it reaches the max as in the scalar rule)
        if (thr) ax = ax.blend(0f, ax.compare(VectorOperators.GE, threshold));
        FloatVector.fromArray(F, m, c).max(ax).intoArray(m, c);
    }

    /** Columns per piece of a row: its values and products stay in two small float buffers. */
    private static final int PIECE = 512;

    static void codes(MemorySegment src, DType t, int k, long r0, long r1, float threshold, float[] colMax, MemorySegment q) {
        int kv = k & -LANES;
        float[] xs = new float[PIECE], ps = new float[PIECE];
        for (long r = r0; r < r1; r++) {
            long base = r * k;
            for (int c0 = 0; c0 < kv; c0 += PIECE) {
                int len = Math.min(PIECE, kv - c0);
                // the dtype-specific part in its own small loop (one loop with every dtype and the
                // coding inlined exceeds C2's inlining budget and leaves vectors boxed)
                switch (t) {
                    case F32 -> products(src, base + c0, len, xs, ps);
                    case BF16 -> productsBf16(src, base + c0, len, xs, ps);
                    default -> productsF16(src, base + c0, len, xs, ps);
                }
                codes(src, t, base, c0, len, xs, ps, threshold, colMax, q);
            }
            if (kv < k) Int8Columns.codes(src, t, base, kv, k, threshold, colMax, q);
        }
    }

    private static void products(MemorySegment src, long from, int len, float[] xs, float[] ps) {
        src = Segments.nativeSegment(src);
        for (int i = 0; i < len; i += LANES) {
            FloatVector x = Vec.loadF32(src, from + i);
            x.intoArray(xs, i);
            x.mul(127f).intoArray(ps, i);
        }
    }

    private static void productsBf16(MemorySegment src, long from, int len, float[] xs, float[] ps) {
        src = Segments.nativeSegment(src);
        for (int i = 0; i < len; i += LANES) {
            FloatVector x = Vec.loadBf16(src, from + i);
            x.intoArray(xs, i);
            Vec.roundBf16(x.mul(127f)).intoArray(ps, i);
        }
    }

    /**
     * F16 values and their products rounded to F16, with the conversions written out (the shared
     * helpers are too large to inline here). Lanes this does not cover get a NaN product, which
     * sends them to the scalar rule: non-finite halves, and products that round to an F16
     * subnormal or to infinity.
     */
    static void productsF16(MemorySegment src, long from, int len, float[] xs, float[] ps) {
        src = Segments.nativeSegment(src);
        for (int i = 0; i < len; i += LANES) {
            IntVector h = Vec.shorts(src, from + i);
            IntVector mag = h.and(0x7fff);
            // finite halves: the magnitude bits in float position times 2^112 (exact, subnormals included)
            FloatVector x = mag.lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(0x1p112f)
                    .reinterpretAsInts().or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
            x.intoArray(xs, i);
            IntVector y = x.mul(127f).reinterpretAsInts();
            // nearest even at 10 fraction bits (F16 normal range)
            IntVector p = y.add(y.lanewise(VectorOperators.LSHR, 13).and(1)).add(0xfff).and(0xffffe000);
            IntVector ay = y.and(0x7fffffff);
            VectorMask<Integer> other = mag.compare(VectorOperators.GE, 0x7c00)
                    .or(ay.compare(VectorOperators.LT, 0x38800000).and(ay.compare(VectorOperators.NE, 0)))
                    .or(ay.compare(VectorOperators.GE, 0x477ff000));
            p.blend(0x7fc00000, other).reinterpretAsFloats().intoArray(ps, i);
        }
    }

    /** Codes of columns {@code [c0, c0 + len)} of the row at {@code base} from its values {@code xs} and products {@code ps}. */
    private static void codes(MemorySegment src, DType t, long base, int c0, int len, float[] xs, float[] ps, float threshold,
                              float[] colMax, MemorySegment q) {
        src = Segments.nativeSegment(src);
        q = Segments.nativeSegment(q);
        boolean thr = threshold > 0;
        float inf = Float.POSITIVE_INFINITY;
        for (int i = 0; i < len; i += LANES) {
            FloatVector ax = FloatVector.fromArray(F, xs, i).abs(), p = FloatVector.fromArray(F, ps, i);
            FloatVector st = FloatVector.fromArray(F, colMax, c0 + i);
            // rare lanes (non-finite values or products, zero or non-finite column absmax) take the
            // scalar rule; float compares are false for NaN
            VectorMask<Float> plain = ax.compare(VectorOperators.LT, inf).and(p.abs().compare(VectorOperators.LT, inf))
                    .and(st.compare(VectorOperators.GT, 0f)).and(st.compare(VectorOperators.LT, inf));
            if (!plain.allTrue()) {
                Int8Columns.codes(src, t, base, c0 + i, c0 + i + LANES, threshold, colMax, q);
                continue;
            }
            FloatVector v = p.div(st);
            // an outlier codes 0, and so does the value 0
            if (thr) v = v.blend(0f, ax.compare(VectorOperators.GE, threshold));
            v.add(Int8Rows.MAGIC).reinterpretAsInts().sub(Int8Rows.MAGIC_BITS)
                    .convertShape(VectorOperators.I2B, Vec.B, 0).reinterpretAsBytes().intoMemorySegment(q, base + c0 + i, Vec.LE);
        }
    }
}
