package io.bnb.backend.cpu;

import io.bnb.api.*;
import java.util.*;
import java.util.function.Supplier;

/** One build's side of the in-process A/B: the ops, set up once per class loader. */
public final class AbRunner {
    static CpuBackend b;
    static Map<String, Runnable> ops = new HashMap<>();

    public static synchronized void setup(String op) {
        if (b == null) b = new CpuBackend();
        if (ops.containsKey(op)) return;
        SplittableRandom r = new SplittableRandom(9);
        int vec = 16 << 20, k = 4096;
        switch (op) {
            case "adam8" -> {
                float[] p0 = new float[vec], g0 = new float[vec];
                for (int i = 0; i < vec; i++) { p0[i] = 0.1f * (float) r.nextGaussian(); g0[i] = 0.01f * (float) r.nextGaussian(); }
                int blocks = vec / 256;
                Tensor p = Tensors.floats(b, p0, DType.F32, vec), g = Tensors.floats(b, g0, DType.F32, vec);
                Tensor s1 = Tensors.bytes(b, new byte[vec], DType.U8, vec), s2 = Tensors.bytes(b, new byte[vec], DType.U8, vec);
                Tensor a1 = Tensors.floats(b, new float[blocks], DType.F32, blocks), a2 = Tensors.floats(b, new float[blocks], DType.F32, blocks);
                Tensor q1 = Tensors.floats(b, Codebooks.dynamicSigned(), DType.F32, 256), q2 = Tensors.floats(b, Codebooks.dynamicUnsigned(), DType.F32, 256);
                int[] step = {0};
                ops.put(op, () -> b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(OptimizerKind.ADAM, g, p, s1, s2, q1, q2, a1, a2, Hyper.adam(1e-3f).withStep(++step[0]))));
            }
            case "q8", "dq8", "q4" -> {
                float[] normal = new float[vec];
                for (int i = 0; i < vec; i++) normal[i] = (float) r.nextGaussian();
                byte[] bytes = new byte[vec];
                r.nextBytes(bytes);
                float[] am8 = new float[vec / 256];
                for (int i = 0; i < am8.length; i++) am8[i] = 0.5f + 1.5f * (float) r.nextDouble();
                Tensor a = Tensors.floats(b, normal, DType.BF16, vec), code8 = Tensors.floats(b, Codebooks.dynamicSigned(), DType.F32, 256);
                Tensor codes = Tensors.bytes(b, bytes, DType.U8, vec), absmax8 = Tensors.floats(b, am8, DType.F32, am8.length);
                Tensor a2 = Tensors.floats(b, normal, DType.BF16, 4096, 4096);
                ops.put("q8", () -> b.quantizeBlockwise(a, code8, 256).close());
                ops.put("dq8", () -> b.dequantizeBlockwise(codes, absmax8, code8, 256, DType.BF16).close());
                ops.put("q4", () -> b.quantize4bit(a2, 64, QuantType.NF4, DType.U8).close());
            }
            case "dq4" -> {
                byte[] bytes = new byte[4096 * k / 2];
                r.nextBytes(bytes);
                float[] am4 = new float[4096 * k / 64];
                for (int i = 0; i < am4.length; i++) am4[i] = 0.01f + 0.07f * (float) r.nextDouble();
                Tensor w = Tensors.bytes(b, bytes, DType.U8, (long) 4096 * k / 2, 1), am = Tensors.floats(b, am4, DType.F32, am4.length);
                ops.put(op, () -> b.dequantize4bit(w, am, 64, QuantType.NF4, new long[] {4096, k}, DType.BF16).close());
            }
            default -> throw new IllegalArgumentException(op);
        }
    }

    /** Microseconds of one call. */
    public static double call(String op) {
        Runnable c = ops.get(op);
        long t0 = System.nanoTime();
        c.run();
        return (System.nanoTime() - t0) / 1e3;
    }
}
