package io.bnb.backend.cpu;

import io.bnb.api.*;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Five optimizer steps from {@code optim.p0} with gradients {@code optim.g0..g4} (12 365 fp32
 * parameters, lr 1e-3, eps 1e-8) against the states and parameters upstream's CUDA kernels
 * produced on an H100. Bars: TOLERANCES.md §6 for fp32 —
 * <ul>
 *   <li>32-bit (§6.1): every state element within atol 1e-6 + rtol 1e-5; at most 15 parameter
 *       elements outside the same bar;</li>
 *   <li>8-bit (§6.2): dequantized states with fewer than 20 elements outside atol 3e-3 + rtol 1e-3;
 *       parameters with mean |Δ| < 6e-5 and mean |Δ|/(|p|+1e-9) < 6e-4.</li>
 * </ul>
 * and, tighter, what this implementation actually achieves: 32-bit states bit-identical; 8-bit
 * block absmax bit-identical and at most 2 codes different (a value on a code boundary that
 * CUDA's fast-math division puts on the other side); momentum and Lion parameters
 * bit-identical in both widths. Other parameters differ in the last bits because CUDA's
 * {@code __powf}, division and square root are approximate.
 */
class OptimizerGoldenTest {
    static final int N = 12365;
    final CpuBackend b = new CpuBackend();
    final GoldenFile gold = GoldenFile.dev();

    /** Hyper-parameters of the recorded runs (golden README): name, betas, alpha. */
    static Hyper hyper(String name, float wd) {
        Hyper h = Hyper.adam(1e-3f).withEps(1e-8f).withWeightDecay(wd);
        return switch (name) {
            case "adam" -> h.withBetas(0.9f, 0.999f);
            case "momentum" -> h.withBetas(0.9f, 0f);
            case "rmsprop" -> h.withBetas(0.99f, 0f);
            case "lion" -> h.withBetas(0.9f, 0.99f);
            case "adagrad" -> h.withBetas(0f, 0f);
            case "ademamix" -> h.withBetas(0.9f, 0.999f).withBeta3Alpha(0.9999f, 5f);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private float[][] grads() {
        float[][] g = new float[5][];
        for (int i = 0; i < 5; i++) g[i] = gold.get("optim.g" + i).floats();
        return g;
    }

    @ParameterizedTest(name = "{0} wd {1}, vector {2}")
    @CsvSource({"adam,0.0,true", "adam,0.01,true", "momentum,0.0,true", "rmsprop,0.0,true", "lion,0.0,true", "adagrad,0.0,true",
            "ademamix,0.0,true", "adam,0.01,false", "ademamix,0.0,false", "lion,0.0,false", "momentum,0.0,false", "rmsprop,0.0,false",
            "adagrad,0.0,false"})
    void optimizer32bit(String name, String wd, boolean vector) {
        OptimizerKind kind = OptimizerKind.fromUpstream(name);
        String key = "optim32." + name + "_wd" + wd;
        float[][] g = grads();
        try (Tensor p = Tensors.floats(b, gold.get("optim.p0").floats(), DType.F32, N);
             Tensor s1 = b.allocate(DType.F32, kind == OptimizerKind.ADEMAMIX ? 2 * N : N);
             Tensor s2 = kind.states() == 2 ? b.allocate(DType.F32, N) : null) {
            s1.hostSegment().orElseThrow().fill((byte) 0);
            if (s2 != null) s2.hostSegment().orElseThrow().fill((byte) 0);
            for (int step = 1; step <= 5; step++)
                try (Tensor gt = Tensors.floats(b, g[step - 1], DType.F32, N)) {
                    Optim32.update(new Optimizer32bitStep(kind, gt, p, s1, s2, null, hyper(name, Float.parseFloat(wd)).withStep(step)),
                            vector && FloatLanes.VECTOR);
                }
            assertEquals(0, outside(Tensors.floats(s1), gold.get(key + ".s1").floats(), 1e-6, 1e-5, i -> true), key + ".s1");
            if (s2 != null) assertEquals(0, outside(Tensors.floats(s2), gold.get(key + ".s2").floats(), 1e-6, 1e-5, i -> true), key + ".s2");
            int bad = outside(Tensors.floats(p), gold.get(key + ".p").floats(), 1e-6, 1e-5, i -> true);
            assertTrue(bad <= 15, key + ".p: " + bad + " elements outside atol 1e-6 rtol 1e-5");
            assertArrayEquals(gold.get(key + ".s1").floats(), Tensors.floats(s1), key + ".s1 bit-identical");
            if (s2 != null) assertArrayEquals(gold.get(key + ".s2").floats(), Tensors.floats(s2), key + ".s2 bit-identical");
            if (kind == OptimizerKind.MOMENTUM || kind == OptimizerKind.LION)
                assertArrayEquals(gold.get(key + ".p").floats(), Tensors.floats(p), key + ".p bit-identical");
        }
    }

    @ParameterizedTest(name = "{0} wd {1}, vector {2}")
    @CsvSource({"adam,0.0,true", "adam,0.01,true", "momentum,0.0,true", "rmsprop,0.0,true", "lion,0.0,true", "adagrad,0.0,true",
            "adam,0.01,false", "rmsprop,0.0,false", "momentum,0.0,false", "ademamix,0.0,true", "ademamix,0.0,false"})
    void optimizer8bit(String name, String wd, boolean vector) {
        Run8 r = run8(name, Float.parseFloat(wd), vector);
        String key = "optim8." + name + "_wd" + wd;
        boolean mix = r.kind == OptimizerKind.ADEMAMIX;
        int blocks = (N + 255) / 256;
        float[] q1 = Codebooks.dynamicSigned(), q2 = Codebooks.dynamicUnsigned();
        byte[] gs1 = gold.get(key + ".s1").bytes();
        float[] ga1 = gold.get(key + ".a1").floats();
        // upstream's AdEMAMix m2 scales sit at flat slot floor((N + 256 b)/256) = 48 + b (see OptimizerKernels);
        // the slot 48 they share with m1's last block is corrupt, so m1 block 48 and m2 block 0 are left out
        IntPredicate m1Valid = i -> !mix || i / 256 != blocks - 1;
        IntPredicate m2Valid = i -> i / 256 != 0;
        float[] goldM1 = new float[N], ourM1 = new float[N];
        for (int i = 0; i < N; i++) {
            goldM1[i] = q1[gs1[i] & 0xff] * ga1[i / 256];
            ourM1[i] = q1[r.s1[i] & 0xff] * r.a1[i / 256];
        }
        assertTrue(outside(ourM1, goldM1, 3e-3, 1e-3, m1Valid) < 20, key + ".s1");
        if (mix) {
            float[] goldM2 = new float[N], ourM2 = new float[N];
            for (int i = 0; i < N; i++) {
                goldM2[i] = q1[gs1[N + i] & 0xff] * ga1[N / 256 + i / 256];
                ourM2[i] = q1[r.s1[N + i] & 0xff] * r.a1[blocks + i / 256];
            }
            assertTrue(outside(ourM2, goldM2, 3e-3, 1e-3, m2Valid) < 20, key + ".s1[1]");
        }
        if (r.kind.states() == 2) {
            byte[] gs2 = gold.get(key + ".s2").bytes();
            float[] ga2 = gold.get(key + ".a2").floats();
            float[] gv = new float[N], ov = new float[N];
            for (int i = 0; i < N; i++) {
                gv[i] = q2[gs2[i] & 0xff] * ga2[i / 256];
                ov[i] = q2[r.s2[i] & 0xff] * r.a2[i / 256];
            }
            assertTrue(outside(ov, gv, 3e-3, 1e-3, i -> true) < 20, key + ".s2");
        }
        // tighter than the bars: absmax bit-identical, codes equal but for boundary values
        int codeDiff = 0;
        for (int i = 0; i < N; i++) if (m1Valid.test(i) && gs1[i] != r.s1[i]) codeDiff++;
        if (mix) for (int i = 0; i < N; i++) if (m2Valid.test(i) && gs1[N + i] != r.s1[N + i]) codeDiff++;
        if (r.kind.states() == 2) {
            byte[] gs2 = gold.get(key + ".s2").bytes();
            for (int i = 0; i < N; i++) if (gs2[i] != r.s2[i]) codeDiff++;
            assertArrayEquals(gold.get(key + ".a2").floats(), r.a2, key + ".a2 bit-identical");
        }
        assertTrue(codeDiff <= 2, key + ": " + codeDiff + " state codes differ from CUDA");
        for (int blk = 0; blk < blocks; blk++) {
            if (mix && blk == blocks - 1) continue;
            assertEquals(ga1[blk], r.a1[blk], key + ".a1[" + blk + "] bit-identical");
            if (mix && blk > 0) assertEquals(ga1[48 + blk], r.a1[blocks + blk], key + " m2 absmax of block " + blk);
        }
        float[] want = gold.get(key + ".p").floats();
        if (r.kind == OptimizerKind.MOMENTUM || r.kind == OptimizerKind.LION) assertArrayEquals(want, r.p, key + ".p bit-identical");
        double abs = 0, rel = 0;
        int count = 0;
        for (int i = 0; i < N; i++) {
            if (mix && !(m1Valid.test(i) && m2Valid.test(i))) continue;
            double d = Math.abs(r.p[i] - want[i]);
            abs += d;
            rel += d / (Math.abs(want[i]) + 1e-9);
            count++;
        }
        assertTrue(abs / count < 6e-5, key + ".p mean abs error " + abs / count);
        assertTrue(rel / count < 6e-4, key + ".p mean rel error " + rel / count);
    }

    /**
     * The documented difference: for n = 12 365 upstream never writes absmax1[1][48] (flat slot
     * 97) and lets m1's last block share slot 48 with m2's first; this backend keeps them apart.
     */
    @Test
    void ademamix8bitAbsmaxLayoutDiffersFromUpstreamDefect() {
        float[] ga1 = gold.get("optim8.ademamix_wd0.0.a1").floats();
        assertEquals(98, ga1.length);
        assertEquals(0f, ga1[97], "upstream leaves absmax1[1][48] unwritten");
        Run8 r = run8("ademamix", 0f, true);
        assertTrue(r.a1[97] > 0f, "our m2 scale of block 48 is written");
        assertTrue(r.a1[48] > 0f);
        // upstream wrote m2's scale of block b to slot 48 + b; ours is at 49 + b and equal for b >= 1
        for (int blk = 1; blk < 49; blk++) assertEquals(ga1[48 + blk], r.a1[49 + blk], "m2 absmax of block " + blk);
    }

    @Test
    void dynamicMapsAreTheRecordedOnes() {
        assertArrayEquals(gold.get("q8.dynamic_map_signed").floats(), Codebooks.dynamicSigned());
        assertArrayEquals(gold.get("q8.dynamic_map_unsigned").floats(), Codebooks.dynamicUnsigned());
    }

    record Run8(OptimizerKind kind, float[] p, byte[] s1, byte[] s2, float[] a1, float[] a2) {}

    private Run8 run8(String name, float wd, boolean vector) {
        OptimizerKind kind = OptimizerKind.fromUpstream(name);
        boolean two = kind.states() == 2, mix = kind == OptimizerKind.ADEMAMIX;
        int blocks = (N + 255) / 256;
        float[][] g = grads();
        try (Tensor p = Tensors.floats(b, gold.get("optim.p0").floats(), DType.F32, N);
             Tensor s1 = Tensors.bytes(b, new byte[mix ? 2 * N : N], DType.U8, mix ? 2 * N : N);
             Tensor s2 = two ? Tensors.bytes(b, new byte[N], DType.U8, N) : null;
             Tensor a1 = Tensors.floats(b, new float[mix ? 2 * blocks : blocks], DType.F32, mix ? 2 * blocks : blocks);
             Tensor a2 = two ? Tensors.floats(b, new float[blocks], DType.F32, blocks) : null;
             Tensor q1 = Tensors.floats(b, Codebooks.dynamicSigned(), DType.F32, 256);
             Tensor q2 = two ? Tensors.floats(b, Codebooks.dynamicUnsigned(), DType.F32, 256) : null) {
            for (int step = 1; step <= 5; step++)
                try (Tensor gt = Tensors.floats(b, g[step - 1], DType.F32, N)) {
                    Optim8.update(new Optimizer8bitStep(kind, gt, p, s1, s2, q1, q2, a1, a2, hyper(name, wd).withStep(step)),
                            vector && FloatLanes.VECTOR);
                }
            return new Run8(kind, Tensors.floats(p), Tensors.bytes(s1), two ? Tensors.bytes(s2) : null, Tensors.floats(a1),
                    two ? Tensors.floats(a2) : null);
        }
    }

    /** Elements (where {@code use} holds) with |got − want| > atol + rtol·|want|. */
    static int outside(float[] got, float[] want, double atol, double rtol, IntPredicate use) {
        assertEquals(want.length, got.length);
        int n = 0;
        for (int i = 0; i < want.length; i++)
            if (use.test(i) && !(Math.abs(got[i] - want[i]) <= atol + rtol * Math.abs(want[i]))) n++;
        return n;
    }
}
