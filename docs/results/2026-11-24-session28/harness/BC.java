package io.bnb.backend.cpu;

import io.bnb.api.Codebooks;
import io.bnb.api.DType;
import java.lang.foreign.*;
import java.util.Random;

public final class BC {
    public static void main(String[] args) {
        int rows = 4096, k = 4096;
        long wn = (long) rows * k;
        Arena arena = Arena.ofShared();
        MemorySegment w = arena.allocate(wn / 2, 64), am = arena.allocate(4 * (wn / 64), 64), o = arena.allocate(2L * rows, 64);
        Random rnd = new Random(1);
        for (long i = 0; i < wn / 2; i++) w.set(ValueLayout.JAVA_BYTE, i, (byte) rnd.nextInt());
        for (long i = 0; i < wn / 64; i++) am.setAtIndex(Elements.F32, i, 0.5f + rnd.nextFloat());
        float[] x = new float[k];
        for (int i = 0; i < k; i++) x[i] = (float) rnd.nextGaussian();
        com.sun.management.ThreadMXBean tm = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = 0; r < 20; r++) {
            long a0 = tm.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            for (int q = 0; q < 200; q++)
                FourBitMatmul.compute(x, 1, k, w, rows, 64, FourBitMatmul.Scales.plain(am), Codebooks.nf4(), DType.BF16, null, o, FourBitMatmul.Mode.FAST);
            long t1 = System.nanoTime();
            System.out.printf("%.0f us %d B/call%n", (t1 - t0) / 200e3, (tm.getCurrentThreadAllocatedBytes() - a0) / 200);
        }
    }
}
