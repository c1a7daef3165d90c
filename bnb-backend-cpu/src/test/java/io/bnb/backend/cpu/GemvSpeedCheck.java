package io.bnb.backend.cpu;

import io.bnb.api.Codebooks;
import io.bnb.api.DType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

/**
 * Rough gemv_4bit timing by hand (not a test): {@code java ... io.bnb.backend.cpu.GemvSpeedCheck rows [exact|fast] [reps]}.
 * Prints every repetition so JIT warm-up and noise from other processes are visible.
 */
public final class GemvSpeedCheck {
    public static void main(String[] args) {
        int rows = Integer.parseInt(args[0]), k = 4096;
        FourBitMatmul.Mode mode = args.length > 1 && args[1].equals("exact") ? FourBitMatmul.Mode.EXACT : FourBitMatmul.Mode.FAST;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        long wn = (long) rows * k;
        Arena arena = Arena.ofShared();
        MemorySegment w = arena.allocate(wn / 2, 64), am = arena.allocate(4 * (wn / 64), 64), o = arena.allocate(2L * rows, 64);
        Random rnd = new Random(1);
        for (long i = 0; i < wn / 2; i++) w.set(ValueLayout.JAVA_BYTE, i, (byte) rnd.nextInt());
        for (long i = 0; i < wn / 64; i++) am.setAtIndex(Elements.F32, i, 0.5f + rnd.nextFloat());
        float[] x = new float[k];
        for (int i = 0; i < k; i++) x[i] = Elements.round((float) rnd.nextGaussian(), DType.BF16);
        if (Boolean.getBoolean("serial")) { // the BF16 row kernel alone on one thread; the best of many short runs

            float[] xp = FourBitGemvBf16.permuteWords(x, k), sums = new float[rows];
            short[] tab = FourBitGemvBf16.tables(Codebooks.nf4());
            long bestNs = Long.MAX_VALUE;
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                FourBitGemvBf16.rows(xp, k, w, 0, rows, 64, FourBitMatmul.Scales.plain(am), tab, sums);
                bestNs = Math.min(bestNs, System.nanoTime() - t0);
            }
            System.out.printf("serial kernel %dx%d: %.0f us, %.3f ns/weight%n", rows, k, bestNs / 1e3, (double) bestNs / wn);
            System.exit(0);
        }
        double best = Double.MAX_VALUE;
        StringBuilder all = new StringBuilder();
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            FourBitMatmul.compute(x, 1, k, w, rows, 64, FourBitMatmul.Scales.plain(am), Codebooks.nf4(), DType.BF16, null, o, mode);
            double us = (System.nanoTime() - t0) / 1e3;
            best = Math.min(best, us);
            all.append(String.format(" %.0f", us));
        }
        System.out.printf("gemv %s bf16 %dx%d: best %.0f us = %.2f GB/s of weight bytes; all:%s%n", mode, rows, k, best, wn / 2.0 / best / 1e3, all);
        System.exit(0);
    }
}
