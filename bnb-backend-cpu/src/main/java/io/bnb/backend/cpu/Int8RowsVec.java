package io.bnb.backend.cpu;

import io.bnb.api.DType;
import jdk.incubator.vector.*;

import java.lang.foreign.MemorySegment;

import static io.bnb.backend.cpu.FloatLanesVec.*;

/** Vector path of {@link Int8Rows}: same arithmetic, {@code L} columns at a time, scalar tail. */
final class Int8RowsVec {
    private Int8RowsVec() {}

    static void quantize(MemorySegment a, DType t, int k, long r0, long r1, float threshold,
                         MemorySegment q, MemorySegment stats, boolean[] outlier) {
        boolean thr = threshold > 0;
        int kv = k - k % L;
        for (long r = r0; r < r1; r++) {
            long base = r * k;
            FloatVector vmax = FloatVector.zero(F);
            for (int c = 0; c < kv; c += L) {
                FloatVector ax = load(a, t, base + c).abs();
                if (thr) {
                    VectorMask<Float> out = ax.compare(VectorOperators.GE, threshold);
                    if (out.anyTrue()) {
                        flag(out, c, outlier);
                        ax = ax.blend(0f, out);
                    }
                }
                vmax = vmax.max(ax);
            }
            float amax = vmax.reduceLanes(VectorOperators.MAX);
            for (int c = kv; c < k; c++) {
                float ax = Math.abs(FloatLanes.get(a, t, base + c));
                if (thr && ax >= threshold) {
                    outlier[c] = true;
                    continue;
                }
                amax = Math.max(amax, ax);
            }
            stats.setAtIndex(FloatLanes.F32, r, amax == 0f ? 0f : amax);
            float scale = Int8Rows.scale(amax);
            if (amax == 0f || Float.isInfinite(scale)) {
                Int8Rows.quantizeRow(a, t, k, base, threshold, amax, q);
                continue;
            }
            for (int c = 0; c < kv; c += L) {
                FloatVector x = load(a, t, base + c);
                IntVector code = x.mul(scale).add(Int8Rows.MAGIC).reinterpretAsInts().sub(Int8Rows.MAGIC_BITS);
                if (thr) code = code.blend(0, x.abs().compare(VectorOperators.GE, threshold).cast(I));
                code.convertShape(VectorOperators.I2B, B, 0).reinterpretAsBytes().intoMemorySegment(q, base + c, LE);
            }
            for (int c = kv; c < k; c++) {
                float x = FloatLanes.get(a, t, base + c);
                q.set(FloatLanes.I8, base + c, thr && Math.abs(x) >= threshold ? 0 : Int8Rows.code(x * scale));
            }
        }
    }

    private static void flag(VectorMask<Float> m, int c, boolean[] outlier) {
        long bits = m.toLong();
        while (bits != 0) {
            outlier[c + Long.numberOfTrailingZeros(bits)] = true;
            bits &= bits - 1;
        }
    }
}
