package io.bnb.backend.cpu;

import io.bnb.spi.WarmUpCalls;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link CpuBackend#warmUp()}: runs the kernels of {@link WarmUpCalls} on small inputs
 * until the JIT has compiled them. Why it pays: until C2 compiles a Vector API kernel, every vector in it is a heap
 * object, hundreds of times slower (in a fresh JVM here the first 4096x4096 gemv4bit took 1.9 s,
 * the next two 0.56 and 0.27 s, warm 8 ms), and C2 takes seconds to get there. The inputs are 64
 * rows of 4096, large enough for the kernels' parallel split, so the compiled code is the code
 * full-size calls take.
 *
 * <p>Each kernel runs in turn until it is settled: its last {@value #STEADY} calls within 2x of
 * one another and all under 1/{@value #SPEEDUP} of its first call (compiled Vector API code is
 * 100-1000x faster than boxed, C1's included; C1 alone does not get there), or, for a kernel
 * compiled before the warm-up began, steady after {@value #PATIENCE} calls. (Steady alone is not
 * enough: a kernel can run boxed at a steady pace for dozens of calls before C2 takes it, and one
 * let go then stays boxed until the user's first calls.) Whatever is not
 * settled after {@link #LIMIT_NANOS} is left to the JIT. With the Vector API off there is nothing
 * boxed to wait for, and with 512-bit lanes emulated ({@code bnb.cpu.wide512} on an AVX2 machine)
 * nothing ever compiles to fast code: it returns at once in both cases.
 *
 * <p>Cost here: 7.5-10 s of this 2-core machine for the 24 kernels it had in session 14 (27 since
 * gemm4bit with 16 rows joined in session 15; not measured again). First calls in a fresh JVM
 * at 4096x4096 BF16 ({@code bnb bench --first-calls}): 1.0-2.8 s each for quantize4bit,
 * dequantize4bit, gemv4bit, gemm4bit (M=16), dequantizeBlockwise and int8VectorwiseQuant; after
 * it 4-78 ms, against 2-33 ms steady. Adam on 16 Mi parameters, 32-bit and 8-bit: 620 and 1598 ms
 * cold, 50 and 139 ms after it (24 and 48 ms steady).
 */
final class Warmup {
    private Warmup() {}

    static final int STEADY = 5, SPEEDUP = 30, PATIENCE = 60;
    static final long LIMIT_NANOS = 30_000_000_000L;
    static final int ROWS = 64, K = 4096;

    private static final class Kernel {
        final WarmUpCalls.Call call;
        final long[] times = new long[STEADY];
        long first = -1, calls;

        Kernel(WarmUpCalls.Call call) { this.call = call; }

        /** Times one call; true once settled. */
        boolean step() {
            long t0 = System.nanoTime();
            call.run().run();
            long t = System.nanoTime() - t0;
            if (first < 0) first = t;
            times[(int) (calls++ % STEADY)] = t;
            return settled(first, times, calls);
        }
    }

    /**
     * The rule above, for a kernel whose first call took {@code first} and whose last
     * {@value #STEADY} calls (of {@code calls} so far, in any order) took {@code last}.
     */
    static boolean settled(long first, long[] last, long calls) {
        if (calls <= STEADY) return false;
        long lo = Long.MAX_VALUE, hi = 0;
        for (long x : last) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
        return hi <= 2 * lo && (hi * SPEEDUP <= first || calls >= PATIENCE);
    }

    private static volatile boolean done;
    /** How many times {@link #run} started (tests: once per JVM). */
    static volatile int runs;

    /** Once per JVM (compiled code is shared by every backend instance); callers meanwhile wait. */
    static void once(CpuBackend b) {
        if (done) return;
        synchronized (Warmup.class) {
            if (done) return;
            long t0 = System.nanoTime();
            List<String> left = run(b);
            done = true;
            System.getLogger(Warmup.class.getName()).log(System.Logger.Level.DEBUG, () -> String.format(
                    "warm-up took %d ms; not settled: %s", (System.nanoTime() - t0) / 1_000_000, left.isEmpty() ? "none" : left));
        }
    }

    /** Kernels still unsettled when it returned (empty when all are), for tests and logs. */
    static List<String> run(CpuBackend b) {
        runs++;
        if (!Simd.ENABLED || FloatLanesVec.EMULATED) return List.of();
        try (WarmUpCalls w = WarmUpCalls.create(b, ROWS, K)) {
            List<Kernel> open = new ArrayList<>();
            for (WarmUpCalls.Call c : w.calls()) open.add(new Kernel(c));
            long deadline = System.nanoTime() + LIMIT_NANOS;
            while (!open.isEmpty() && System.nanoTime() < deadline) open.removeIf(Kernel::step);
            List<String> left = new ArrayList<>();
            for (Kernel k : open) left.add(k.call.name());
            return left;
        }
    }
}
