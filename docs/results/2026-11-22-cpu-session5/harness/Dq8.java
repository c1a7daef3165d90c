package io.bnb.backend.cpu;

import io.bnb.api.*;
import java.lang.foreign.*;
import java.util.*;

/** single-thread kernel timing of Blockwise8Vec.dequantize bf16: ns per element, min and median of reps */
public final class Dq8 {
    public static void main(String[] args) {
        int n = Integer.getInteger("n", 4 << 20), bs = 256, blocks = n / bs;
        Arena arena = Arena.global();
        MemorySegment q = arena.allocate(n, 64), am = arena.allocate(4L * blocks, 64), out = arena.allocate(2L * n, 64);
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < n; i++) q.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt(256));
        for (int b = 0; b < blocks; b++) am.setAtIndex(Elements.F32, b, 0.5f + (float) r.nextDouble());
        float[] code = Codebooks.dynamicSigned();
        DType d = DType.valueOf(System.getProperty("dt", "BF16"));
        int reps = Integer.getInteger("reps", 60);
        double[] t = new double[reps];
        for (int w = 0; w < 2; w++)
        for (int k = 0; k < reps; k++) {
            long t0 = System.nanoTime();
            if (d == DType.F32) Blockwise8Kernels.dequantizeBlocks(q, am, code, n, bs, out, d, 0, blocks);
            else Blockwise8Vec.dequantize(q, am, code, n, bs, out, d, 0, blocks);
            t[k] = (System.nanoTime() - t0) / (double) n;
        }
        Arrays.sort(t);
        System.out.printf("%s min %.3f med %.3f ns/elem%n", d, t[0], t[reps / 2]);
    }
}
