package io.bnb.backend.cpu;

import io.bnb.api.DType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static io.bnb.backend.cpu.Vec.F;
import static io.bnb.backend.cpu.Vec.LANES;

/**
 * Vector path of {@link Int8Columns}, bit-identical to it. The codes loop takes eight columns at a
 * time when every value is finite, its product with 127 stays finite in the dtype and its column
 * absmax is finite and non-zero; any other group of eight goes through the scalar rule. Each dtype
 * is first widened into a float buffer by a loop of its own, so the column loops hold no dtype
 * switch and no vector-valued call.
 */
final class Int8ColumnsVec {
    private Int8ColumnsVec() {}

    /** Per thread: a widened row for the maxima, a piece of values and of products for the codes (written before read). */
    private static final ChunkScratch ROWS = new ChunkScratch(3, 0);

    static void absmax(MemorySegment src, DType t, int k, long r0, long r1, float threshold, float[] m) {
        int kv = k & -LANES;
        boolean thr = threshold > 0;
        float[] xs = ROWS.floats(0, kv);
        for (long r = r0; r < r1; r++) {
            widen(src, t, r * k, kv, xs);
            raise(xs, kv, thr, threshold, m);
        }
        if (kv < k) Int8Columns.absmax(src, t, k, r0, r1, threshold, m, kv);
    }

    /**
     * The row's values as floats. Every dtype goes through a float buffer so that the loop over
     * columns is one loop with no vector-valued call in it (see {@link Vec#widenF16}).
     */
    private static void widen(MemorySegment src, DType t, long from, int len, float[] xs) {
        switch (t) {
            case F32 -> MemorySegment.copy(src, FloatLanes.F32, from << 2, xs, 0, len);
            case BF16 -> Vec.widenBf16(src, from, len, xs, 0);
            default -> Vec.widenF16(src, from, len, xs, 0);
        }
    }

    private static void raise(float[] xs, int len, boolean thr, float threshold, float[] m) {
        for (int c = 0; c < len; c += LANES) {
            FloatVector ax = FloatVector.fromArray(F, xs, c).abs();
            // outliers are skipped (a NaN is never >= threshold, so it reaches the max as in the scalar rule)
            if (thr) ax = ax.blend(0f, ax.compare(VectorOperators.GE, threshold));
            FloatVector.fromArray(F, m, c).max(ax).intoArray(m, c);
        }
    }

    /** Columns per piece of a row: its values and products stay in two small float buffers. */
    private static final int PIECE = 512;

    static void codes(MemorySegment src, DType t, int k, long r0, long r1, float threshold, float[] colMax, MemorySegment q) {
        int kv = k & -LANES;
        float[] xs = ROWS.floats(1, PIECE), ps = ROWS.floats(2, PIECE);
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
     * F16 values and their products rounded to F16, in plain loops that C2 turns into the
     * hardware conversions (see {@link Vec#widenF16}); exact for every half, subnormal products
     * included. Infinite products and non-finite values are left to the scalar rule by the caller.
     */
    static void productsF16(MemorySegment src, long from, int len, float[] xs, float[] ps) {
        Vec.widenF16(src, from, len, xs, 0);
        for (int i = 0; i < len; i++) ps[i] = Float.float16ToFloat(Float.floatToFloat16(xs[i] * 127f));
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
