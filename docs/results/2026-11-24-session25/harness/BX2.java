package io.bnb.backend.cpu;
import io.bnb.api.*;
import java.lang.foreign.*;
public class BX2 {
    public static void main(String[] a) {
        int n = 4096 * 4096, bs = 64;
        Arena ar = Arena.ofShared();
        MemorySegment f = ar.allocate(4L * n, 64), h = ar.allocate(2L * n, 64), out = ar.allocate(n / 2, 64), am = ar.allocate(4L * n / bs, 64);
        MemorySegment df = ar.allocate(4L * n, 64), dh = ar.allocate(2L * n, 64);
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < n; i++) { float v = (float) r.nextGaussian() * 0.02f; f.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, v); h.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, Elements.bf16(v)); }
        StringBuilder sb = new StringBuilder();
        int iters = Integer.parseInt(a[1]);
        for (String phase : a[0].split(",")) {
            long best = Long.MAX_VALUE, alloc = 0;
            for (int it = 0; it < iters; it++) {
                long a0 = BX.totalAlloc((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean()), t0 = System.nanoTime();
                switch (phase) {
                    case "qf" -> FourBitKernels.quantize(f, DType.F32, n, bs, QuantType.NF4, out, am);
                    case "qh" -> FourBitKernels.quantize(h, DType.BF16, n, bs, QuantType.NF4, out, am);
                    case "dh" -> FourBitKernels.dequantize(out, am, n, bs, QuantType.NF4, dh, DType.BF16);
                    case "df" -> FourBitKernels.dequantize(out, am, n, bs, QuantType.NF4, df, DType.F32);
                }
                long dt = System.nanoTime() - t0; alloc = BX.totalAlloc((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean()) - a0;
                best = Math.min(best, dt);
            }
            sb.append(String.format("%s %d us %.1f MB | ", phase, best / 1000, alloc / 1e6));
        }
        System.out.println(sb);
        System.exit(0);
    }
}
