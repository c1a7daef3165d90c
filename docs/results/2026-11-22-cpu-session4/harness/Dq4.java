package io.bnb.backend.cpu;

import io.bnb.api.*;
import java.lang.foreign.*;
import java.util.SplittableRandom;

public final class Dq4 {
    public static void main(String[] a) {
        long n = Long.parseLong(a[0]); int bs = 64;
        SplittableRandom r = new SplittableRandom(3);
        MemorySegment packed = Arena.global().allocate(n / 2, 64), absmax = Arena.global().allocate(4 * (n / bs), 64), out = Arena.global().allocate(2 * n, 64);
        for (long i = 0; i < n / 2; i++) packed.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
        for (long i = 0; i < n / bs; i++) absmax.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, 0.01f + 0.07f * (float) r.nextDouble());
        double best = 1e9;
        int reps = (int) Math.max(1, (1L << 26) / n);
        for (int round = 0; round < 20; round++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < reps; k++) { if (a.length > 1) FourBitKernels.dequantize(packed, absmax, n, bs, QuantType.NF4, out, DType.BF16); else FourBitVec.dequantize(packed, absmax, n, bs, QuantType.NF4, out, DType.BF16, 0, n / bs); }
            best = Math.min(best, (System.nanoTime() - t0) / (double) reps / n);
        }
        System.out.printf("dq4 bf16 n=%d single thread %.3f ns/elem (best of 20 rounds)%n", n, best);
    }
}
