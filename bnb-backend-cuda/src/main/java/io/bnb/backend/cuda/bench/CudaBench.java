package io.bnb.backend.cuda.bench;

import io.bnb.api.*;
import io.bnb.backend.cuda.CudaBackend;
import io.bnb.spi.HostFallback;
import io.bnb.spi.OpTimer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * GPU timing harness: every op at the shapes of the upstream reference table (golden/README.md),
 * timed with CUDA events on the backend stream as upstream's figures were: the median over
 * {@code rounds} of {@code reps} back-to-back calls between two events ({@link Timing}), next to
 * a device-to-device copy measured in the same run. Prints a table and writes JSON (a list of
 * {op, shape, dtype, value, unit, copy_ratio, us, us_per_call, upstream}).
 *
 * <pre>java -cp ... io.bnb.backend.cuda.bench.CudaBench [--out results.json] [--reps 50] [--rounds 5] [--only NAME]</pre>
 */
public final class CudaBench {
    record Row(String op, String shape, String dtype, double value, String unit, Double copyRatio, double us, double usPerCall,
               Double upstream, String note) {}

    /**
     * One op's device time two ways: {@code us}, the median over rounds of the mean of {@code reps}
     * back-to-back calls between two events (upstream's method, used for every figure and target);
     * {@code usPerCall}, the median of the calls timed one by one with an event between each, which
     * adds the cost of those events (about 1.8 us per call on an H100).
     */
    record Timing(double us, double usPerCall) {}

    private final Backend b;
    private final CudaBackend raw;
    private final int reps, rounds;
    private final String only;
    private final List<Row> rows = new ArrayList<>();
    private double copyGbs = Double.NaN;

    CudaBench(Backend b, int reps, int rounds, String only) {
        this.b = b;
        this.raw = (CudaBackend) HostFallback.unwrap(b);
        this.reps = reps;
        this.rounds = rounds;
        this.only = only;
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of("cuda-bench.json");
        int reps = 50, rounds = 5;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Backend b = Bnb.backend("cuda");
        System.out.println("device: " + b.device());
        CudaBench bench = new CudaBench(b, reps, rounds, only);
        bench.runAll();
        bench.print();
        Files.writeString(out, bench.json());
        System.out.println("wrote " + out.toAbsolutePath());
    }

    boolean selected(String name) { return only == null || name.contains(only); }

