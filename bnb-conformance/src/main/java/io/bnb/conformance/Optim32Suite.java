package io.bnb.conformance;

import io.bnb.api.*;
import io.bnb.conformance.check.*;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/** optimizer_update_32bit (spec OPTIMIZERS.md §3–4, TOLERANCES.md §6.1). Cell {@code optim32}. */
public interface Optim32Suite extends SuiteContext {

    /** Five recorded CUDA steps per optimizer (golden {@code optim32.*}): states to fp32 assert_close, parameters ≤ 15 mismatches. */
    @TestFactory @Tag("optim32")
    default Stream<DynamicTest> required_optimizerUpdate32bit_golden() {
        Golden g = Golden.get();
        g.require("optim.p0", "optim.g0");
        List<DynamicTest> tests = new ArrayList<>();
        for (Matcher m : g.matching("optim32\\.(\\w+?)_wd([0-9.]+)\\.p")) {
            String kernel = m.group(1), p = "optim32." + kernel + "_wd" + m.group(2);
            float wd = Float.parseFloat(m.group(2));
            Hyper h = OptimConfig.golden(kernel, wd);
            if (h == null) continue;
            OptimizerKind kind = OptimizerKind.fromUpstream(kernel);
            tests.add(Host.test(kernel + " wd " + wd, () -> {
                g.require(p + ".s1");
                Backend b = backend();
                float[] p0 = g.floats("optim.p0");
                int n = p0.length;
                try (Scope s = new Scope()) {
                    Tensor param = s.add(b.upload(p0, g.shape("optim.p0")));
                    Tensor s1 = s.add(b.allocate(DType.F32, g.shape(p + ".s1")));
                    Tensor s2 = kind.states() == 2 ? s.add(b.allocate(DType.F32, n)) : null;
                    for (int t = 1; g.has("optim.g" + (t - 1)); t++) {
                        try (Tensor grad = b.upload(g.floats("optim.g" + (t - 1)), g.shape("optim.g" + (t - 1)))) {
                            b.optimizerUpdate32bit(new Optimizer32bitStep(kind, grad, param, s1, s2, null, h.withStep(t)));
                        }
                    }
                    Expect.close("parameters", g.floats(p + ".p"), b.downloadFloats(param), 1e-6, 1e-5, 15);
                    Expect.close("state1", g.floats(p + ".s1"), b.downloadFloats(s1), 1e-6, 1e-5);
                    if (s2 != null && g.has(p + ".s2")) Expect.close("state2", g.floats(p + ".s2"), b.downloadFloats(s2), 1e-6, 1e-5);
                }
            }));
        }
        return Host.orSkip(tests, "golden file " + g.source() + " has no optim32.* keys");
    }

