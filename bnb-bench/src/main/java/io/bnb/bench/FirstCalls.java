package io.bnb.bench;

import io.bnb.api.Backend;

import java.util.List;

/**
 * First-call latency: how long an op's first calls take in a fresh JVM, with or without
 * {@link Backend#warmUp()} before them, beside its steady time in the same process. A JIT-compiled
 * backend pays for compilation in its first calls; this is what an engine's first token waits for.
 * Run it in a JVM of its own per workload and mode ({@code bnb bench --first-calls} forks them), or
 * the other workloads' calls warm the kernels.
 */
public final class FirstCalls {
    private FirstCalls() {}

    /** How many first calls are reported one by one. */
    public static final int FIRST = 3;
    /** Calls after the first ones whose median is the steady time. */
    public static final int STEADY = 7;

    /** The default selection: the inference ops at 4096x4096 and the int8 row quantization. */
    public static final List<String> DEFAULT_IDS = List.of("quantize_4bit.bf16.4096", "dequantize_4bit.bf16", "gemv_4bit.4096",
            "gemm_4bit.m16", "dequantize_blockwise.bf16", "int8_vectorwise_quant.bf16.t0");

    /**
     * @param warmUpMillis the time {@link Backend#warmUp()} took (NaN when not called)
     * @param firstMillis  the first {@value #FIRST} calls, in order
     * @param steadyMillis the median of the next {@value #STEADY}
     */
    public record Result(String id, double warmUpMillis, double[] firstMillis, double steadyMillis) {
        public boolean warmedUp() { return !Double.isNaN(warmUpMillis); }

        /** One line of text a parent process reads back: {@code FIRSTCALL id warmUp first... steady}. */
        public String line() {
            StringBuilder sb = new StringBuilder("FIRSTCALL ").append(id).append(' ').append(warmUpMillis);
            for (double t : firstMillis) sb.append(' ').append(t);
            return sb.append(' ').append(steadyMillis).toString();
        }

        /** The inverse of {@link #line()}. */
        public static Result parse(String line) {
            String[] f = line.trim().split(" ");
            if (f.length != FIRST + 4 || !f[0].equals("FIRSTCALL")) throw new IllegalArgumentException("not a first-call line: " + line);
            double[] first = new double[FIRST];
            for (int i = 0; i < FIRST; i++) first[i] = Double.parseDouble(f[3 + i]);
            return new Result(f[1], Double.parseDouble(f[2]), first, Double.parseDouble(f[3 + FIRST]));
        }
    }

    /** Sets up {@code w} (uploads only), optionally warms the backend up, then times its calls. */
    public static Result measure(Backend b, Workload w, boolean warmUp) {
        try (Prepared p = w.setup().apply(b)) {
            b.synchronize();
            double warm = Double.NaN;
            if (warmUp) {
                long t0 = System.nanoTime();
                b.warmUp();
                warm = (System.nanoTime() - t0) / 1e6;
            }
            double[] first = new double[FIRST], steady = new double[STEADY];
            for (int i = 0; i < FIRST + STEADY; i++) {
                long t0 = System.nanoTime();
                AutoCloseable r = p.call();
                b.synchronize();
                double ms = (System.nanoTime() - t0) / 1e6;
                Prepared.release(r);
                if (i < FIRST) first[i] = ms;
                else steady[i - FIRST] = ms;
            }
            return new Result(w.id(), warm, first, OpBench.median(steady));
        }
    }

    /** The workload of {@code id}. */
    public static Workload workload(String id) {
        for (Workload w : Workloads.ops()) if (w.id().equals(id)) return w;
        throw new IllegalArgumentException("no workload '" + id + "' (bnb bench --list names them)");
    }
}
