package io.bnb.backend.cpu;

import io.bnb.api.DType;

import java.lang.foreign.MemorySegment;

/**
 * The column half of int8DoubleQuant over a row-major {@code [rows, k]} input, walked row by row
 * (walking a column touches one cache line per row, which made these passes 20x slower): column
 * absmax of the non-outlier values, then the codes {@code round(round_dtype(x * 127) / colMax)}.
 * This is the scalar reference; {@link Int8ColumnsVec} must give the same bytes.
 */
final class Int8Columns {
    private Int8Columns() {}

    /** Raises {@code m[c]} to {@code |x[r, c]|} over rows {@code [r0, r1)}, skipping outliers ({@code |x| >= threshold > 0}). */
    static void absmax(MemorySegment src, DType t, int k, long r0, long r1, float threshold, float[] m, boolean vector) {
        if (vector) {
            Int8ColumnsVec.absmax(src, t, k, r0, r1, threshold, m);
            return;
        }
        absmax(src, t, k, r0, r1, threshold, m, 0);
    }

    /** The scalar form from column {@code c0} on (the vector path's tail). */
    static void absmax(MemorySegment src, DType t, int k, long r0, long r1, float threshold, float[] m, int c0) {
        src = Segments.nativeSegment(src);
        boolean thr = threshold > 0;
        for (long r = r0; r < r1; r++) {
            long base = r * k;
            for (int c = c0; c < k; c++) {
                float ax = Math.abs(FloatLanes.get(src, t, base + c));
                if (!(thr && ax >= threshold)) m[c] = Math.max(m[c], ax);
            }
        }
    }

    /** Codes of rows {@code [r0, r1)} into {@code q} (outliers and all-zero columns code 0). */
    static void codes(MemorySegment src, DType t, int k, long r0, long r1, float threshold, float[] colMax, MemorySegment q, boolean vector) {
        src = Segments.nativeSegment(src);
        q = Segments.nativeSegment(q);
        if (vector) {
            Int8ColumnsVec.codes(src, t, k, r0, r1, threshold, colMax, q);
            return;
        }
        for (long r = r0; r < r1; r++) codes(src, t, r * k, 0, k, threshold, colMax, q);
    }

    /** Scalar codes of columns {@code [c0, c1)} of the row starting at element {@code base}. */
    static void codes(MemorySegment src, DType t, long base, int c0, int c1, float threshold, float[] colMax, MemorySegment q) {
        src = Segments.nativeSegment(src);
        q = Segments.nativeSegment(q);
        boolean thr = threshold > 0;
        for (int c = c0; c < c1; c++) {
            float x = FloatLanes.get(src, t, base + c);
            float st = colMax[c];
            byte code = 0;
            if (!(thr && Math.abs(x) >= threshold) && st != 0f) code = Int8Rows.code(value(x, t, st));
            q.set(FloatLanes.I8, base + c, code);
        }
    }

    /** {@code round_dtype(x·127) / colStat}; an overflowing product is kept finite (see Int8Kernels' class doc). */
    static float value(float x, DType t, float colStat) {
        float p = FloatLanes.round(x * 127f, t);
        if (Float.isInfinite(p) && Float.isFinite(x)) return (float) ((double) x * 127.0 / colStat);
        return p / colStat;
    }
}