    /**
     * test_optimizer32bit: 20 steps against a float32 statement of the update rules; states within
     * fp32 atol 1e-6 / rtol 1e-5 (bf16 1e-3/1e-2, fp16 1e-4/1e-3), parameters ≤ 15 mismatches,
     * LAMB/LARS {@code unorm_vec > 0}.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"adam,F32", "adam,F16", "adam,BF16", "adamw,F32", "adamw,F16", "adamw,BF16",
                "momentum,F32", "momentum,F16", "lars,F32", "lars,F16", "rmsprop,F32", "rmsprop,F16",
                "adagrad,F32", "adagrad,F16", "lion,F32", "lion,F16", "lion,BF16", "lion_wd,F32", "lion_wd,F16",
                "lamb,F32", "lamb,F16", "lamb,BF16",
                "ademamix,F32", "ademamix,F16", "ademamix,BF16", "ademamix_scheduled,F32", "ademamix_scheduled,F16", "ademamix_scheduled,BF16"})
    @Tag("optim32")
    default void required_optimizerUpdate32bit_rule(String config, DType gtype) {
        OptimChecks.rule32(this, OptimConfig.of(config), gtype);
    }

    /** CUDA has no bf16 kernel for the one-state optimizers below (MATRIX.md §4); other backends may. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"momentum", "lars", "rmsprop", "adagrad"})
    @Tag("optim32")
    default void optional_optimizerUpdate32bit_bf16OneState(String config) {
        OptimChecks.rule32(this, OptimConfig.of(config), DType.BF16);
    }

    /** test_lamb_max_unorm_changes_update: max_unorm 1e-4 and 10 give different LAMB steps. */
    @Test @Tag("optim32")
    default void required_optimizerUpdate32bit_lambMaxUnormChangesUpdate() {
        Backend b = backend();
        Rand r = Rand.seed(1500);
        float[] p0 = r.normal(4096, 0.1), g = r.normal(4096, 5.0);
        float[][] results = new float[2][];
        float[] maxU = {1e-4f, 10f};
        for (int i = 0; i < 2; i++) {
            try (Scope s = new Scope()) {
                Tensor p = s.add(b.upload(p0, 4096));
                Hyper h = new Hyper(0.1f, 0.9f, 0.999f, 0f, 0f, 1e-8f, 0f, 1, maxU[i], RefOptim.norm(p0), 1f, false);
                b.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.LAMB, s.add(b.upload(g, 4096)), p,
                        s.add(b.allocate(DType.F32, 4096)), s.add(b.allocate(DType.F32, 4096)), s.add(b.allocate(DType.F32, 1)), h));
                results[i] = b.downloadFloats(p);
            }
        }
        Expect.isTrue(!java.util.Arrays.equals(results[0], results[1]), "max_unorm 1e-4 and 10 gave the same LAMB update");
        Expect.close("max_unorm 10 (no clipping) vs the rule", expectedLamb(p0, g), results[1], 1e-6, 1e-5, 15);
    }

    private static float[] expectedLamb(float[] p0, float[] g) {
        RefOptim.State st = new RefOptim.State(p0);
        RefOptim.step32(OptimizerKind.LAMB, st, g, new Hyper(0.1f, 0.9f, 0.999f, 0f, 0f, 1e-8f, 0f, 1, 10f, RefOptim.norm(p0), 1f, false));
        return st.p;
    }

    /** With skip_zeros, elements whose gradient is exactly 0 keep their parameter and states (CUDA semantics). */
    @Test @Tag("optim32")
    default void optional_optimizerUpdate32bit_skipZeros() {
        Backend b = backend();
        Rand r = Rand.seed(1501);
        int n = 1000;
        float[] p0 = r.normal(n, 0.1), s0 = r.normal(n, 0.01), v0 = r.rand(n), g = r.normal(n, 0.01);
        for (int i = 0; i < n; i += 3) g[i] = 0f;
        for (OptimizerKind k : new OptimizerKind[]{OptimizerKind.ADAM, OptimizerKind.MOMENTUM}) {
            try (Scope s = new Scope()) {
                Tensor p = s.add(b.upload(p0, n)), s1 = s.add(b.upload(s0, n));
                Tensor s2 = k.states() == 2 ? s.add(b.upload(v0, n)) : null;
                Hyper h = new Hyper(1e-2f, 0.9f, 0.999f, 0f, 0f, 1e-8f, 0f, 3, 0f, 0f, 1f, true);
                b.optimizerUpdate32bit(new Optimizer32bitStep(k, s.add(b.upload(g, n)), p, s1, s2, null, h));
                float[] pn = b.downloadFloats(p), sn = b.downloadFloats(s1);
                for (int i = 0; i < n; i += 3)
                    Expect.isTrue(pn[i] == p0[i] && sn[i] == s0[i], k + ": element " + i + " with a zero gradient changed");
                Expect.isTrue(pn[1] != p0[1], k + ": an element with a gradient did not change");
            }
        }
    }

    @Test @Tag("optim32")
    default void required_optimizerUpdate32bit_matchesReference() {
        requireNotReference();
        Backend b = backend(), ref = reference();
        Rand r = Rand.seed(1502);
        int n = 3000;
        float[] p0 = r.normal(n, 0.1), g = r.normal(n, 0.01);
        for (String c : new String[]{"adamw", "momentum", "rmsprop", "lion_wd", "ademamix", "lamb", "lars", "adagrad"}) {
            OptimConfig cfg = OptimConfig.of(c);
            float[][] out = new float[2][];
            Backend[] bs = {ref, b};
            for (int i = 0; i < 2; i++) {
                Backend x = bs[i];
                try (Scope s = new Scope()) {
                    Tensor p = s.add(x.upload(p0, n));
                    Tensor s1 = s.add(x.allocate(DType.F32, cfg.kind() == OptimizerKind.ADEMAMIX ? 2L * n : n));
                    Tensor s2 = cfg.kind().states() == 2 ? s.add(x.allocate(DType.F32, n)) : null;
                    Tensor un = cfg.hyper().maxUnorm() > 0 ? s.add(x.allocate(DType.F32, 1)) : null;
                    for (int t = 1; t <= 3; t++)
                        x.optimizerUpdate32bit(new Optimizer32bitStep(cfg.kind(), s.add(x.upload(g, n)), p, s1, s2, un, cfg.at(t, x.downloadFloats(p))));
                    out[i] = x.downloadFloats(p);
                }
            }
            Expect.close(c + " parameters vs CPU", out[0], out[1], 1e-6, 1e-5, 15);
        }
    }

    @Test @Tag("optim32")
    default void required_optimizerUpdate32bit_rejectsBadInput() {
        Backend b = backend();
        int n = 300;
        Rand r = Rand.seed(1503);
        try (Scope s = new Scope()) {
            Tensor p = s.add(b.upload(r.randn(n), n)), g = s.add(b.upload(r.randn(n), n));
            Tensor s1 = s.add(b.upload(r.randn(n), n)), s2 = s.add(b.upload(r.rand(n), n));
            Tensor un = s.add(b.upload(new float[]{0.5f}, 1));
            Hyper h = Hyper.adam(1e-3f);
            Reject.Snapshot snap = Reject.snapshot(b, p, g, s1, s2, un);
            OptimizerKind adam = OptimizerKind.ADAM;
            Tensor sShort = s.add(b.upload(new float[n - 1], n - 1));
            Reject.argument("state1 of n-1", "state1", snap, () -> b.optimizerUpdate32bit(new Optimizer32bitStep(adam, g, p, sShort, s2, null, h)));
            Reject.argument("state2 null for adam", "state2", snap, () -> b.optimizerUpdate32bit(new Optimizer32bitStep(adam, g, p, s1, null, null, h)));
            Tensor g16 = s.add(b.upload(new float[n], DType.F16, n));
            Reject.argument("F16 grad for F32 param", "grad", snap, () -> b.optimizerUpdate32bit(new Optimizer32bitStep(adam, g16, p, s1, s2, null, h)));
            Tensor s1h = s.add(b.upload(new float[n], DType.F16, n));
            Reject.argument("F16 state1", "state1", snap, () -> b.optimizerUpdate32bit(new Optimizer32bitStep(adam, g, p, s1h, s2, null, h)));
            Reject.argument("no unormVec with maxUnorm", "unormVec", snap,
                    () -> b.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.LAMB, g, p, s1, s2, null, h.withTrust(1f, 1f))));
            Tensor ademamixS1 = s.add(b.upload(new float[n], n));
            Reject.argument("AdEMAMix state1 of n (needs 2n)", "state1", snap,
                    () -> b.optimizerUpdate32bit(new Optimizer32bitStep(OptimizerKind.ADEMAMIX, g, p, ademamixS1, s2, null, h)));
            Reject.argument("null kind", "kind", snap, () -> b.optimizerUpdate32bit(new Optimizer32bitStep(null, g, p, s1, s2, null, h)));
        }
    }
}
