package io.bnb.optim;

import io.bnb.api.*;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.bnb.optim.TestTensors.*;
import static org.junit.jupiter.api.Assertions.*;

/** Driver semantics: state precision, overrides, groups, step counters, paging, schedulers, trust ratio, clipping. */
class OptimizerBehaviourTest {

    /** Runs {@code steps} steps of {@code opt} on one parameter with seeded gradients; returns its final bytes. */
    static byte[] trajectory(Optimizer opt, float[] p0, int steps, long seed) {
        try (Tensor p = upload(p0); Tensor g = zeros(DType.F32, p0.length)) {
            opt.add(p, g);
            for (int s = 0; s < steps; s++) {
                fill(g, randn(seed + s, p0.length, 0.01));
                opt.step();
            }
            return bytes(p);
        }
    }

    @Test
    void smallTensorsKeep32bitStateIn8bitOptimizers() {
        try (Optimizer opt = Adam.builder().bits(8).build();
             Tensor small = upload(randn(1, 4095, 0.1)); Tensor gs = upload(randn(2, 4095, 0.01));
             Tensor big = upload(randn(3, 4096, 0.1)); Tensor gb = upload(randn(4, 4096, 0.01));
             Tensor raised = upload(randn(5, 4096, 0.1)); Tensor gr = upload(randn(6, 4096, 0.01))) {
            opt.add(small, gs).add(big, gb).add(raised, gr);
            opt.override(raised, ParamOverride.none().min8bitSize(10_000));
            opt.step();
            ParamState s = opt.state(small).orElseThrow(), b = opt.state(big).orElseThrow(), r = opt.state(raised).orElseThrow();
            assertEquals(32, s.bits());
            assertEquals(DType.F32, s.state1().dtype());
            assertNull(s.qmap1());
            assertEquals(8, b.bits());
            assertEquals(DType.U8, b.state1().dtype());
            assertEquals(DType.U8, b.state2().dtype());
            assertArrayEquals(Codebooks.dynamicSigned(), CPU.downloadFloats(b.qmap1()));
            assertArrayEquals(Codebooks.dynamicUnsigned(), CPU.downloadFloats(b.qmap2()));
            assertArrayEquals(new long[] {16}, b.absmax1().shape());
            assertEquals(32, r.bits());
        }
    }

    @Test
    void overrideKeepsOneParameterIn32bitExactlyLikeA32bitOptimizer() {
        float[] e0 = randn(10, 8192, 0.1), w0 = randn(11, 8192, 0.1);
        byte[] expected = trajectory(AdamW.builder().bits(32).build(), e0, 3, 100);
        try (Optimizer opt = AdamW.builder().bits(8).build(); Tensor emb = upload(e0); Tensor ge = zeros(DType.F32, 8192);
             Tensor w = upload(w0); Tensor gw = zeros(DType.F32, 8192)) {
            opt.override(emb, ParamOverride.none().optimBits(32)); // before add, like GlobalOptimManager
            opt.add(emb, ge).add(w, gw);
            for (int s = 0; s < 3; s++) {
                fill(ge, randn(100 + s, 8192, 0.01));
                fill(gw, randn(200 + s, 8192, 0.01));
                opt.step();
            }
            assertEquals(32, opt.state(emb).orElseThrow().bits());
            assertEquals(8, opt.state(w).orElseThrow().bits());
            assertArrayEquals(expected, bytes(emb));
        }
    }

    @Test
    void overrideTo8bitInA32bitOptimizer() {
        try (Optimizer opt = Adam.builder().build(); Tensor a = upload(randn(1, 5000, 0.1)); Tensor ga = upload(randn(2, 5000, 0.01));
             Tensor b = upload(randn(3, 5000, 0.1)); Tensor gb = upload(randn(4, 5000, 0.01))) {
            opt.add(a, ga).add(b, gb);
            opt.override(b, ParamOverride.none().optimBits(8));
            for (int i = 0; i < 3; i++) opt.step();
            assertEquals(DType.F32, opt.state(a).orElseThrow().state1().dtype());
            assertEquals(DType.U8, opt.state(b).orElseThrow().state1().dtype());
            assertEquals(DType.U8, opt.state(b).orElseThrow().state2().dtype());
        }
    }

