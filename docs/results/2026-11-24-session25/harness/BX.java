package io.bnb.backend.cpu;
import io.bnb.api.*;
import java.lang.foreign.*;
public class BX {
    public static void main(String[] a) {
        int n = 4096 * 4096, bs = 64;
        Arena ar = Arena.ofShared();
        MemorySegment f = ar.allocate(4L * n, 64), h = ar.allocate(2L * n, 64), out = ar.allocate(n / 2, 64), am = ar.allocate(4L * n / bs, 64);
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < n; i++) { float v = (float) r.nextGaussian() * 0.02f; f.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, v); h.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, Elements.bf16(v)); }
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        if (System.getProperty("touch") != null) { Vec.absmaxBf16(h, 0, 64, new float[64]); }
        StringBuilder sb = new StringBuilder();
        for (String phase : a[0].split(",")) {
            DType t = phase.equals("f32") ? DType.F32 : DType.BF16;
            MemorySegment in = t == DType.F32 ? f : h;
            long best = Long.MAX_VALUE; long alloc = 0;
            for (int it = 0; it < Integer.parseInt(a[1]); it++) {
                long a0 = totalAlloc(mx), t0 = System.nanoTime();
                FourBitKernels.quantize(in, t, n, bs, QuantType.NF4, out, am);
                long dt = System.nanoTime() - t0; alloc = totalAlloc(mx) - a0;
                best = Math.min(best, dt);
            }
            sb.append(String.format("%s best %d us, last alloc %.1f MB | ", phase, best / 1000, alloc / 1e6));
        }
        System.out.println(sb);
        System.exit(0);
    }
    static long totalAlloc(com.sun.management.ThreadMXBean mx) {
        long s = 0; for (long id : mx.getAllThreadIds()) { long v = mx.getThreadAllocatedBytes(id); if (v > 0) s += v; } return s;
    }
}
