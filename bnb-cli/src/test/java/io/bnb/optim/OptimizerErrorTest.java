package io.bnb.optim;

import io.bnb.api.*;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.bnb.optim.TestTensors.*;
import static org.junit.jupiter.api.Assertions.*;

/** Bad input: clear exceptions naming the problem, and never a half-applied step or corrupted state. */
class OptimizerErrorTest {

    /** Two parameters with state after one good step; {@code bad} is the gradient of the second. */
    record Setup(Optimizer opt, Tensor a, Tensor ga, Tensor b, Tensor gb) implements AutoCloseable {
        static Setup of(Optimizer opt, int n) {
            Tensor a = upload(randn(1, n, 0.1)), ga = upload(randn(2, n, 0.01));
            Tensor b = upload(randn(3, n, 0.1)), gb = upload(randn(4, n, 0.01));
            opt.add(a, ga).add(b, gb).step();
            fill(ga, randn(5, n, 0.01));
            fill(gb, randn(6, n, 0.01));
            return new Setup(opt, a, ga, b, gb);
        }

        @Override
        public void close() {
            opt.close();
            for (Tensor t : List.of(a, ga, b, gb)) t.close();
        }
    }

    @Test
    void nanOrInfGradientThrowsBeforeAnythingIsWritten() {
        for (float badValue : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            for (int bits : new int[] {32, 8}) {
                try (Setup s = Setup.of(Adam.builder().bits(bits).build(), 5000)) {
                    float[] g = CPU.downloadFloats(s.gb);
                    g[4321] = badValue;
                    fill(s.gb, g);
                    List<Object> before = snapshot(s.opt);
                    var e = assertThrows(IllegalArgumentException.class, s.opt::step);
                    assertTrue(e.getMessage().contains("param 1") && e.getMessage().contains("NaN/Inf"), e.getMessage());
                    assertEquals(before, snapshot(s.opt), "no parameter, state or step counter changed (" + badValue + ", " + bits + "-bit)");
                }
            }
        }
    }

    @Test
    void skipStepPolicySkipsTheWholeStep() {
        try (Setup s = Setup.of(Adam.builder().bits(8).nonFiniteGradients(NonFiniteGradients.SKIP_STEP).build(), 5000);
             Setup clean = Setup.of(Adam.builder().bits(8).build(), 5000)) {
            float[] g = CPU.downloadFloats(s.gb);
            g[7] = Float.NaN;
            fill(s.gb, g);
            List<Object> before = snapshot(s.opt);
            assertFalse(s.opt.step());
            assertEquals(before, snapshot(s.opt));
            fill(s.gb, randn(6, 5000, 0.01));
            assertTrue(s.opt.step());
            assertTrue(clean.opt.step());
            assertEquals(snapshot(clean.opt), snapshot(s.opt), "after a skipped step training continues as if it never happened");
        }
    }

    @Test
    void passPolicyGivesUpstreamBehaviour8bitResetsTheElement() {
        // Upstream's 8-bit two-state kernels reset the state of a non-finite element and leave its parameter alone.
        try (Setup s = Setup.of(Adam.builder().bits(8).nonFiniteGradients(NonFiniteGradients.PASS).build(), 5000)) {
            float[] g = CPU.downloadFloats(s.gb);
            g[300] = Float.NaN;
            fill(s.gb, g);
            float before = CPU.downloadFloats(s.b)[300];
            assertTrue(s.opt.step());
            ParamState st = s.opt.state(s.b).orElseThrow();
            float[] p = CPU.downloadFloats(s.b);
            assertEquals(before, p[300]);
            for (float x : p) assertTrue(Float.isFinite(x));
            // dequantized value = code value · block absmax (element 300 is in block 1)
            float m = CPU.downloadFloats(st.qmap1())[CPU.downloadBytes(st.state1())[300] & 255] * CPU.downloadFloats(st.absmax1())[1];
            float v = CPU.downloadFloats(st.qmap2())[CPU.downloadBytes(st.state2())[300] & 255] * CPU.downloadFloats(st.absmax2())[1];
            assertEquals(0f, m, 1e-6f * CPU.downloadFloats(st.absmax1())[1], "m reset (the sign fix may pick -5.5e-7·absmax)");
            assertEquals(0f, v);
        }
    }

