package io.bnb.backend.cpu;

import io.bnb.api.DType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.bnb.backend.cpu.Vec.*;

/** Vector path of {@link Blockwise8Kernels}: loads, widening and scaling in vectors, table lookups in scalar code. */
final class Blockwise8Vec {
    private Blockwise8Vec() {}

    static void quantizeBlock(MemorySegment in, DType dtype, long start, int len, float m, NearestCode search, MemorySegment out,
                              float[] scaled) {
        if (Blockwise8Kernels.special(in, dtype, start, len, m, search, out)) return;
        float r = 1f / m;
        int i = 0;
        for (; i + LANES <= len; i += LANES) load(in, dtype, start + i).mul(r).intoArray(scaled, i);
        for (; i < len; i++) scaled[i] = Elements.get(in, dtype, start + i) * r;
        for (i = 0; i < len; i++) out.set(ValueLayout.JAVA_BYTE, start + i, (byte) search.index(scaled[i]));
    }
}