    @Test
    void overrideLrForOneParameter() {
        float[] a0 = randn(1, 3000, 0.1), b0 = randn(2, 3000, 0.1);
        byte[] expectA = trajectory(Lion.builder().lr(1e-3).build(), a0, 3, 300);
        byte[] expectB = trajectory(Lion.builder().lr(2e-4).weightDecay(0.1).build(), b0, 3, 400);
        try (Optimizer opt = Lion.builder().lr(1e-3).build(); Tensor a = upload(a0); Tensor ga = zeros(DType.F32, 3000);
             Tensor b = upload(b0); Tensor gb = zeros(DType.F32, 3000)) {
            opt.add(a, ga).add(b, gb).override(b, ParamOverride.none().lr(2e-4)).override(b, ParamOverride.none().weightDecay(0.1));
            assertEquals(2e-4, opt.hyperparamsOf(b).lr());
            assertEquals(0.1, opt.hyperparamsOf(b).weightDecay());
            for (int s = 0; s < 3; s++) {
                fill(ga, randn(300 + s, 3000, 0.01));
                fill(gb, randn(400 + s, 3000, 0.01));
                opt.step();
            }
            assertArrayEquals(expectA, bytes(a));
            assertArrayEquals(expectB, bytes(b));
        }
    }

    @Test
    void globalOverridesApplyAndTheOptimizersOwnWin() {
        float[] p0 = randn(1, 1000, 0.1);
        try (Optimizer opt = Adam.builder().build(); Tensor p = upload(p0); Tensor g = upload(randn(2, 1000, 0.01))) {
            OptimOverrides.global().override(p, ParamOverride.none().lr(0));
            try {
                opt.add(p, g);
                opt.step();
                assertArrayEquals(p0, CPU.downloadFloats(p), "lr 0 from the global override leaves p unchanged");
                opt.override(p, ParamOverride.none().lr(1e-3));
                opt.step();
                assertFalse(Arrays.equals(p0, CPU.downloadFloats(p)), "the optimizer's own override wins over the global one");
            } finally {
                OptimOverrides.global().remove(p);
            }
        }
    }

    @Test
    void paramGroupsUseTheirOwnHyperparameters() {
        float[] a0 = randn(1, 5000, 0.1), b0 = randn(2, 5000, 0.1);
        byte[] expectA = trajectory(Adam.builder().bits(8).lr(1e-3).build(), a0, 3, 10);
        byte[] expectB = trajectory(Adam.builder().bits(8).lr(1e-2).weightDecay(0.1).build(), b0, 3, 20);
        try (Optimizer opt = Adam.builder().bits(8).lr(1e-3).build(); Tensor a = upload(a0); Tensor ga = zeros(DType.F32, 5000);
             Tensor b = upload(b0); Tensor gb = zeros(DType.F32, 5000)) {
            opt.add(a, ga);
            ParamGroup g1 = opt.addGroup().lr(1e-2).weightDecay(0.1).add(b, gb);
            assertEquals(1, g1.index());
            assertEquals(java.util.List.of(a, b), opt.parameters());
            for (int s = 0; s < 3; s++) {
                fill(ga, randn(10 + s, 5000, 0.01));
                fill(gb, randn(20 + s, 5000, 0.01));
                opt.step();
            }
            assertArrayEquals(expectA, bytes(a));
            assertArrayEquals(expectB, bytes(b));
        }
    }

    @Test
    void eachParameterCountsItsOwnSteps() {
        float[] b0 = randn(2, 2000, 0.1);
        byte[] expectB = trajectory(Adam.builder().build(), b0, 2, 50);
        try (Optimizer opt = Adam.builder().build(); Tensor a = upload(randn(1, 2000, 0.1)); Tensor ga = upload(randn(3, 2000, 0.01));
             Tensor b = upload(b0); Tensor gb = zeros(DType.F32, 2000)) {
            opt.add(a, ga).add(b, null);
            for (int i = 0; i < 3; i++) opt.step();
            assertTrue(opt.state(b).isEmpty(), "a parameter without gradient is skipped");
            opt.setGrad(b, gb);
            for (int s = 0; s < 2; s++) {
                fill(gb, randn(50 + s, 2000, 0.01));
                opt.step();
            }
            assertEquals(5, opt.state(a).orElseThrow().step());
            assertEquals(2, opt.state(b).orElseThrow().step());
            assertArrayEquals(expectB, bytes(b), "bias correction of b starts at its own first step");
        }
    }

    @Test
    void pagedStateOnlyForLargeParametersAndSameNumbers() {
        int big = (int) OptimizerSettings.PAGED_MIN_NUMEL;
        float[] p0 = randn(1, big, 0.1);
        byte[] plain = trajectory(Adam.builder().bits(8).build(), p0, 2, 7);
        try (Optimizer opt = Adam.builder().bits(8).paged(true).build(); Tensor p = upload(p0); Tensor g = zeros(DType.F32, big);
             Tensor q = upload(randn(2, big - 1, 0.1)); Tensor gq = upload(randn(3, big - 1, 0.01))) {
            opt.add(p, g).add(q, gq);
            for (int s = 0; s < 2; s++) {
                fill(g, randn(7 + s, big, 0.01));
                opt.step();
            }
            ParamState sp = opt.state(p).orElseThrow(), sq = opt.state(q).orElseThrow();
            assertTrue(sp.isPaged() && sp.state2().isPaged());
            assertFalse(sp.absmax1().isPaged() || sp.qmap1().isPaged(), "absmax and maps are never paged");
            assertFalse(sq.isPaged());
            assertArrayEquals(plain, bytes(p));
        }
    }

