package io.bnb.backend.cpu;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The range splitter: every index exactly once in whole grains, worker threads taking part, failures and nesting. */
class ParallelTest {

    @Test
    void everyIndexRunsOnceInChunksOfWholeGrains() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rnd.nextInt(5000), grain = 1 + rnd.nextInt(64);
            long minParallel = rnd.nextBoolean() ? 0 : rnd.nextInt(2 * n);
            AtomicIntegerArray seen = new AtomicIntegerArray(n);
            Parallel.forRange(n, grain, minParallel, (from, to) -> {
                assertTrue(from >= 0 && from < to && to <= n, from + ".." + to);
                assertEquals(0, from % grain, "chunk start " + from + " splits a grain of " + grain);
                assertTrue(to == n || to % grain == 0, "chunk end " + to + " splits a grain of " + grain);
                for (long i = from; i < to; i++) seen.incrementAndGet((int) i);
            });
            for (int i = 0; i < n; i++) assertEquals(1, seen.get(i), "index " + i + " of " + n + " (grain " + grain + ")");
        }
    }

    @Test
    void chunksShrinkTowardsTheEndOfTheRange() {
        int n = 1 << 16, grain = 4;
        ConcurrentSkipListMap<Long, Long> chunks = new ConcurrentSkipListMap<>();
        Parallel.forRange(n, grain, 0, (from, to) -> chunks.put(from, to));
        if (Parallel.THREADS == 1) {
            assertEquals(Map.of(0L, (long) n), chunks, "one thread runs the range as one chunk");
            return;
        }
        long share = n / (2L * Parallel.THREADS), tail = Math.max(grain, n / (16L * Parallel.THREADS));
        long first = chunks.firstEntry().getValue() - chunks.firstKey(), last = chunks.lastEntry().getValue() - chunks.lastKey();
        assertTrue(first <= share + grain, "first chunk " + first + " of " + n + " with " + Parallel.THREADS + " threads");
        assertTrue(last <= tail + grain, "last chunk " + last + ", the smallest share is " + tail);
        assertTrue(chunks.size() > 2 * Parallel.THREADS, chunks.size() + " chunks");
    }

    @Test
    void workerThreadsTakeChunksAlongsideTheCaller() {
        assumeTrue(Parallel.THREADS > 1, "one thread configured");
        // two chunks must meet at the barrier: one thread alone would wait for itself and time out
        CyclicBarrier meet = new CyclicBarrier(2);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Parallel.forRange(2, 1, 0, (from, to) -> {
            threads.add(Thread.currentThread());
            try {
                meet.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new AssertionError("the two chunks did not run at the same time", e);
            }
        });
        assertEquals(2, threads.size());
        assertTrue(threads.stream().anyMatch(t -> t.getName().startsWith("bnb-cpu-worker-")), "a worker took a chunk: " + threads);
        // with one worker the caller must take the other chunk; with more, spinning workers may claim both first
        if (Parallel.THREADS == 2) assertTrue(threads.contains(Thread.currentThread()), "the caller works too");
    }

    @Test
    void aChunksExceptionReachesTheCallerAndTheNextJobRuns() {
        IllegalArgumentException boom = new IllegalArgumentException("the chunk of index 24");
        AtomicLong ran = new AtomicLong();
        var e = assertThrows(IllegalArgumentException.class, () -> Parallel.forRange(64, 8, 0, (from, to) -> {
            ran.addAndGet(to - from);
            if (from <= 24 && 24 < to) throw boom;
        }));
        assertSame(boom, e);
        assertTrue(ran.get() >= 8 && ran.get() <= 64, "ran " + ran.get());
        AtomicLong sum = new AtomicLong();
        Parallel.forRange(1000, 1, 0, (from, to) -> { for (long i = from; i < to; i++) sum.addAndGet(i); });
        assertEquals(999L * 1000 / 2, sum.get());
    }

    @Test
    void concurrentCallersEachGetTheirWholeJob() throws Exception {
        int callers = 4, rounds = 200;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
        try {
            var results = new java.util.ArrayList<java.util.concurrent.Future<Long>>();
            for (int c = 0; c < callers; c++) {
                int n = 1000 + 337 * c;
                results.add(pool.submit(() -> {
                    long bad = 0;
                    for (int r = 0; r < rounds; r++) {
                        AtomicLong sum = new AtomicLong();
                        Parallel.forRange(n, 7, 0, (from, to) -> { for (long i = from; i < to; i++) sum.addAndGet(i); });
                        if (sum.get() != (long) n * (n - 1) / 2) bad++;
                    }
                    return bad;
                }));
            }
            for (var f : results) assertEquals(0L, f.get(60, TimeUnit.SECONDS), "jobs that lost or repeated an index");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aChunkMaySplitItsOwnRangeAgain() {
        AtomicLong count = new AtomicLong();
        Parallel.forRange(8, 1, 0, (from, to) -> {
            for (long i = from; i < to; i++) Parallel.forRange(1000, 10, 0, (f, t) -> count.addAndGet(t - f));
        });
        assertEquals(8 * 1000, count.get());
    }
}