    /** Both timings of work (see {@link Timing}). */
    Timing time(Runnable work) {
        double[] batch = new double[rounds];
        double[] each = new double[reps * rounds];
        for (int r = 0; r < rounds; r++) {
            batch[r] = raw.timeBatchMicros(work, r == 0 ? 5 : 1, reps);
            System.arraycopy(raw.timeMicros(work, 0, reps), 0, each, r * reps, reps);
        }
        return new Timing(median(batch), median(each));
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    void bandwidth(String op, String shape, String dtype, long bytes, Timing t, Double upstream, String note) {
        double gbs = bytes / t.us() / 1e3;
        rows.add(new Row(op, shape, dtype, gbs, "GB/s", gbs / copyGbs, t.us(), t.usPerCall(), upstream, note));
    }

    void latency(String op, String shape, String dtype, Timing t, Double upstream, String note) {
        rows.add(new Row(op, shape, dtype, t.us(), "us", null, t.us(), t.usPerCall(), upstream, note));
    }

    static float[] randn(long seed, int n, float scale) {
        float[] v = new float[n];
        IntStream.range(0, (n + 65535) / 65536).parallel().forEach(c -> {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + c);
            for (int i = c * 65536; i < Math.min(n, (c + 1) * 65536); i++) {
                double u1 = r.nextDouble(), u2 = r.nextDouble();
                v[i] = (float) (Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2)) * scale;
            }
        });
        return v;
    }

    static byte[] randomBytes(long seed, int n) {
        byte[] v = new byte[n];
        new SplittableRandom(seed).nextBytes(v);
        return v;
    }

    void runAll() {
        copy();
        if (selected("quantize_4bit") || selected("dequantize_4bit")) fourBit();
        if (selected("gemv_4bit")) gemv();
        if (selected("gemm_4bit")) gemm();
        if (selected("quantize_blockwise") || selected("dequantize_blockwise")) blockwise();
        if (selected("int8_vectorwise_quant")) int8Quant();
        if (selected("int8_linear_matmul")) int8Matmul();
        if (selected("int8_mm_dequant")) int8MmDequant();
        if (selected("optimizer")) optimizers();
        if (selected("paged")) paged();
        if (selected("overhead")) overhead();
    }

    void copy() {
        long n = 64L << 20;
        try (Tensor a = b.allocate(DType.F32, n); Tensor c = b.allocate(DType.F32, n)) {
            Timing t = time(() -> b.copyDevice(a, c));
            copyGbs = 2.0 * n * 4 / t.us() / 1e3;
            rows.add(new Row("device_copy", "64Mi", "F32", copyGbs, "GB/s", 1.0, t.us(), t.usPerCall(), 2976.0, "bytes read + written"));
        }
    }

    void fourBit() {
        int n = 8192, k = 8192;
        try (Tensor w = b.upload(randn(1, n * k, 0.02f), DType.BF16, n, k)) {
            Timing qus = time(() -> b.quantize4bit(w, 64, QuantType.NF4, DType.U8).close());
            long bytes = 2L * n * k + n * (long) k / 2 + 4L * n * k / 64;
            if (selected("quantize_4bit")) bandwidth("quantize_4bit nf4 bs64", "8192x8192", "BF16", bytes, qus, 270.0, "read + write");
            try (Quantized q = b.quantize4bit(w, 64, QuantType.NF4, DType.U8)) {
                long[] shape = {n, k};
                Timing dus = time(() -> b.dequantize4bit(q.data(), q.absmax(), 64, QuantType.NF4, shape, DType.BF16).close());
                if (selected("dequantize_4bit")) bandwidth("dequantize_4bit nf4 bs64", "8192x8192", "BF16", bytes, dus, 2138.0, "read + write");
            }
        }
    }

    /** A random NF4 weight [n, k], bs 64. */
    Quantized weight(int n, int k) {
        try (Tensor w = b.upload(randn(n + k, n * k, 0.02f), DType.BF16, n, k)) {
            return b.quantize4bit(w, 64, QuantType.NF4, DType.U8);
        }
    }

    void gemv() {
        int[][] shapes = {{4096, 4096}, {11008, 4096}, {8192, 8192}};
        double[] upstream = {31.0, 34.9, 37.5};
        for (int i = 0; i < shapes.length; i++) {
            int n = shapes[i][0], k = shapes[i][1];
            try (Quantized q = weight(n, k); Tensor x = b.upload(randn(3, k, 1f), DType.BF16, 1, k);
                 Tensor code = b.upload(Codebooks.nf4(), 16)) {
                long[] shape = {n, k};
                Timing t = time(() -> b.gemv4bit(x, q.data(), shape, q.absmax(), code, 64).close());
                long bytes = (long) n * k / 2 + 4L * n * k / 64;
                latency("gemv_4bit M=1", n + "x" + k, "BF16", t, upstream[i],
                        String.format(Locale.ROOT, "%.0f GB/s of weight + absmax", bytes / t.us() / 1e3));
            }
        }
    }

    void gemm() {
        int n = 8192, k = 8192;
        int[] ms = {16, 64, 256};
        double[] upstream = {96, 134, 140};
        try (Quantized q = weight(n, k)) {
            for (int i = 0; i < ms.length; i++) {
                int m = ms[i];
                try (Tensor x = b.upload(randn(4, m * k, 1f), DType.BF16, m, k)) {
                    long[] shape = {n, k};
                    Timing t = time(() -> b.gemm4bit(x, q.data(), shape, q.absmax(), 64, QuantType.NF4, null, null).close());
                    latency("gemm_4bit M=" + m, "8192x8192", "BF16", t, upstream[i],
                            String.format(Locale.ROOT, "%.1f TFLOPS", 2.0 * m * n * k / t.us() / 1e6));
                }
            }
        }
    }

    void blockwise() {
        int n = 64 << 20;
        int[] sizes = {256, 4096};
        double[] upQ = {840, 926}, upD = {2509, 2551};
        try (Tensor a = b.upload(randn(5, n, 1f), DType.F32, n); Tensor code = b.upload(Codebooks.dynamicSigned(), 256)) {
            for (int i = 0; i < sizes.length; i++) {
                int bs = sizes[i];
                long bytes = 4L * n + n + 4L * n / bs;
                Timing qus = time(() -> b.quantizeBlockwise(a, code, bs).close());
                if (selected("quantize_blockwise")) bandwidth("quantize_blockwise 8bit bs" + bs, "64Mi", "F32", bytes, qus, upQ[i], "read + write");
                try (Quantized q = b.quantizeBlockwise(a, code, bs)) {
                    Timing dus = time(() -> b.dequantizeBlockwise(q.data(), q.absmax(), code, bs, DType.F32).close());
                    if (selected("dequantize_blockwise")) bandwidth("dequantize_blockwise 8bit bs" + bs, "64Mi", "F32", bytes, dus, upD[i], "read + write");
                }
            }
        }
    }

    void int8Quant() {
        int n = 4096, k = 4096;
        float[] x = randn(6, n * k, 1f);
        for (int i = 0; i < x.length; i += 997) x[i] *= 8f;  // some outliers for threshold 6
        try (Tensor a = b.upload(x, DType.F16, n, k)) {
            Timing t0 = time(() -> b.int8VectorwiseQuant(a, 0f).close());
            latency("int8_vectorwise_quant t=0", "4096x4096", "F16", t0, 42.0, "");
            Timing t6 = time(() -> b.int8VectorwiseQuant(a, 6f).close());
            latency("int8_vectorwise_quant t=6", "4096x4096", "F16", t6, 201.0, "includes the wait for the outlier count");
        }
    }

    void int8Matmul() {
        if (!raw.supportNote(Op.INT8_LINEAR_MATMUL).isEmpty()) {
            latency("int8_linear_matmul", "-", "I8", new Timing(Double.NaN, Double.NaN), null, raw.supportNote(Op.INT8_LINEAR_MATMUL));
            return;
        }
        int[][] shapes = {{16, 4096, 4096}, {4096, 4096, 4096}, {8192, 8192, 8192}};
        double[] upstream = {39.0, 850.0, 919.0};
        for (int i = 0; i < shapes.length; i++) {
            int m = shapes[i][0], n = shapes[i][1], k = shapes[i][2];
            try (Tensor a = b.upload(randomBytes(7, m * k), DType.I8, m, k); Tensor w = b.upload(randomBytes(8, n * k), DType.I8, n, k)) {
                Timing t = time(() -> b.int8LinearMatmul(a, w).close());
                double tops = 2.0 * m * n * k / t.us() / 1e6;
                String shape = m + "x" + n + "x" + k;
                if (m == 16) latency("int8_linear_matmul", shape, "I8", t, upstream[i], String.format(Locale.ROOT, "%.0f TOPS", tops));
                else rows.add(new Row("int8_linear_matmul", shape, "I8", tops, "TOPS", null, t.us(), t.usPerCall(), upstream[i], ""));
            }
        }
    }

    void int8MmDequant() {
        int[] sizes = {4096, 8192};
        double[] upstream = {2492, 2714};
        for (int i = 0; i < sizes.length; i++) {
            int s = sizes[i];
            int[] acc = new int[s * s];
            SplittableRandom r = new SplittableRandom(9);
            for (int j = 0; j < acc.length; j++) acc[j] = r.nextInt(-1 << 20, 1 << 20);
            try (Tensor a = b.upload(java.lang.foreign.MemorySegment.ofArray(acc), DType.I32, s, s);
                 Tensor rs = b.upload(randn(10, s, 1f), s); Tensor cs = b.upload(randn(11, s, 1f), s)) {
                Timing t = time(() -> b.int8MmDequant(a, rs, cs, DType.F16, null).close());
                bandwidth("int8_mm_dequant", s + "x" + s, "F16", (long) s * s * 6, t, upstream[i], "read + write");
            }
        }
    }

    void optimizers() {
        int n = 64 << 20;
        int blocks = n / 256;
        Hyper h = Hyper.adam(1e-3f).withStep(10);
        try (Tensor p = b.upload(randn(12, n, 0.1f), DType.F32, n); Tensor g = b.upload(randn(13, n, 0.01f), DType.F32, n)) {
            try (Tensor s1 = b.allocate(DType.U8, n); Tensor s2 = b.allocate(DType.U8, n); Tensor a1 = b.allocate(DType.F32, blocks);
                 Tensor a2 = b.allocate(DType.F32, blocks); Tensor q1 = b.upload(Codebooks.dynamicSigned(), 256);
                 Tensor q2 = b.upload(Codebooks.dynamicUnsigned(), 256)) {
                Optimizer8bitStep st = new Optimizer8bitStep(OptimizerKind.ADAM, g, p, s1, s2, q1, q2, a1, a2, h);
                Timing t = time(() -> b.optimizerUpdate8bitBlockwise(st));
                latency("optimizer 8-bit blockwise adam", "64Mi", "F32", t, 1868.0,
                        String.format(Locale.ROOT, "%.1f G params/s", n / t.us() / 1e3));
            }
            try (Tensor s1 = b.allocate(DType.F32, n); Tensor s2 = b.allocate(DType.F32, n)) {
                Optimizer32bitStep st = new Optimizer32bitStep(OptimizerKind.ADAM, g, p, s1, s2, null, h);
                Timing t = time(() -> b.optimizerUpdate32bit(st));
                latency("optimizer 32-bit adam", "64Mi", "F32", t, 843.0,
                        String.format(Locale.ROOT, "%.0f GB/s", 28.0 * n / t.us() / 1e3));
            }
        }
    }

    void paged() {
        long n = 16L << 20;
        long t0 = System.nanoTime();
        try (Tensor t = b.allocatePaged(DType.F32, n); Tensor src = b.upload(randn(14, (int) n, 1f), DType.F32, n)) {
            b.copyDevice(src, t);
            Timing toHost = time(() -> b.prefetch(t, true));
            Timing toDev = time(() -> b.prefetch(t, false));
            Timing round = time(() -> {
                b.prefetch(t, true);
                b.prefetch(t, false);
            });
            boolean ok = Arrays.equals(b.downloadBytes(src), b.downloadBytes(t));
            latency("paged prefetch to host", "16Mi", "F32", toHost, null, ok ? "works (cudaMemPrefetchAsync, CUDA 13 location API)" : "DATA MISMATCH");
            latency("paged prefetch to device", "16Mi", "F32", toDev, null, "");
            latency("paged prefetch host+device round trip", "16Mi", "F32", round, null,
                    String.format(Locale.ROOT, "alloc+fill+first use %.1f ms; upstream fails (invalid device ordinal)",
                            (System.nanoTime() - t0) / 1e6));
        }
    }

    /**
     * Host-side cost per op call of a tiny dequantize: the whole call (validation, tensor objects,
     * pool allocation and release, JNI, launch) against the same native work done in one JNI call.
     * The difference is what the Java layer adds.
     */
    void overhead() {
        int calls = 20_000;
        try (Tensor q = b.upload(randomBytes(15, 64), DType.U8, 64); Tensor am = b.upload(new float[]{1f}, 1);
             Tensor code = b.upload(Codebooks.dynamicSigned(), 256)) {
            CudaBackend cb = raw;
            // the least of the rounds after the JIT's warm-up: the host is shared, and a round that
            // another process interrupted only reads slower
            double op = Double.MAX_VALUE, floor = Double.MAX_VALUE, jni = Double.MAX_VALUE;
            for (int round = 0; round < 8; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < calls; i++) cb.dequantizeBlockwise(q, am, code, 64, DType.F32).close();
                long t1 = System.nanoTime();
                b.synchronize();
                long t2 = System.nanoTime();
                for (int i = 0; i < calls; i++) cb.benchNativeFloor(q, am, code, 64);
                long t3 = System.nanoTime();
                b.synchronize();
                long t4 = System.nanoTime();
                for (int i = 0; i < calls; i++) cb.jniNop();
                long t5 = System.nanoTime();
                if (round >= 2) {  // the first rounds warm up the JIT
                    op = Math.min(op, (t1 - t0) / 1e3 / calls);
                    floor = Math.min(floor, (t3 - t2) / 1e3 / calls);
                    jni = Math.min(jni, (t5 - t4) / 1e3 / calls);
                }
            }
            double dev = time(() -> cb.dequantizeBlockwise(q, am, code, 64, DType.F32).close()).us();
            latency("overhead: tiny op, host time per call", "64", "U8->F32", new Timing(op, op), null,
                    String.format(Locale.ROOT, "device time %.2f us; same native work in one JNI call %.2f us; empty JNI call %.3f us",
                            dev, floor, jni));
            latency("overhead: Java side per op (checks, objects, 2 extra JNI calls)", "64", "-", new Timing(op - floor, op - floor), null,
                    "host time of the op minus the same native work called directly");
        }
    }

    void print() {
        System.out.println("us: median over rounds of back-to-back calls between two events (upstream's method); "
                + "us/call: calls timed one by one (an event between calls adds about 1.8 us)");
        System.out.printf(Locale.ROOT, "%-58s %-14s %-8s %12s %-6s %8s %10s %10s %10s  %s%n", "op", "shape", "dtype", "value", "unit",
                "copy", "us", "us/call", "upstream", "note");
        for (Row r : rows)
            System.out.printf(Locale.ROOT, "%-58s %-14s %-8s %12.2f %-6s %8s %10.2f %10.2f %10s  %s%n", r.op(), r.shape(), r.dtype(), r.value(),
                    r.unit(), r.copyRatio() == null ? "" : String.format(Locale.ROOT, "%.2f", r.copyRatio()), r.us(), r.usPerCall(),
                    r.upstream() == null ? "" : String.format(Locale.ROOT, "%.1f", r.upstream()), r.note());
    }

    String json() {
        StringBuilder sb = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            sb.append("  {\"op\": ").append(str(r.op())).append(", \"shape\": ").append(str(r.shape())).append(", \"dtype\": ")
                    .append(str(r.dtype())).append(", \"value\": ").append(num(r.value())).append(", \"unit\": ").append(str(r.unit()))
                    .append(", \"copy_ratio\": ").append(r.copyRatio() == null ? "null" : num(r.copyRatio()))
                    .append(", \"us\": ").append(num(r.us())).append(", \"us_per_call\": ").append(num(r.usPerCall()))
                    .append(", \"upstream\": ")
                    .append(r.upstream() == null ? "null" : num(r.upstream())).append(", \"note\": ").append(str(r.note()))
                    .append(", \"device\": ").append(str(b.device())).append('}').append(i + 1 < rows.size() ? ",\n" : "\n");
        }
        return sb.append("]\n").toString();
    }

    static String num(double v) { return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "null"; }

    static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }
}
