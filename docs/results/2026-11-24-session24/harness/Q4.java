package io.bnb.backend.cpu;
import java.lang.foreign.*;
public class Q4 {
    public static void main(String[] a) {
        int n = 4096 * 4096, bs = 64, blocks = n / bs;
        Arena ar = Arena.ofShared();
        MemorySegment in = ar.allocate(2L * n, 64), out = ar.allocate(n / 2, 64), am = ar.allocate(4L * blocks, 64);
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, (short) (Float.floatToRawIntBits((float) r.nextGaussian()) >>> 16));
        float[] spare = new float[bs];
        for (int rep = 0; rep < 15; rep++) {
            long t0 = System.nanoTime();
            Nf4Bf16Keys.blocks(in, bs, 0, blocks, out, am);
            long t1 = System.nanoTime();
            float s = 0;
            for (int b = 0; b < blocks; b++) s += Vec.absmaxBf16(in, (long) b * bs, bs, spare);
            long t2 = System.nanoTime();
            System.out.printf("blocks %.2f ms (%.2f cyc/elem @3.67)  absmax-only %.2f ms  %s%n", (t1 - t0) / 1e6, (t1 - t0) * 3.67 / n, (t2 - t1) / 1e6, s > 0 ? "" : "!");
        }
    }
}
