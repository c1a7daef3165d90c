package io.bnb.conformance;

import io.bnb.api.*;
import io.bnb.conformance.check.*;

/** The trajectory checks behind {@link Optim32Suite} and {@link Optim8Suite}. */
final class OptimChecks {
    private OptimChecks() {}

    /** Upstream's tolerances per gradient dtype: {atol, rtol} (TOLERANCES.md §6.1). */
    static double[] tolerance(DType gtype) {
        return switch (gtype) {
            case F32 -> new double[]{1e-6, 1e-5};
            case BF16 -> new double[]{1e-3, 1e-2};
            default -> new double[]{1e-4, 1e-3};
        };
    }

    /** Parameter counts of the trajectories: [1024, 32] and an odd [1, 4097]; upstream's [1024, {1024, 4097}] too when full. */
    static int[] sizes() { return Grid.full() ? new int[]{1024 * 32, 4097, 1024, 1024 * 1024, 1024 * 4097} : new int[]{1024 * 32, 4097}; }

    static void rule32(SuiteContext ctx, OptimConfig cfg, DType gtype) {
        Backend b = ctx.backend();
        double[] tol = tolerance(gtype);
        OptimizerKind k = cfg.kind();
        for (int n : sizes()) {
            Rand r = Rand.seed(1600L + n + cfg.name().hashCode());
            float[] p0 = Num.round(r.normal(n, 0.1), gtype);
            RefOptim.State ref = new RefOptim.State(p0);
            try (Scope s = new Scope()) {
                Tensor p = s.add(b.upload(p0, gtype, n));
                Tensor s1 = s.add(b.allocate(DType.F32, k == OptimizerKind.ADEMAMIX ? 2L * n : n));
                Tensor s2 = k.states() == 2 ? s.add(b.allocate(DType.F32, n)) : null;
                Tensor un = cfg.hyper().maxUnorm() > 0 ? s.add(b.allocate(DType.F32, 1)) : null;
                for (int t = 1; t <= 20; t++) {
                    float[] g = Num.round(r.normal(n, 0.01), gtype);
                    Hyper h = cfg.at(t, ref.p);
                    try (Tensor gt = b.upload(g, gtype, n)) {
                        b.optimizerUpdate32bit(new Optimizer32bitStep(k, gt, p, s1, s2, un, h));
                    }
                    RefOptim.step32(k, ref, g, h);
                    String at = cfg.name() + " " + gtype + " n=" + n + " step " + t + ": ";
                    float[] got = b.downloadFloats(p);
                    Expect.close(at + "parameters", Num.round(ref.p, gtype), got, tol[0], tol[1], 15);
                    float[] st1 = b.downloadFloats(s1);
                    if (k == OptimizerKind.ADEMAMIX) {
                        Expect.close(at + "m1", ref.s1, java.util.Arrays.copyOfRange(st1, 0, n), tol[0], tol[1]);
                        Expect.close(at + "m2", ref.m2, java.util.Arrays.copyOfRange(st1, n, 2 * n), tol[0], tol[1]);
                    } else {
                        Expect.close(at + "state1", ref.s1, st1, tol[0], tol[1]);
                    }
                    if (s2 != null) Expect.close(at + "state2", ref.s2, b.downloadFloats(s2), tol[0], tol[1]);
                    if (un != null) Expect.isTrue(b.downloadFloats(un)[0] > 0, at + "unorm_vec must be > 0");
                    // as upstream: the reference continues from the backend's (rounded) parameters
                    System.arraycopy(got, 0, ref.p, 0, n);
                }
            }
        }
    }

