package io.bnb.backend.cpu;

import io.bnb.api.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/**
 * Rough speed of the int8 and optimizer kernels next to same-run copy bandwidth (not a
 * benchmark: the lead measures with JMH). Run with {@code BNB_SPEED=1 ./mvnw test -Dtest=KernelSpeedCheck}.
 */
@EnabledIfEnvironmentVariable(named = "BNB_SPEED", matches = "1")
class KernelSpeedCheck {
    final CpuBackend b = new CpuBackend();

    interface Body { void run(); }

    static double bestMs(int reps, Body body) {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            body.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        return best;
    }

    double copyGBs() {
        try (Tensor s = b.allocate(DType.U8, 256L << 20); Tensor d = b.allocate(DType.U8, 256L << 20)) {
            MemorySegment a = CpuBackend.seg(s), c = CpuBackend.seg(d);
            a.fill((byte) 1);
            double ms = bestMs(5, () -> Parallel.forRange(a.byteSize(), 1 << 20, 1 << 20, (f, t) -> MemorySegment.copy(a, f, c, f, t - f)));
            return 2.0 * a.byteSize() / ms / 1e6;
        }
    }

    @Test
    void speeds() {
        System.out.printf("device: %s%n", b.device());
        double copy = copyGBs();
        System.out.printf("copy (read+write): %.2f GB/s%n", copy);
        SplittableRandom r = new SplittableRandom(1);
        int n = 4096;
        float[] x = Tensors.randn(r, n * n, 1f, DType.BF16);
        try (Tensor a = Tensors.floats(b, x, DType.BF16, n, n)) {
            for (float thr : new float[]{0f, 6f}) {
                double ms = bestMs(10, () -> b.int8VectorwiseQuant(a, thr).close());
                double bytes = (double) n * n * 3;
                System.out.printf("int8VectorwiseQuant bf16 4096x4096 thr %.0f: %.2f ms, %.2f GB/s = %.2f of copy%n", thr, ms, bytes / ms / 1e6, bytes / ms / 1e6 / copy);
            }
        }
        try (Tensor a = Tensors.bytes(b, Tensors.randomInt8(r, 16 * n), DType.I8, 16, n);
             Tensor w = Tensors.bytes(b, Tensors.randomInt8(r, n * n), DType.I8, n, n)) {
            double ms = bestMs(10, () -> b.int8LinearMatmul(a, w).close());
            System.out.printf("int8LinearMatmul M=16 4096x4096: %.2f ms, %.3f TOPS%n", ms, 2.0 * 16 * n * n / ms / 1e9);
        }
        int np = 8 << 20;
        float[] p0 = Tensors.randn(r, np, 0.1f, DType.F32), g0 = Tensors.randn(r, np, 0.01f, DType.F32);
        int blocks = np / 256;
        try (Tensor p = Tensors.floats(b, p0, DType.F32, np); Tensor g = Tensors.floats(b, g0, DType.F32, np);
             Tensor s1 = Tensors.bytes(b, new byte[np], DType.U8, np); Tensor s2 = Tensors.bytes(b, new byte[np], DType.U8, np);
             Tensor a1 = Tensors.floats(b, new float[blocks], DType.F32, blocks); Tensor a2 = Tensors.floats(b, new float[blocks], DType.F32, blocks);
             Tensor q1 = Tensors.floats(b, Codebooks.dynamicSigned(), DType.F32, 256); Tensor q2 = Tensors.floats(b, Codebooks.dynamicUnsigned(), DType.F32, 256)) {
            int[] step = {0};
            double ms = bestMs(10, () -> b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(OptimizerKind.ADAM, g, p, s1, s2, q1, q2, a1, a2,
                    Hyper.adam(1e-3f).withStep(++step[0]))));
            System.out.printf("8-bit Adam fp32 8Mi: %.2f ms, %.2f GB/s (16 B/param) = %.2f of copy%n", ms, 16.0 * np / ms / 1e6, 16.0 * np / ms / 1e6 / copy);
        }
        try (Tensor p = Tensors.floats(b, p0, DType.F32, np); Tensor g = Tensors.floats(b, g0, DType.F32, np);
             Tensor s1 = Tensors.floats(b, new float[np], DType.F32, np); Tensor s2 = Tensors.floats(b, new float[np], DType.F32, np)) {
            int[] step = {0};
            double ms = bestMs(10, () -> b.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.ADAM, g, p, s1, s2, null,
                    Hyper.adam(1e-3f).withStep(++step[0]))));
            System.out.printf("32-bit Adam fp32 8Mi: %.2f ms, %.2f GB/s (28 B/param) = %.2f of copy%n", ms, 28.0 * np / ms / 1e6, 28.0 * np / ms / 1e6 / copy);
        }
    }
}
