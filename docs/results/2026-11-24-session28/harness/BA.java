package io.bnb.backend.cpu;

import io.bnb.api.Codebooks;
import java.lang.foreign.*;
import java.util.Random;

public final class BA {
    public static void main(String[] args) {
        int rows = 4096, k = 4096;
        long wn = (long) rows * k;
        Arena arena = Arena.ofShared();
        MemorySegment w = arena.allocate(wn / 2, 64), am = arena.allocate(4 * (wn / 64), 64);
        Random rnd = new Random(1);
        for (long i = 0; i < wn / 2; i++) w.set(ValueLayout.JAVA_BYTE, i, (byte) rnd.nextInt());
        for (long i = 0; i < wn / 64; i++) am.setAtIndex(Elements.F32, i, 0.5f + rnd.nextFloat());
        float[] x = new float[k];
        for (int i = 0; i < k; i++) x[i] = (float) rnd.nextGaussian();
        float[] xp = FourBitGemvBf16.permuteWords(x, k, FourBitGemvBf16.WIDE), sums = new float[rows];
        short[] tab = FourBitGemvBf16.tables(Codebooks.nf4());
        com.sun.management.ThreadMXBean tm = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = 0; r < 40; r++) {
            long a0 = tm.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            for (int q = 0; q < 20; q++) FourBitGemvBf16.rows(xp, k, w, 0, rows, 64, FourBitMatmul.Scales.plain(am), tab, sums);
            long t1 = System.nanoTime();
            System.out.printf("%.0f us %d B/call%n", (t1 - t0) / 20e3, (tm.getCurrentThreadAllocatedBytes() - a0) / 20);
        }
    }
}
