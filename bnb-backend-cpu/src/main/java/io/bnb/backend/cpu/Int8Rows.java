package io.bnb.backend.cpu;

import io.bnb.api.DType;

import java.lang.foreign.MemorySegment;

/**
 * Row-wise int8 quantization of LLM.int8 (spec OPS.md §6), scalar path. A row's scale is
 * {@code 127 · (1 / absmax)} in float32 (see {@link #scale}) and each code is
 * {@code x · scale} rounded half to even. The
 * rounding adds and subtracts 1.5·2^23 and reads the integer from the low mantissa bits; the
 * vector path ({@link Int8RowsVec}) does exactly the same, so both agree bit for bit even on
 * NaN input.
 */
final class Int8Rows {
    private Int8Rows() {}

    /** 1.5·2^23: adding it to |y| < 2^22 leaves round-half-even(y) in the low mantissa bits. */
    static final float MAGIC = 0x1.8p23f;
    static final int MAGIC_BITS = 0x4B400000;

    /**
     * The row scale as CUDA computes it: its fast-math {@code 127.0f / absmax} is 127 times the
     * reciprocal. On the recorded H100 data (61 440 codes) this form matches every code, while
     * the correctly rounded quotient {@code 127f / absmax} differs on 3 elements whose exact
     * scaled value is a tie at ±63.5.
     */
    static float scale(float amax) { return 127f * (1f / amax); }

    /** round-half-even(y) as a byte, for |y| < 2^22 (the only values that reach it). */
    static byte code(float y) {
        return (byte) (Float.floatToRawIntBits(y + MAGIC) - MAGIC_BITS);
    }

    /**
     * Quantizes rows {@code [r0, r1)} of {@code a} ({@code [rows, k]}) into {@code q} and
     * {@code stats}. With {@code threshold > 0}, elements with {@code |x| >= threshold} are
     * outliers: left out of the row absmax, coded 0 and flagged in {@code outlier}.
     */
    static void quantize(MemorySegment a, DType t, int k, long r0, long r1, float threshold,
                         MemorySegment q, MemorySegment stats, boolean[] outlier) {
        a = Segments.nativeSegment(a);
        q = Segments.nativeSegment(q);
        stats = Segments.nativeSegment(stats);
        boolean thr = threshold > 0;
        for (long r = r0; r < r1; r++) {
            long base = r * k;
            float amax = 0f;
            for (int c = 0; c < k; c++) {
                float ax = Math.abs(FloatLanes.get(a, t, base + c));
                if (thr && ax >= threshold) {
                    outlier[c] = true;
                    continue;
                }
                amax = Math.max(amax, ax);
            }
            if (amax != amax) amax = Float.NaN; // one NaN pattern whatever the input's payload
            quantizeRow(a, t, k, base, threshold, amax, q);
            stats.setAtIndex(FloatLanes.F32, r, amax);
        }
    }

    /** Second pass of one row once its absmax is known (shared with the vector path for odd rows). */
    static void quantizeRow(MemorySegment a, DType t, int k, long base, float threshold, float amax, MemorySegment q) {
        a = Segments.nativeSegment(a);
        q = Segments.nativeSegment(q);
        if (amax == 0f) {
            q.asSlice(base, k).fill((byte) 0);
            return;
        }
        boolean thr = threshold > 0;
        float scale = scale(amax);
        if (Float.isInfinite(scale)) {
            // absmax below 127/Float.MAX_VALUE (subnormal F32 data): scale in double, same rounding
            double s = 127.0 * (1.0 / amax);
            for (int c = 0; c < k; c++) {
                float x = FloatLanes.get(a, t, base + c);
                q.set(FloatLanes.I8, base + c, thr && Math.abs(x) >= threshold ? 0 : code((float) (x * s)));
            }
            return;
        }
        for (int c = 0; c < k; c++) {
            float x = FloatLanes.get(a, t, base + c);
            q.set(FloatLanes.I8, base + c, thr && Math.abs(x) >= threshold ? 0 : code(x * scale));
        }
    }

    /** Zeroes the outlier columns {@code cols} in rows {@code [r0, r1)}. */
    static void zeroColumns(MemorySegment q, int k, long r0, long r1, int[] cols) {
        q = Segments.nativeSegment(q);
        for (long r = r0; r < r1; r++) {
            long base = r * k;
            for (int c : cols) q.set(FloatLanes.I8, base + c, (byte) 0);
        }
    }

    /** Indices of the flagged columns, ascending. */
    static int[] flagged(boolean[] outlier) {
        int n = 0;
        for (boolean b : outlier) if (b) n++;
        int[] cols = new int[n];
        for (int c = 0, j = 0; c < outlier.length; c++) if (outlier[c]) cols[j++] = c;
        return cols;
    }
}