    @Test
    void ademamixSchedulersFeedTheKernel() {
        int n = 3000;
        float[] p0 = randn(1, n, 0.1);
        try (Optimizer opt = AdEMAMix.builder().tAlpha(20).tBeta3(20).build(); Tensor p = upload(p0); Tensor g = zeros(DType.F32, n);
             Tensor ref = upload(p0); Tensor s1 = zeros(DType.F32, 2, n); Tensor s2 = zeros(DType.F32, n)) {
            opt.add(p, g);
            for (int t = 1; t <= 3; t++) {
                fill(g, randn(60 + t, n, 0.01));
                opt.step();
                double alphaT = Math.min(t * 5.0 / 20, 5.0);
                double beta3T = AdemamixSchedule.beta3(t, 0.9, 0.9999, 20);
                Hyper h = new Hyper(1e-3f, 0.9f, 0.999f, (float) beta3T, (float) alphaT, 1e-8f, 1e-2f, t, 0, 0, 1, false);
                CPU.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.ADEMAMIX, g, ref, s1, s2, null, h));
            }
            assertArrayEquals(bytes(ref), bytes(p));
            assertArrayEquals(bytes(s1), bytes(opt.state(p).orElseThrow().state1()));
        }
    }

    @Test
    void trustRatioUsesTheParameterNormAndChangesTheUpdate() {
        int n = 4000;
        float[] p0 = randn(1, n, 0.1), g0 = randn(2, n, 5);
        float[][] results = new float[2][];
        double[] unorms = {1e-4, 10};
        for (int k = 0; k < 2; k++) {
            try (Optimizer opt = LAMB.builder().lr(0.1).maxUnorm(unorms[k]).build(); Tensor p = upload(p0); Tensor g = upload(g0);
                 Tensor ref = upload(p0); Tensor m = zeros(DType.F32, n); Tensor v = zeros(DType.F32, n); Tensor u = zeros(DType.F32, 1)) {
                opt.add(p, g).step();
                ParamState st = opt.state(p).orElseThrow();
                assertTrue(CPU.downloadFloats(st.unormVec())[0] > 0, "unorm_vec holds the squared update norm");
                double sq = 0;
                for (float x : p0) sq += (double) x * x;
                Hyper h = new Hyper(0.1f, 0.9f, 0.999f, 0, 0, 1e-8f, 0, 1, (float) unorms[k], (float) Math.sqrt(sq), 1, false);
                CPU.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.LAMB, g, ref, m, v, u, h));
                assertArrayEquals(bytes(ref), bytes(p), "param norm handed to the kernel is ||p||2 before the update");
                results[k] = CPU.downloadFloats(p);
            }
        }
        assertFalse(Arrays.equals(results[0], results[1]), "max_unorm 1e-4 and 10 give different parameters");
        try (Optimizer lars = LARS.builder().lr(0.01).momentum(0.9).build(); Tensor p = upload(p0); Tensor g = upload(g0)) {
            lars.add(p, g).step();
            assertTrue(CPU.downloadFloats(lars.state(p).orElseThrow().unormVec())[0] > 0);
            assertEquals(0.02, lars.settings().maxUnorm());
        }
    }

    @Test
    void eightBitLambAndLarsRunWithoutTrustRatio() {
        // Upstream's CUDA build has no 8-bit LAMB/LARS kernel; the CPU backend has all names, and 8-bit
        // updates never apply the trust ratio: LAMB 8-bit is Adam 8-bit, LARS 8-bit is SGD 8-bit.
        float[] p0 = randn(1, 5000, 0.1);
        byte[] adam = trajectory(Adam.builder().bits(8).build(), p0, 2, 90);
        byte[] lamb = trajectory(LAMB.builder().bits(8).build(), p0, 2, 90);
        byte[] sgd = trajectory(SGD.builder().lr(0.01).momentum(0.9).bits(8).build(), p0, 2, 91);
        byte[] lars = trajectory(LARS.builder().lr(0.01).momentum(0.9).bits(8).build(), p0, 2, 91);
        assertArrayEquals(adam, lamb);
        assertArrayEquals(sgd, lars);
        assertFalse(Arrays.equals(adam, f32Bytes(p0)));
    }

    static byte[] f32Bytes(float[] v) {
        try (Tensor t = upload(v)) {
            return bytes(t);
        }
    }

    @Test
    void percentileClippingScalesTheGradientThroughTheBackendHelper() {
        int n = 2000;
        float[] p0 = randn(1, n, 0.1);
        try (Optimizer opt = SGD.builder().lr(0.01).momentum(0.9).percentileClipping(5).build(); Tensor p = upload(p0);
             Tensor g = zeros(DType.F32, n); Tensor ref = upload(p0); Tensor m = zeros(DType.F32, n); Tensor vec = zeros(DType.F32, 100)) {
            opt.add(p, g);
            boolean clipped = false;
            for (int t = 1; t <= 6; t++) {
                fill(g, randn(80 + t, n, t == 4 ? 1.0 : 0.01)); // one outlier gradient gets clipped
                opt.step();
                float scale = CPU.percentileClipping(g, vec, t, 5).gnormScale();
                clipped |= scale < 1;
                Hyper h = new Hyper(0.01f, 0.9f, 0, 0, 0, 0, 0, t, 0, 0, scale, false);
                CPU.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.MOMENTUM, g, ref, m, null, null, h));
            }
            assertTrue(clipped);
            assertArrayEquals(bytes(vec), bytes(opt.state(p).orElseThrow().gnormVec()));
            assertArrayEquals(bytes(ref), bytes(p));
        }
    }

    @Test
    void skipZerosLeavesZeroGradientElementsUntouched() {
        int n = 1000;
        float[] p0 = randn(1, n, 0.1), g0 = randn(2, n, 0.01);
        for (int i = 0; i < n; i += 3) g0[i] = 0;
        try (Optimizer opt = Adam.builder().skipZeros(true).build(); Tensor p = upload(p0); Tensor g = upload(g0)) {
            opt.add(p, g).step();
            float[] p1 = CPU.downloadFloats(p), m = CPU.downloadFloats(opt.state(p).orElseThrow().state1());
            for (int i = 0; i < n; i++) {
                if (i % 3 == 0) {
                    assertEquals(p0[i], p1[i], "p[" + i + "]");
                    assertEquals(0f, m[i], "m[" + i + "]");
                } else {
                    assertNotEquals(p0[i], p1[i], "p[" + i + "]");
                }
            }
        }
    }

    @Test
    void zeroGradClearsEveryGradient() {
        try (Optimizer opt = RMSprop.builder().build(); Tensor a = upload(randn(1, 10, 1)); Tensor ga = upload(randn(2, 10, 1));
             Tensor b = CPU.upload(randn(3, 12, 1), DType.BF16, 3, 4); Tensor gb = CPU.upload(randn(4, 12, 1), DType.BF16, 3, 4)) {
            opt.add(a, ga).add(b, gb);
            opt.zeroGrad();
            assertArrayEquals(new float[10], CPU.downloadFloats(ga));
            assertArrayEquals(new float[12], CPU.downloadFloats(gb));
        }
    }

    @Test
    void sixteenBitParametersGetFloatStateOfTheirShape() {
        try (Optimizer opt = AdEMAMix.builder().bits(8).build(); Tensor p = CPU.upload(randn(1, 8192, 0.1), DType.BF16, 64, 128);
             Tensor g = CPU.upload(randn(2, 8192, 0.01), DType.BF16, 64, 128)) {
            byte[] before = bytes(p);
            opt.add(p, g).step();
            ParamState st = opt.state(p).orElseThrow();
            assertArrayEquals(new long[] {2, 64, 128}, st.state1().shape());
            assertArrayEquals(new long[] {64, 128}, st.state2().shape());
            assertArrayEquals(new long[] {2, 32}, st.absmax1().shape());
            assertFalse(Arrays.equals(before, bytes(p)));
        }
    }

    @Test
    void stateMemoryIsReportedAndTheMapsAreSharedOnce() {
        int n = 65536;
        try (Optimizer a8 = Adam.builder().bits(8).build(); Optimizer a32 = Adam.builder().build();
             Tensor p = upload(randn(1, n, 0.1)); Tensor g = upload(randn(2, n, 0.01));
             Tensor p2 = upload(randn(3, n, 0.1)); Tensor g2 = upload(randn(4, n, 0.01));
             Tensor q = upload(randn(1, n, 0.1)); Tensor gq = upload(randn(2, n, 0.01))) {
            a8.add(p, g).add(p2, g2).step();
            a32.add(q, gq).step();
            assertEquals(2L * n * 4, a32.stateBytes());
            ParamState s = a8.state(p).orElseThrow(), s2 = a8.state(p2).orElseThrow();
            assertEquals(2L * n + 2 * (n / 256) * 4, s.byteSize(), "codes and absmax of one parameter");
            assertSame(s.qmap1(), s2.qmap1(), "one signed map per optimizer and backend");
            assertSame(s.qmap2(), s2.qmap2());
            assertEquals(2 * s.byteSize() + 2 * 256 * 4, a8.stateBytes(), "maps counted once");
        }
    }
}
