package io.bnb.backend.cpu;

import java.util.*;
import java.util.concurrent.ConcurrentHashMap;

public final class ParProbe {
    static volatile long sink;
    static void busy(long nanos) {
        long end = System.nanoTime() + nanos, x = 0;
        while (System.nanoTime() < end) x++;
        sink += x;
    }
    public static void main(String[] a) {
        int chunks = Parallel.THREADS * 4;
        for (long w : new long[]{0, 2_000, 10_000, 50_000}) {
            int iters = w == 0 ? 2000 : (int) Math.min(2000, 2_000_000_000L / (w * chunks / Parallel.THREADS + 1));
            double[] t = new double[iters];
            double threadsSum = 0;
            for (int i = 0; i < iters; i++) {
                Set<Thread> seen = ConcurrentHashMap.newKeySet();
                long s = System.nanoTime();
                Parallel.forRange(chunks, 1, 0, (f, to) -> { seen.add(Thread.currentThread()); for (long j = f; j < to; j++) busy(w); });
                t[i] = (System.nanoTime() - s) / 1e3;
                threadsSum += seen.size();
                if (i % 50 == 0) busy(200_000); // a gap like an op's non-parallel part
            }
            Arrays.sort(t);
            double ideal = w * (double) chunks / Parallel.THREADS / 1e3;
            System.out.printf(Locale.ROOT, "probe T=%d chunk=%dus chunks=%d ideal=%.1fus median=%.1fus p10=%.1f p90=%.1f max=%.1f threads/call=%.1f%n",
                    Parallel.THREADS, w / 1000, chunks, ideal, t[iters / 2], t[iters / 10], t[iters * 9 / 10], t[iters - 1], threadsSum / iters);
        }
    }
}
