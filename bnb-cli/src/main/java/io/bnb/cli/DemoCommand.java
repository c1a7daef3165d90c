package io.bnb.cli;

import io.bnb.api.*;
import io.bnb.functional.Packed4bit;
import io.bnb.functional.Quant4;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code bnb demo}: the QLoRA storage format in one screen. A seeded N(0, 0.02) weight matrix is
 * quantized to NF4 with double quantization on the default backend, then dequantized; the demo
 * prints the memory before and after, the error of the round trip and the time it took.
 */
@Command(name = "demo", description = "Quantize a generated weight matrix to NF4 + double quantization and report memory, error and time")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--rows", defaultValue = "4096", description = "weight rows (default ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--cols", defaultValue = "4096", description = "weight columns (default ${DEFAULT-VALUE})")
    int cols;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--std", defaultValue = "0.02", description = "standard deviation of the weights (default ${DEFAULT-VALUE})")
    float std;

    @Option(names = "--blocksize", defaultValue = "64", description = "4-bit block size (default ${DEFAULT-VALUE})")
    int blocksize;

    @Option(names = "--quant-type", defaultValue = "nf4", description = "nf4 or fp4 (default ${DEFAULT-VALUE})")
    String quantType;

    @Option(names = "--dtype", defaultValue = "F32", description = "dtype of the weights: F32, BF16 or F16 (default ${DEFAULT-VALUE})")
    DType dtype;

    @Option(names = "--no-double-quant", description = "keep absmax in float32 (no second-level quantization)")
    boolean noDoubleQuant;

    @Option(names = "--backend", paramLabel = "NAME", description = "backend (default: the one Bnb.backend() selects)")
    String backend;

    @Override
    public Integer call() {
        if (rows <= 0 || cols <= 0) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--rows and --cols must be positive");
        if (!dtype.isFloat()) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--dtype must be F32, BF16 or F16");
        QuantType type = QuantType.fromUpstream(quantType.toLowerCase(Locale.ROOT));
        boolean doubleQuant = !noDoubleQuant;
        long n = (long) rows * cols;
        if (n > Integer.MAX_VALUE - 8) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "matrix too large for the demo");

        Backend b;
        try {
            b = backend == null ? Bnb.backend() : Bnb.backend(backend);
        } catch (BackendUnavailableException e) {
            System.err.println("bnb demo: " + e.getMessage());
            return 2;
        }
        System.out.printf(Locale.ROOT, "bnb demo: %s%s of a %d x %d weight matrix, N(0, %s), seed %d, %s%n",
                type.name(), doubleQuant ? " + double quantization" : "", rows, cols, std, seed, dtype);
        System.out.println("backend:  " + b.name() + " (" + b.device() + ")");

        float[] w = new float[(int) n];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < w.length; i++) w[i] = (float) (rnd.nextGaussian() * std);

        long t0 = System.nanoTime();
        try (Tensor weights = b.upload(w, dtype, rows, cols)) {
            b.synchronize();
            long t1 = System.nanoTime();
            Packed4bit packed = Quant4.quantize(b, weights, type, blocksize, doubleQuant);
            b.synchronize();
            long t2 = System.nanoTime();
            float[] back;
            try (packed; Tensor deq = Quant4.dequantize(b, packed.data(), packed.state())) {
                b.synchronize();
                long t3 = System.nanoTime();
                back = b.downloadFloats(deq);
                report(w, back, weights.byteSize(), packed, t1 - t0, t2 - t1, t3 - t2);
            }
            warm(b, weights, type, doubleQuant);
        } catch (UnsupportedOperationException e) {
            System.err.println("bnb demo: backend '" + b.name() + "' cannot run this yet: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    private void report(float[] w, float[] back, long inputBytes, Packed4bit packed, long uploadNs, long quantNs, long dequantNs) {
        long n = w.length;
        QuantState s = packed.state();
        long data = packed.data().byteSize();
        long absmax = s.absmax().byteSize();
        long nestedAbsmax = s.isNested() ? s.nested().absmax().byteSize() : 0;
        long codes = s.code().byteSize() + (s.isNested() ? s.nested().code().byteSize() : 0);
        long offset = s.isNested() ? 4 : 0;
        long after = data + absmax + nestedAbsmax + codes + offset;

        System.out.println();
        System.out.printf(Locale.ROOT, "  %-26s %14s   %7s%n", "memory", "bytes", "bits/param");
        row("fp32 weights", 4 * n, n);
        row("16-bit weights (bf16/fp16)", 2 * n, n);
        row(s.quantType().name() + (s.isNested() ? " + double quant" : "") + ", total", after, n);
        System.out.printf(Locale.ROOT, "  of which: packed 4-bit %,d; absmax %s %,d%s; code tables %,d%s%n", data,
                s.absmax().dtype(), absmax, s.isNested() ? String.format(Locale.ROOT, "; nested absmax F32 %,d", nestedAbsmax) : "",
                codes, s.isNested() ? "; offset 4" : "");
        System.out.printf(Locale.ROOT, "saved: %.1f%% vs fp32, %.1f%% vs 16-bit%n",
                100.0 * (1 - (double) after / (4 * n)), 100.0 * (1 - (double) after / (2 * n)));

        double maxAbs = 0, sumAbs = 0, sumSqErr = 0, sumSq = 0;
        for (int i = 0; i < n; i++) {
            double ref = Half.round(w[i], dtype), e = Math.abs(back[i] - ref);
            maxAbs = Math.max(maxAbs, e);
            sumAbs += e;
            sumSqErr += e * e;
            sumSq += ref * ref;
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "error of the dequantized matrix: max abs %.5f, mean abs %.6f, relative (Frobenius) %.4f%n",
                maxAbs, sumAbs / n, Math.sqrt(sumSqErr / sumSq));
        System.out.printf(Locale.ROOT, "time, first calls (they include compiling the kernels; Backend.warmUp() does that ahead of time): upload %.1f ms, quantize %.1f ms, dequantize %.1f ms%n",
                uploadNs / 1e6, quantNs / 1e6, dequantNs / 1e6);
    }

    /** Fewest and most warm rounds, and how long they go on past the fewest. */
    static final int MIN_ROUNDS = 5, MAX_ROUNDS = 60;
    static final long WARM_NANOS = 2_000_000_000L;

    /**
     * Times further quantize + dequantize rounds, as an application that keeps running sees them.
     * Rounds go on for about two seconds (at least {@link #MIN_ROUNDS}): on the CPU the JIT is
     * still compiling the kernels after five rounds, which then read 2-3x their steady time.
     */
    private void warm(Backend b, Tensor weights, QuantType type, boolean doubleQuant) {
        long bestQ = Long.MAX_VALUE, bestD = Long.MAX_VALUE;
        long start = System.nanoTime();
        int rounds = 0;
        while (rounds < MIN_ROUNDS || rounds < MAX_ROUNDS && System.nanoTime() - start < WARM_NANOS) {
            long t0 = System.nanoTime();
            Packed4bit packed = Quant4.quantize(b, weights, type, blocksize, doubleQuant);
            b.synchronize();
            long t1 = System.nanoTime();
            try (packed; Tensor deq = Quant4.dequantize(b, packed.data(), packed.state())) {
                b.synchronize();
                bestD = Math.min(bestD, System.nanoTime() - t1);
            }
            bestQ = Math.min(bestQ, t1 - t0);
            rounds++;
        }
        System.out.printf(Locale.ROOT, "time, warm (best of %d more rounds in %.1f s): quantize %.1f ms, dequantize %.1f ms%n", rounds,
                (System.nanoTime() - start) / 1e9, bestQ / 1e6, bestD / 1e6);
    }

    private static void row(String what, long bytes, long n) {
        System.out.printf(Locale.ROOT, "  %-26s %,14d   %7.3f%n", what, bytes, 8.0 * bytes / n);
    }
}
