package io.bnb.backend.cpu;

import io.bnb.api.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link CpuBackend#warmUp()}: runs the inference kernels on small inputs until the JIT has
 * compiled them. Why it pays: until C2 compiles a Vector API kernel, every vector in it is a heap
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
 * <p>Cost here: 7.5-10 s of this 2-core machine for all 22 kernels. First calls in a fresh JVM
 * at 4096x4096 BF16 ({@code bnb bench --first-calls}): 1.0-2.8 s each for quantize4bit,
 * dequantize4bit, gemv4bit, gemm4bit (M=16), dequantizeBlockwise and int8VectorwiseQuant; after
 * it 4-78 ms, against 2-33 ms steady.
 */
final class Warmup {
    private Warmup() {}

    static final int STEADY = 5, SPEEDUP = 30, PATIENCE = 60;
    static final long LIMIT_NANOS = 30_000_000_000L;
    static final int ROWS = 64, K = 4096, BLOCK4 = 64, BLOCK8 = 256;

    /** One kernel call; closes what it makes. */
    private interface Call { void run(); }

    private static final class Kernel {
        final String name;
        final Call call;
        final long[] times = new long[STEADY];
        long first = -1, calls;

        Kernel(String name, Call call) { this.name = name; this.call = call; }

        /** Times one call; true once settled. */
        boolean step() {
            long t0 = System.nanoTime();
            call.run();
            long t = System.nanoTime() - t0;
            if (first < 0) first = t;
            times[(int) (calls++ % STEADY)] = t;
            if (calls <= STEADY) return false;
            long lo = Long.MAX_VALUE, hi = 0;
            for (long x : times) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
            return hi <= 2 * lo && (hi * SPEEDUP <= first || calls >= PATIENCE);
        }
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
        if (!Simd.ENABLED || !FloatLanesVec.native512OrNarrower()) return List.of();
        SplittableRandom r = new SplittableRandom(1);
        float[] w = new float[ROWS * K], x = new float[16 * K];
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            List<Kernel> kernels = kernels(b, w, x, owned);
            long deadline = System.nanoTime() + LIMIT_NANOS;
            List<Kernel> open = new ArrayList<>(kernels);
            while (!open.isEmpty() && System.nanoTime() < deadline) open.removeIf(Kernel::step);
            List<String> left = new ArrayList<>();
            for (Kernel k : open) left.add(k.name);
            return left;
        } finally {
            for (int i = owned.size() - 1; i >= 0; i--) {
                try {
                    owned.get(i).close();
                } catch (Exception ignored) { // closing our own host tensors does not fail
                }
            }
        }
    }

    private static List<Kernel> kernels(CpuBackend b, float[] w, float[] xs, List<AutoCloseable> owned) {
        List<Kernel> ks = new ArrayList<>();
        long[] shapeW = {ROWS, K};
        Tensor code8 = keep(owned, b.upload(Codebooks.dynamicSigned(), DType.F32, 256));
        Tensor nf4 = keep(owned, b.upload(Codebooks.nf4(), DType.F32, 16));
        for (DType d : new DType[] {DType.BF16, DType.F16, DType.F32}) {
            Tensor wd = keep(owned, b.upload(w, d, ROWS, K));
            Tensor x1 = keep(owned, b.upload(java.util.Arrays.copyOf(xs, K), d, 1, K));
            Tensor x4 = keep(owned, b.upload(java.util.Arrays.copyOf(xs, 4 * K), d, 4, K));
            Quantized q4 = keep(owned, b.quantize4bit(wd, BLOCK4, QuantType.NF4, DType.U8));
            Quantized q8 = keep(owned, b.quantizeBlockwise(wd, code8, BLOCK8));
            String s = " " + d;
            ks.add(new Kernel("quantize4bit" + s, () -> b.quantize4bit(wd, BLOCK4, QuantType.NF4, DType.U8).close()));
            ks.add(new Kernel("dequantize4bit" + s, () -> b.dequantize4bit(q4.data(), q4.absmax(), BLOCK4, QuantType.NF4, shapeW, d).close()));
            ks.add(new Kernel("gemv4bit" + s, () -> b.gemv4bit(x1, q4.data(), shapeW, q4.absmax(), nf4, BLOCK4).close()));
            ks.add(new Kernel("gemm4bit" + s, () -> b.gemm4bit(x4, q4.data(), shapeW, q4.absmax(), BLOCK4, QuantType.NF4, null, null).close()));
            ks.add(new Kernel("quantizeBlockwise" + s, () -> b.quantizeBlockwise(wd, code8, BLOCK8).close()));
            ks.add(new Kernel("dequantizeBlockwise" + s, () -> b.dequantizeBlockwise(q8.data(), q8.absmax(), code8, BLOCK8, d).close()));
            ks.add(new Kernel("int8VectorwiseQuant" + s, () -> b.int8VectorwiseQuant(wd, 0f).close()));
        }
        try (Tensor xb = b.upload(xs, DType.BF16, 16, K); Tensor wb = b.upload(w, DType.BF16, ROWS, K)) {
            Int8Quantized a8 = keep(owned, b.int8VectorwiseQuant(xb, 0f));
            Int8Quantized w8 = keep(owned, b.int8VectorwiseQuant(wb, 0f));
            ks.add(new Kernel("int8LinearMatmul", () -> {
                try (Tensor acc = b.int8LinearMatmul(a8.data(), w8.data())) {
                    b.int8MmDequant(acc, a8.rowStats(), w8.rowStats(), DType.BF16, null).close();
                }
            }));
        }
        return ks;
    }

    private static <T extends AutoCloseable> T keep(List<AutoCloseable> owned, T t) {
        owned.add(t);
        return t;
    }
}