    @Test
    void mismatchedGradientsAreRejectedAtRegistration() {
        try (Optimizer opt = Adam.builder().build(); Tensor p = upload(new float[12]); Tensor g11 = upload(new float[11]);
             Tensor g34 = CPU.upload(new float[12], 3, 4); Tensor g16 = CPU.upload(new float[12], DType.F16, 12)) {
            var e = assertThrows(IllegalArgumentException.class, () -> opt.add(p, g11));
            assertTrue(e.getMessage().contains("shape"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> opt.add(p, g34));
            e = assertThrows(IllegalArgumentException.class, () -> opt.add(p, g16));
            assertTrue(e.getMessage().contains("dtype"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> opt.add(p, p));
            assertEquals(List.of(), opt.parameters(), "nothing was registered");
            opt.add(p, null);
            assertThrows(IllegalArgumentException.class, () -> opt.add(p, null), "a parameter can be added once");
            assertThrows(IllegalArgumentException.class, () -> opt.setGrad(p, g11));
            assertThrows(IllegalArgumentException.class, () -> opt.setGrad(g11, g11), "unregistered parameter");
        }
    }

    @Test
    void tensorsOfAnotherBackendAreRejectedClearly() {
        Tensor foreignGrad = FakeBackend.tensor(DType.F32, 12);
        Tensor foreignParam = FakeBackend.tensor(DType.F32, 12);
        Tensor foreignParamGrad = FakeBackend.tensor(DType.F32, 12);
        try (Optimizer opt = Adam.builder().build(); Tensor p = upload(randn(1, 12, 1)); Tensor g = upload(randn(2, 12, 1))) {
            var e = assertThrows(IllegalArgumentException.class, () -> opt.add(p, foreignGrad));
            assertTrue(e.getMessage().contains("fake") && e.getMessage().contains("cpu"), e.getMessage());
            // A parameter living on a backend without optimizer ops fails the step before any parameter is written.
            opt.add(p, g).add(foreignParam, foreignParamGrad);
            byte[] before = bytes(p);
            var u = assertThrows(UnsupportedOpException.class, opt::step);
            assertTrue(u.getMessage().contains("fake"), u.getMessage());
            assertArrayEquals(before, bytes(p));
            assertTrue(opt.state(p).isEmpty());
        }
    }

    @Test
    void closedTensorsFailTheStepBeforeAnythingIsWritten() {
        try (Setup s = Setup.of(SGD.builder().lr(0.1).momentum(0.9).build(), 100)) {
            List<Object> before = snapshot(s.opt);
            s.gb.close();
            var e = assertThrows(IllegalStateException.class, s.opt::step);
            assertTrue(e.getMessage().contains("param 1"), e.getMessage());
            s.opt.setGrad(s.b, null);
            s.opt.step(); // the other parameter still trains
            assertNotEquals(before.get(0), snapshot(s.opt).get(0));
        }
    }

    @Test
    void invalidOverrideFailsTheStepBeforeAnythingIsWritten() {
        try (Setup s = Setup.of(Adam.builder().build(), 100)) {
            s.opt.override(s.b, ParamOverride.none().beta1(1.5));
            List<Object> before = snapshot(s.opt);
            var e = assertThrows(IllegalArgumentException.class, s.opt::step);
            assertTrue(e.getMessage().contains("beta1"), e.getMessage());
            assertEquals(before, snapshot(s.opt));
        }
    }

    @Test
    void closedOptimizerCannotStep() {
        Optimizer opt = Adam.builder().build();
        try (Tensor p = upload(new float[4]); Tensor g = upload(new float[] {1, 2, 3, 4})) {
            opt.add(p, g).step();
            ParamState st = opt.state(p).orElseThrow();
            opt.close();
            assertTrue(st.state1().isClosed(), "closing frees the state");
            assertFalse(p.isClosed() || g.isClosed(), "parameters and gradients belong to the caller");
            assertThrows(IllegalStateException.class, opt::step);
        }
    }
}
