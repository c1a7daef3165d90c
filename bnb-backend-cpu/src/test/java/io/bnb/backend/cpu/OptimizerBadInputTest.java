package io.bnb.backend.cpu;

import io.bnb.api.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.*;

/** Bad optimizer steps: an exception naming the argument, parameters and states unchanged. */
class OptimizerBadInputTest {
    final CpuBackend b = new CpuBackend();

    private static void fails(String name, Executable call, Tensor... unchanged) {
        byte[][] before = new byte[unchanged.length][];
        for (int i = 0; i < unchanged.length; i++) before[i] = Tensors.bytes(unchanged[i]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(name), "message names " + name + ": " + e.getMessage());
        for (int i = 0; i < unchanged.length; i++) assertArrayEquals(before[i], Tensors.bytes(unchanged[i]), "tensor " + i + " unchanged");
    }

    @Test
    void thirtyTwoBit() {
        Hyper h = Hyper.adam(1e-3f);
        try (Tensor p = Tensors.floats(b, new float[]{1, 2, 3, 4}, DType.F32, 4); Tensor g = Tensors.floats(b, new float[]{1, 1, 1, 1}, DType.F32, 4);
             Tensor g16 = Tensors.floats(b, new float[]{1, 1, 1, 1}, DType.F16, 4); Tensor g3 = Tensors.floats(b, new float[]{1, 1, 1}, DType.F32, 3);
             Tensor s1 = Tensors.floats(b, new float[]{.1f, .2f, .3f, .4f}, DType.F32, 4); Tensor s2 = Tensors.floats(b, new float[]{.1f, .2f, .3f, .4f}, DType.F32, 4);
             Tensor s1u8 = Tensors.bytes(b, new byte[4], DType.U8, 4); Tensor s1short = Tensors.floats(b, new float[3], DType.F32, 3);
             Tensor pI = Tensors.ints(b, new int[4], 4)) {
            fails("grad", () -> b.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.ADAM, g16, p, s1, s2, null, h)), p, s1, s2);
            fails("grad", () -> b.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.ADAM, g3, p, s1, s2, null, h)), p, s1, s2);
            fails("state1", () -> b.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.ADAM, g, p, s1u8, s2, null, h)), p, s2);
            fails("state1", () -> b.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.MOMENTUM, g, p, s1short, null, null, h)), p);
            fails("state1", () -> b.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.ADEMAMIX, g, p, s1, s2, null, h)), p, s1, s2);
            fails("state2", () -> b.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.ADAM, g, p, s1, null, null, h)), p, s1);
            fails("unormVec", () -> b.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.LAMB, g, p, s1, s2, null, h.withTrust(1f, 2f))), p, s1, s2);
            fails("param", () -> b.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.ADAM, g, pI, s1, s2, null, h)), s1, s2);
            fails("twice", () -> b.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.ADAM, g, p, s1, s1, null, h)), p, s1);
            fails("kind", () -> b.optimizerUpdate32bit(new Optimizer32bitStep(null, g, p, s1, s2, null, h)), p, s1, s2);
            fails("hyper", () -> b.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.ADAM, g, p, s1, s2, null, null)), p, s1, s2);
        }
        assertThrows(IllegalArgumentException.class, () -> Hyper.adam(1e-3f).withStep(0), "step numbering starts at 1");
    }

    @Test
    void eightBit() {
        Hyper h = Hyper.adam(1e-3f);
        int n = 300;
        try (Tensor p = Tensors.floats(b, new float[n], DType.F32, n); Tensor g = Tensors.floats(b, new float[n], DType.F32, n);
             Tensor s1 = Tensors.bytes(b, new byte[n], DType.U8, n); Tensor s2 = Tensors.bytes(b, new byte[n], DType.U8, n);
             Tensor s1f = Tensors.floats(b, new float[n], DType.F32, n);
             Tensor a1 = Tensors.floats(b, new float[2], DType.F32, 2); Tensor a2 = Tensors.floats(b, new float[2], DType.F32, 2);
             Tensor a1short = Tensors.floats(b, new float[1], DType.F32, 1);
             Tensor q1 = Tensors.floats(b, Codebooks.dynamicSigned(), DType.F32, 256); Tensor q2 = Tensors.floats(b, Codebooks.dynamicUnsigned(), DType.F32, 256);
             Tensor q16 = Tensors.floats(b, new float[16], DType.F32, 16)) {
            fails("state1", () -> b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(OptimizerKind.ADAM, g, p, s1f, s2, q1, q2, a1, a2, h)), p, s2, a1, a2);
            fails("qmap1", () -> b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(OptimizerKind.ADAM, g, p, s1, s2, q16, q2, a1, a2, h)), p, s1, s2, a1, a2);
            fails("absmax1", () -> b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(OptimizerKind.ADAM, g, p, s1, s2, q1, q2, a1short, a2, h)), p, s1, s2, a2);
            fails("state1", () -> b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(OptimizerKind.ADEMAMIX, g, p, s1, s2, q1, q2, a1, a2, h)), p, s1, s2, a1, a2);
            fails("state2", () -> b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(OptimizerKind.ADAM, g, p, s1, null, q1, null, a1, null, h)), p, s1, a1);
            fails("twice", () -> b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(OptimizerKind.ADAM, g, p, s1, s1, q1, q2, a1, a2, h)), p, s1, a1, a2);
            fails("grad", () -> b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(OptimizerKind.MOMENTUM, s1, p, s2, null, q1, null, a1, null, h)), p, s2, a1);
        }
    }

    @Test
    void percentileClipping() {
        try (Tensor g = Tensors.floats(b, new float[]{1, 2}, DType.F32, 2); Tensor vec = Tensors.floats(b, new float[100], DType.F32, 100);
             Tensor short_ = Tensors.floats(b, new float[99], DType.F32, 99)) {
            fails("gnormVec", () -> b.percentileClipping(g, short_, 1, 5), g, short_);
            fails("step", () -> b.percentileClipping(g, vec, 0, 5), g, vec);
            fails("percentile", () -> b.percentileClipping(g, vec, 1, 100), g, vec);
            fails("percentile", () -> b.percentileClipping(g, vec, 1, -1), g, vec);
        }
    }
}
