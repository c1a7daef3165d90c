package io.bnb.backend.cpu;

import io.bnb.api.DType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Vector path of {@link Blockwise8Kernels}: a block is widened into a float buffer while its
 * absmax is taken (one read of the input), then coded with the table lookups of {@link NearestCode}.
 */
final class Blockwise8Vec {
    private Blockwise8Vec() {}

    static void quantize(MemorySegment in, DType dtype, long n, int bs, NearestCode search, MemorySegment out, MemorySegment absmax,
                         long b0, long b1) {
        float[] buf = new float[bs];
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs;
            int len = (int) Math.min(bs, n - start);
            float m = Vec.widenAbsmax(in, dtype, start, len, buf);
            absmax.setAtIndex(Elements.F32, blk, m);
            if (Blockwise8Kernels.special(in, dtype, start, len, m, search, out)) continue;
            float r = 1f / m;
            for (int i = 0; i < len; i++) out.set(ValueLayout.JAVA_BYTE, start + i, (byte) search.index(buf[i] * r));
        }
    }
}
