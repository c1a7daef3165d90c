package io.bnb.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/** Splits index ranges over the common ForkJoinPool; small ranges run on the caller's thread. */
final class Parallel {
    private Parallel() {}

    /** Work on {@code [from, to)}. */
    @FunctionalInterface
    interface Range {
        void run(long from, long to);
    }

    static final int THREADS = Math.max(1, ForkJoinPool.getCommonPoolParallelism() + 1);

    /**
     * Runs {@code body} over {@code [0, n)} in chunks that are multiples of {@code grain}
     * (so a chunk never splits a block); serial when {@code n <= minParallel}.
     */
    static void forRange(long n, long grain, long minParallel, Range body) {
        if (n <= 0) return;
        if (n <= minParallel || THREADS == 1) {
            body.run(0, n);
            return;
        }
        long units = (n + grain - 1) / grain;
        long chunks = Math.min(units, THREADS * 4L);
        long perChunk = (units + chunks - 1) / chunks * grain;
        ForkJoinPool.commonPool().invoke(new Task(body, 0, n, perChunk));
    }

    private static final class Task extends RecursiveAction {
        final Range body;
        final long from, to, chunk;

        Task(Range body, long from, long to, long chunk) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.chunk = chunk;
        }

        @Override
        protected void compute() {
            if (to - from <= chunk) {
                body.run(from, to);
                return;
            }
            long chunks = (to - from + chunk - 1) / chunk;
            long mid = from + (chunks / 2) * chunk;
            invokeAll(new Task(body, from, mid, chunk), new Task(body, mid, to, chunk));
        }
    }
}
