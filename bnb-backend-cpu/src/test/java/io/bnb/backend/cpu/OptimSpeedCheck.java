package io.bnb.backend.cpu;

import io.bnb.api.*;

import java.util.SplittableRandom;

/**
 * Rough speed of the 8-bit blockwise Adam step (16 B per parameter) next to a same-run copy, by
 * hand: {@code java --add-modules jdk.incubator.vector -cp ... io.bnb.backend.cpu.OptimSpeedCheck [n] [reps]}.
 */
public final class OptimSpeedCheck {
    public static void main(String[] args) {
        int np = args.length > 0 ? Integer.parseInt(args[0]) : 16 << 20;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        CpuBackend b = new CpuBackend();
        SplittableRandom r = new SplittableRandom(1);
        float[] p0 = Tensors.randn(r, np, 0.1f, DType.F32), g0 = Tensors.randn(r, np, 0.01f, DType.F32);
        int blocks = np / 256;
        try (Tensor p = Tensors.floats(b, p0, DType.F32, np); Tensor g = Tensors.floats(b, g0, DType.F32, np);
             Tensor s1 = Tensors.bytes(b, new byte[np], DType.U8, np); Tensor s2 = Tensors.bytes(b, new byte[np], DType.U8, np);
             Tensor a1 = Tensors.floats(b, new float[blocks], DType.F32, blocks); Tensor a2 = Tensors.floats(b, new float[blocks], DType.F32, blocks);
             Tensor q1 = Tensors.floats(b, Codebooks.dynamicSigned(), DType.F32, 256); Tensor q2 = Tensors.floats(b, Codebooks.dynamicUnsigned(), DType.F32, 256);
             Tensor c = b.allocate(DType.F32, np)) {
            int step = 0;
            for (int rep = 0; rep < reps; rep++) {
                long t0 = System.nanoTime();
                java.lang.foreign.MemorySegment.copy(CpuBackend.seg(p), 0, CpuBackend.seg(c), 0, 4L * np);
                long t1 = System.nanoTime();
                b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(OptimizerKind.ADAM, g, p, s1, s2, q1, q2, a1, a2, Hyper.adam(1e-3f).withStep(++step)));
                long t2 = System.nanoTime();
                double copy = 8.0 * np / (t1 - t0), opt = 16.0 * np / (t2 - t1);
                System.out.printf("copy %.2f GB/s, 8-bit adam %.1f ms %.2f GB/s = %.2f of copy, %.0f M params/s%n", copy, (t2 - t1) / 1e6, opt, opt / copy,
                        np / ((t2 - t1) / 1e3));
            }
        }
    }
}
