package io.bnb.backend.cpu;

import io.bnb.api.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

/**
 * A rough throughput check of the quantization kernels next to a same-run MemorySegment.copy
 * (bytes read + written). Not a test and not a benchmark of record (that is JMH in bnb-bench):
 * run by hand with {@code java --add-modules jdk.incubator.vector -cp ... io.bnb.backend.cpu.QuantSpeedCheck [ops]}.
 */
public final class QuantSpeedCheck {
    interface Body { void run(); }

    static double seconds(Body b, int reps) {
        for (int i = 0; i < 3; i++) b.run();
        double best = Double.MAX_VALUE;
        for (int r = 0; r < reps; r++) {
            long t = System.nanoTime();
            b.run();
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        return best;
    }

    public static void main(String[] args) {
        String ops = args.length > 0 ? args[0] : "copy,q4,dq4,q8,dq8,gemv";
        int reps = Integer.getInteger("reps", 15);
        long n = Long.getLong("n", 4096L * 4096);
        boolean serial = Boolean.getBoolean("serial");
        Arena arena = Arena.ofShared();
        MemorySegment f32 = arena.allocate(4 * n, 64), bf16 = arena.allocate(2 * n, 64), out4 = arena.allocate(4 * n, 64);
        MemorySegment packed = arena.allocate(n / 2, 64), absmax = arena.allocate(4 * (n / 64 + 1), 64), u8 = arena.allocate(n, 64);
        Random rnd = new Random(1);
        for (long i = 0; i < n; i++) {
            float v = (float) rnd.nextGaussian();
            f32.setAtIndex(Elements.F32, i, v);
            bf16.setAtIndex(Elements.I16, i, Elements.bf16(v));
        }
        System.out.println("SIMD " + (Simd.ENABLED && Vec.USABLE) + ", threads " + Parallel.THREADS);
        double copy = 0;
        for (String op : ops.split(",")) {
            switch (op) {
                case "copy" -> {
                    double s = seconds(() -> MemorySegment.copy(f32, 0, out4, 0, 4 * n), reps * 4);
                    copy = 8.0 * n / s / 1e9;
                    System.out.printf("copy 64 MiB: %.2f GB/s (read + written)%n", copy);
                }
                case "q4" -> {
                    for (QuantType t : QuantType.values()) {
                        double s = seconds(serial ? () -> FourBitVec.quantize(f32, DType.F32, n, 64, t, packed, absmax, 0, n / 64) : () -> FourBitKernels.quantize(f32, DType.F32, n, 64, t, packed, absmax), reps);
                        report("quantize4bit " + t + " f32 bs64", (4.5 + 4.0 / 64) * n, s, copy);
                        s = seconds(serial ? () -> FourBitVec.quantize(bf16, DType.BF16, n, 64, t, packed, absmax, 0, n / 64) : () -> FourBitKernels.quantize(bf16, DType.BF16, n, 64, t, packed, absmax), reps);
                        report("quantize4bit " + t + " bf16 bs64", (2.5 + 4.0 / 64) * n, s, copy);
                    }
                }
                case "dq4" -> {
                    int qb = Integer.getInteger("bs", 64);
                    FourBitKernels.quantize(f32, DType.F32, n, qb, QuantType.NF4, packed, absmax);
                    double s = seconds(serial ? () -> FourBitVec.dequantize(packed, absmax, n, qb, QuantType.NF4, out4, DType.F32, 0, n / qb) : () -> FourBitKernels.dequantize(packed, absmax, n, qb, QuantType.NF4, out4, DType.F32), reps);
                    report("dequantize4bit nf4 ->f32 bs64", (4.5 + 4.0 / 64) * n, s, copy);
                    s = seconds(serial ? () -> FourBitVec.dequantize(packed, absmax, n, qb, QuantType.NF4, out4, DType.BF16, 0, n / qb) : () -> FourBitKernels.dequantize(packed, absmax, n, qb, QuantType.NF4, out4, DType.BF16), reps);
                    report("dequantize4bit nf4 ->bf16 bs64", (2.5 + 4.0 / 64) * n, s, copy);
                    s = seconds(serial ? () -> FourBitVec.dequantize(packed, absmax, n, qb, QuantType.NF4, out4, DType.F16, 0, n / qb) : () -> FourBitKernels.dequantize(packed, absmax, n, qb, QuantType.NF4, out4, DType.F16), reps);
                    report("dequantize4bit nf4 ->f16 bs64", (2.5 + 4.0 / 64) * n, s, copy);
                }
                case "q8" -> {
                    NearestCode code = NearestCode.of(Codebooks.dynamicSigned());
                    for (int bs : new int[] {256, 4096}) {
                        double s = seconds(serial ? () -> Blockwise8Vec.quantize(f32, DType.F32, n, bs, code, u8, absmax, 0, n / bs) : () -> Blockwise8Kernels.quantize(f32, DType.F32, n, bs, code, u8, absmax), reps);
                        report("quantizeBlockwise f32 bs" + bs, 5.0 * n, s, copy);
                        s = seconds(serial ? () -> Blockwise8Vec.quantize(bf16, DType.BF16, n, bs, code, u8, absmax, 0, n / bs) : () -> Blockwise8Kernels.quantize(bf16, DType.BF16, n, bs, code, u8, absmax), reps);
                        report("quantizeBlockwise bf16 bs" + bs, 3.0 * n, s, copy);
                    }
                }
                case "dq8" -> {
                    float[] code = Codebooks.dynamicSigned();
                    for (int bs : new int[] {256, 4096}) {
                        Blockwise8Kernels.quantize(f32, DType.F32, n, bs, NearestCode.of(code), u8, absmax);
                        double s = seconds(serial ? () -> Blockwise8Kernels.dequantizeBlocks(u8, absmax, code, n, bs, out4, DType.F32, 0, n / bs) : () -> Blockwise8Kernels.dequantize(u8, absmax, code, n, bs, out4, DType.F32), reps);
                        report("dequantizeBlockwise ->f32 bs" + bs, 5.0 * n, s, copy);
                        s = seconds(serial ? () -> Blockwise8Vec.dequantize(u8, absmax, code, n, bs, out4, DType.BF16, 0, n / bs) : () -> Blockwise8Kernels.dequantize(u8, absmax, code, n, bs, out4, DType.BF16), reps);
                        report("dequantizeBlockwise ->bf16 bs" + bs, 3.0 * n, s, copy);
                    }
                }
                case "gemv" -> {
                    for (int rows : serial ? new int[] {256} : new int[] {4096, 11008}) {
                        int k = 4096;
                        long wn = (long) rows * k;
                        MemorySegment w = arena.allocate(wn / 2, 64), am = arena.allocate(4 * (wn / 64), 64);
                        for (long i = 0; i < wn / 2; i++) w.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) rnd.nextInt());
                        for (long i = 0; i < wn / 64; i++) am.setAtIndex(Elements.F32, i, 0.5f + rnd.nextFloat());
                        float[] x = new float[k];
                        for (int i = 0; i < k; i++) x[i] = Elements.round((float) rnd.nextGaussian(), DType.BF16);
                        MemorySegment o = arena.allocate(2L * rows, 64);
                        double s = seconds(serial ? () -> FourBitMatmulVec.rows(x, 1, k, w, 0, rows, 64, FourBitMatmul.Scales.plain(am), Codebooks.nf4(), DType.BF16, new float[rows], !Boolean.getBoolean("exact"), null, null) : () -> FourBitMatmul.compute(x, 1, k, w, rows, 64, FourBitMatmul.Scales.plain(am), Codebooks.nf4(),
                                DType.BF16, null, o, Boolean.getBoolean("exact") ? FourBitMatmul.Mode.EXACT : FourBitMatmul.Mode.FAST), reps);
                        System.out.printf("gemv4bit bf16 %dx%d: %.0f us, weight %.2f GB/s (%.2f of copy)%n", rows, k, s * 1e6,
                                wn / 2.0 / s / 1e9, wn / 2.0 / s / 1e9 / copy);
                    }
                }
                case "q8idx" -> {
                    NearestCode code = NearestCode.of(Codebooks.dynamicSigned());
                    float[] v = new float[4096];
                    byte[] o = new byte[4096];
                    for (int i = 0; i < v.length; i++) v[i] = f32.getAtIndex(Elements.F32, i) / 4.5f;
                    double s = seconds(() -> {
                        for (int rep = 0; rep < 64; rep++) for (int i = 0; i < 4096; i++) o[i] = (byte) code.index(v[i]);
                    }, reps);
                    System.out.printf("NearestCode.index: %.3f ns/elem%n", s * 1e9 / (64 * 4096));
                    int[] tab = code.table;
                    s = seconds(() -> {
                        for (int rep = 0; rep < 64; rep++) CodeTableVec.codesScalar(tab, v, 4096, 1f, o);
                    }, reps);
                    System.out.printf("scalar table lookup: %.3f ns/elem%n", s * 1e9 / (64 * 4096));
                    CodeTableVec.Scratch w = new CodeTableVec.Scratch();
                    s = seconds(() -> {
                        for (int rep = 0; rep < 64; rep++) CodeTableVec.codes(tab, v, 4096, 1f, w, o);
                    }, reps);
                    System.out.printf("vector table lookup: %.3f ns/elem%n", s * 1e9 / (64 * 4096));
                }
                case "gemvdt" -> {
                    int rows = 1024, k = 256;
                    long wn = (long) rows * k;
                    MemorySegment w = arena.allocate(wn / 2, 64), am = arena.allocate(4 * (wn / 64), 64);
                    for (long i = 0; i < wn / 2; i++) w.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) rnd.nextInt());
                    for (long i = 0; i < wn / 64; i++) am.setAtIndex(Elements.F32, i, 0.5f + rnd.nextFloat());
                    for (DType t : new DType[] {DType.F32, DType.BF16, DType.F16}) {
                        float[] x = new float[k];
                        for (int i = 0; i < k; i++) x[i] = Elements.round((float) rnd.nextGaussian(), t);
                        for (int m : new int[] {1, 4}) {
                            float[] xm = new float[m * k];
                            for (int i = 0; i < m; i++) System.arraycopy(x, 0, xm, i * k, k);
                            float[] sums = new float[m * rows];
                            double s = seconds(() -> FourBitMatmulVec.rows(xm, m, k, w, 0, rows, 64, FourBitMatmul.Scales.plain(am), Codebooks.nf4(), t, sums, !Boolean.getBoolean("exact"), null,
                                    m >= 2 ? FourBitMatmulVec.orderedActivations(xm, m, k, 64, t) : null), reps); // M of 1 and 4: no lane panels
                            System.out.printf("gemm %s M=%d %dx%d: %.3f ns per weight*row%n", t, m, rows, k, s * 1e9 / (wn * m));
                        }
                    }
                }
                case "widen" -> {
                    float[] buf = new float[4096];
                    for (DType d : new DType[] {DType.F32, DType.BF16}) {
                        MemorySegment src = d == DType.F32 ? f32 : bf16;
                        double s = seconds(() -> {
                            for (long st = 0; st + 4096 <= n; st += 4096) Vec.widenAbsmax(src, d, st, 4096, buf);
                        }, reps);
                        report("widenAbsmax " + d, d.byteSize() * (double) n, s, copy);
                    }
                }
                default -> throw new IllegalArgumentException(op);
            }
        }
        System.exit(0);
    }

    static void report(String what, double bytes, double s, double copy) {
        System.out.printf("%-34s %8.2f ms %7.2f GB/s  %.2f of copy%n", what, s * 1e3, bytes / s / 1e9, bytes / s / 1e9 / copy);
    }
}