    /**
     * test_optimizer8bit: each step the reference starts from the backend's dequantized states,
     * does one float32 step and is compared with the backend's requantized result — dequantized
     * states (< 20 elements outside atol 3e-3 / rtol 1e-3), block absmax (rtol 1e-5), codes
     * (the requantization of the reference state, ±1 only at boundaries), parameters (mean abs
     * and relative error bars).
     */
    static void rule8(SuiteContext ctx, OptimConfig cfg, DType gtype, int steps) {
        Backend b = ctx.backend();
        OptimizerKind k = cfg.kind();
        float[] q1 = Codebooks.dynamicSigned(), q2 = Codebooks.dynamicUnsigned();
        boolean ademamix = k == OptimizerKind.ADEMAMIX;
        for (int n : sizes()) {
            if (n > 1024 * 1024) continue;
            int blocks = Math.ceilDiv(n, 256);
            Rand r = Rand.seed(1700L + n + cfg.name().hashCode());
            float[] p0 = Num.round(r.normal(n, 0.1), gtype);
            try (Scope s = new Scope()) {
                Tensor p = s.add(b.upload(p0, gtype, n));
                Tensor s1 = s.add(b.allocate(DType.U8, ademamix ? 2L * n : n));
                Tensor a1 = s.add(b.allocate(DType.F32, ademamix ? 2L * blocks : blocks));
                Tensor s2 = k.states() == 2 ? s.add(b.allocate(DType.U8, n)) : null;
                Tensor a2 = k.states() == 2 ? s.add(b.allocate(DType.F32, blocks)) : null;
                Tensor qm1 = s.add(b.upload(q1, 256)), qm2 = k.states() == 2 ? s.add(b.upload(q2, 256)) : null;
                for (int t = 1; t <= steps; t++) {
                    float[] pNow = b.downloadFloats(p);
                    byte[] c1 = b.downloadBytes(s1);
                    float[] am1 = b.downloadFloats(a1);
                    RefOptim.State ref = new RefOptim.State(pNow,
                            deq(c1, 0, n, am1, 0, q1), s2 == null ? null : deq(b.downloadBytes(s2), 0, n, b.downloadFloats(a2), 0, q2),
                            ademamix ? deq(c1, n, n, am1, blocks, q1) : null);
                    float[] g = Num.round(r.normal(n, 0.01), gtype);
                    Hyper h = cfg.at(t, pNow).withTrust(0f, 0f);
                    try (Tensor gt = b.upload(g, gtype, n)) {
                        b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(k, gt, p, s1, s2, qm1, qm2, a1, a2, h));
                    }
                    RefOptim.step8(k, ref, g, h);
                    String at = cfg.name() + " " + gtype + " n=" + n + " step " + t + ": ";
                    c1 = b.downloadBytes(s1);
                    am1 = b.downloadFloats(a1);
                    checkState(at + "state1", ref.s1, c1, 0, am1, 0, q1, true, n);
                    if (ademamix) checkState(at + "m2", ref.m2, c1, n, am1, blocks, q1, true, n);
                    if (s2 != null) checkState(at + "state2", ref.s2, b.downloadBytes(s2), 0, b.downloadFloats(a2), 0, q2, false, n);
                    float[] got = b.downloadFloats(p), want = Num.round(ref.p, gtype);
                    double abs = Num.meanAbs(want, got), rel = Num.meanRel(want, got, 1e-9);
                    boolean bf16 = gtype == DType.BF16;
                    Expect.atMost(at + "parameter mean abs error", abs, bf16 ? 0.00017 : 0.00006);
                    Expect.atMost(at + "parameter mean rel error", rel, bf16 ? 0.0016 : k == OptimizerKind.LION ? 0.00062 : 0.0006);
                    double[] tol = tolerance(gtype);
                    Expect.close(at + "parameters", want, got, tol[0], tol[1], 15);
                }
            }
        }
    }

    /** Dequantizes {@code count} codes starting at {@code from} with absmax blocks starting at {@code absFrom}. */
    static float[] deq(byte[] codes, int from, int count, float[] absmax, int absFrom, float[] qmap) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) out[i] = qmap[codes[from + i] & 0xff] * absmax[absFrom + i / 256];
        return out;
    }

    private static void checkState(String what, float[] ref, byte[] codes, int from, float[] absmax, int absFrom, float[] qmap, boolean signed, int n) {
        int blocks = Math.ceilDiv(n, 256);
        float[] refMax = new float[blocks];
        for (int i = 0; i < n; i++) refMax[i / 256] = Math.max(refMax[i / 256], Math.abs(ref[i]));
        float[] am = java.util.Arrays.copyOfRange(absmax, absFrom, absFrom + blocks);
        Expect.close(what + " block absmax", refMax, am, 1e-30, 1e-5);
        float[] got = deq(codes, from, n, absmax, absFrom, qmap);
        Expect.close(what + " dequantized", ref, got, 3e-3, 1e-3, 19);
        int boundary = 0;
        for (int i = 0; i < n; i++) {
            int c = codes[from + i] & 0xff;
            float a = am[i / 256];
            if (a == 0f) continue;
            int e = Ref8.requantize(qmap, ref[i], a, signed);
            if (c == e) continue;
            if (Math.abs(c - e) == 1 && Ref8.nearBoundary(qmap, ref[i] / a, 4)) {
                boundary++;
                continue;
            }
            Expect.fail(what + ": element " + i + " has code " + c + " (" + qmap[c] + "), the requantized reference state "
                    + ref[i] + " / " + a + " gives " + e + " (" + qmap[e] + ")");
        }
        Expect.atMost(what + ": codes differing at boundaries", boundary, Math.max(4, n / 1000));
    }
}
