package io.bnb.backend.cpu;

import io.bnb.api.*;
import java.lang.foreign.*;
import java.util.*;

/** single-thread timing of FourBitVec.quantize / Blockwise8Vec.quantize, BF16 or F32 input, ns per element */
public final class Q4 {
    public static void main(String[] args) {
        int n = Integer.getInteger("n", 4 << 20);
        DType d = DType.valueOf(System.getProperty("dt", "BF16"));
        String op = System.getProperty("op", "q4");
        Arena arena = Arena.global();
        MemorySegment in = arena.allocate((long) n * d.byteSize(), 64), out = arena.allocate(n, 64), am = arena.allocate(4L * n / 64, 64);
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < n; i++) Elements.put(in, d, i, (float) r.nextGaussian());
        NearestCode search = NearestCode.of(Codebooks.dynamicSigned());
        int reps = Integer.getInteger("reps", 30);
        double[] t = new double[reps];
        for (int w = 0; w < 2; w++)
            for (int k = 0; k < reps; k++) {
                long t0 = System.nanoTime();
                if (op.equals("q4")) FourBitVec.quantize(in, d, n, 64, QuantType.NF4, out, am, 0, n / 64);
                else Blockwise8Vec.quantize(in, d, n, 256, search, out, am, 0, n / 256);
                t[k] = (System.nanoTime() - t0) / (double) n;
            }
        Arrays.sort(t);
        System.out.printf("%s %s min %.3f med %.3f ns/elem%n", op, d, t[0], t[reps / 2]);
    }
}
