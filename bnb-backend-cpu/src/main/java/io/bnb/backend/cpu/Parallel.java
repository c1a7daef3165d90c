package io.bnb.backend.cpu;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits index ranges into chunks that the calling thread and the backend's worker threads claim
 * one at a time; small ranges run on the caller's thread.
 *
 * <p>Why its own workers, and why they spin. On this project's 2-core machine a parked thread took
 * up to 2 ms to run again after being woken, while an op takes 1–10 ms. Through
 * {@code ForkJoinPool.invoke} most calls ran serially: 8 chunks of 300 µs took 2.4–2.5 ms (the
 * serial time) in the median call and 1.25 ms at best. A worker that keeps polling for work for a while after
 * its last chunk starts within 2–40 µs, and the same calls take 1.2 ms. So a worker spins for
 * {@link #SPIN_NANOS} after its last chunk ({@code -Dbnb.cpu.spin.ms}, default 100; OpenMP runtimes
 * spin 200 ms by default for the same reason), then parks until the next job.
 *
 * <p>The caller always works too, so a job never waits for a worker that has not started: a worker
 * that comes late finds fewer chunks, or none. Thread count: {@code -Dbnb.cpu.threads}, default
 * the available processors.
 */
final class Parallel {
    private Parallel() {}

    /** Work on {@code [from, to)}. */
    @FunctionalInterface
    interface Range {
        void run(long from, long to);
    }

    static final int THREADS = Math.max(1, Integer.getInteger("bnb.cpu.threads", Runtime.getRuntime().availableProcessors()));
    static final long SPIN_NANOS = Math.max(0, Long.getLong("bnb.cpu.spin.ms", 100)) * 1_000_000L;

    private static final ConcurrentLinkedQueue<Job> JOBS = new ConcurrentLinkedQueue<>();

    /** The worker threads, started on the first parallel job. */
    private static final class Workers {
        static final Thread[] ALL = new Thread[THREADS - 1];

        static {
            for (int i = 0; i < ALL.length; i++)
                ALL[i] = Thread.ofPlatform().daemon().name("bnb-cpu-worker-" + (i + 1)).start(Parallel::workerLoop);
        }

        static void wake() {
            for (Thread t : ALL) LockSupport.unpark(t);
        }
    }

    /**
     * Runs {@code body} over {@code [0, n)} in chunks that are multiples of {@code grain}
     * (so a chunk never splits a block); serial when {@code n <= minParallel}. A chunk's exception
     * is rethrown here once every started chunk has ended; chunks not yet started are skipped.
     */
    static void forRange(long n, long grain, long minParallel, Range body) {
        if (n <= 0) return;
        HostPool.recycleIfIdle(); // closed tensors' blocks, before the kernels start
        KernelGate.enter(); // no block is recycled while the kernels run (see KernelGate)
        try {
            if (n <= minParallel || THREADS == 1) {
                body.run(0, n);
                return;
            }
            Job job = new Job(body, n, grain);
            JOBS.add(job);
            Workers.wake();
            job.work();
            JOBS.remove(job);
            job.await();
        } finally {
            KernelGate.leave();
        }
    }

    private static void workerLoop() {
        long lastWork = System.nanoTime();
        while (true) {
            Job job = JOBS.peek();
            if (job != null) {
                if (!job.work()) JOBS.remove(job); // every chunk claimed: let the next job come up
                lastWork = System.nanoTime();
            } else if (System.nanoTime() - lastWork < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(Parallel.class); // Workers.wake() follows every new job
                lastWork = System.nanoTime();
            }
        }
    }

    /**
     * One forRange call. Chunks are claimed guided-style: each takes {@code 1 / (2 THREADS)} of what
     * is left, at least {@code n / (16 THREADS)}, in whole grains, so the first chunks are large and
     * the last ones small. With {@code 4 THREADS} equal chunks (before session 21) the thread that
     * finished first waited for the other's last chunk: gemv 4096² took 1.03–1.11 ms on two threads
     * against 1.90–2.05 ms on one; 0.95–0.97 ms with these chunks (bench, alternating JVMs). Ops whose
     * threads finish together measured the same either way.
     */
    private static final class Job {
        final Range body;
        final long n, grain, minChunk;
        final Thread caller = Thread.currentThread();
        final AtomicLong next = new AtomicLong(), done = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(Range body, long n, long grain) {
            this.body = body;
            this.n = n;
            this.grain = grain;
            this.minChunk = wholeGrains(n / (16L * THREADS));
        }

        private long wholeGrains(long size) { return Math.max(1, (size + grain - 1) / grain) * grain; }

        /** Claims and runs chunks until none is left; false when there was none to claim. */
        boolean work() {
            boolean any = false;
            for (long from; (from = next.get()) < n; ) {
                long to = Math.min(n, from + Math.max(minChunk, wholeGrains((n - from) / (2L * THREADS))));
                if (!next.compareAndSet(from, to)) continue;
                any = true;
                try {
                    if (failure.get() == null) body.run(from, to);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    if (done.addAndGet(to - from) == n) LockSupport.unpark(caller);
                }
            }
            return any;
        }

        /** Waits for the chunks that workers are still running, then rethrows the first failure. */
        void await() {
            while (done.get() < n) LockSupport.parkNanos(this, 100_000L);
            Throwable t = failure.get();
            if (t instanceof RuntimeException e) throw e;
            if (t instanceof Error e) throw e;
            if (t != null) throw new IllegalStateException(t);
        }
    }
}
