package io.bnb.backend.cpu;

import io.bnb.api.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Optimizer kernels against an fp64 reference of spec OPTIMIZERS.md §3-§5 with the bars of
 * TOLERANCES.md §6, plus bit-identity of the vector and the scalar path, dtype handling,
 * trust ratio, skipZeros, the 8-bit NaN guard and the nearest-code search.
 */
class OptimizerPropertyTest {
    final CpuBackend b = new CpuBackend();
    final boolean vec = FloatLanes.VECTOR;

    static Hyper defaults(OptimizerKind k) {
        Hyper h = Hyper.adam(1e-3f);
        return switch (k) {
            case ADAM, LAMB -> h.withBetas(0.9f, 0.999f);
            case ADEMAMIX -> h.withBetas(0.9f, 0.999f).withBeta3Alpha(0.9999f, 5f);
            case MOMENTUM, LARS -> h.withLr(0.01f).withBetas(0.9f, 0f);
            case RMSPROP -> h.withLr(0.01f).withBetas(0.9f, 0f);
            case ADAGRAD -> h.withLr(0.01f).withBetas(0f, 0f).withEps(1e-10f);
            case LION -> h.withLr(1e-4f).withBetas(0.9f, 0.99f);
        };
    }

    // ------------------------------------------------------------------ fp64 reference of §3

    /** One step of the reference on double arrays (m2 only for AdEMAMix); returns nothing, updates in place. */
    static void reference(OptimizerKind k, Hyper h, double[] p, float[] gf, double[] m, double[] m2, double[] v, double s) {
        double b1 = h.beta1(), b2 = h.beta2(), b3 = h.beta3(), lr = h.lr(), eps = h.eps(), wd = h.weightDecay();
        int t = h.step();
        double c1 = 1 - Math.pow(b1, t), c2 = Math.sqrt(1 - Math.pow(b2, t));
        for (int i = 0; i < p.length; i++) {
            double g = (double) h.gnormScale() * gf[i];
            if (h.skipZeros() && gf[i] == 0) continue;
            switch (k) {
                case ADAM, LAMB -> {
                    m[i] = b1 * m[i] + (1 - b1) * g;
                    v[i] = b2 * v[i] + (1 - b2) * g * g;
                    p[i] -= s * lr * c2 / c1 * m[i] / (Math.sqrt(v[i]) + eps * c2);
                    if (wd > 0) p[i] *= 1 - lr * wd;
                }
                case ADEMAMIX -> {
                    m[i] = b1 * m[i] + (1 - b1) * g;
                    m2[i] = b3 * m2[i] + (1 - b3) * g;
                    v[i] = b2 * v[i] + (1 - b2) * g * g;
                    p[i] -= lr * (m[i] / c1 + h.alpha() * m2[i]) / (Math.sqrt(v[i]) / c2 + eps);
                    if (wd > 0) p[i] *= 1 - lr * wd;
                }
                case MOMENTUM, LARS -> {
                    if (wd > 0) g += wd * p[i];
                    m[i] = t == 1 ? g : b1 * m[i] + g;
                    p[i] -= s * lr * m[i];
                }
                case RMSPROP -> {
                    if (wd > 0) g += wd * p[i];
                    m[i] = b1 * m[i] + (1 - b1) * g * g;
                    p[i] -= s * lr * g / (Math.sqrt(m[i]) + eps);
                }
                case ADAGRAD -> {
                    if (wd > 0) g += wd * p[i];
                    m[i] += g * g;
                    p[i] -= lr * g / (Math.sqrt(m[i]) + eps);
                }
                case LION -> {
                    if (wd > 0) p[i] *= 1 - lr * wd;
                    p[i] -= s * lr * Math.signum(b1 * m[i] + (1 - b1) * g);
                    m[i] = b2 * m[i] + (1 - b2) * g;
                }
            }
        }
    }

    static double[] d(float[] f) {
        double[] r = new double[f.length];
        for (int i = 0; i < f.length; i++) r[i] = f[i];
        return r;
    }

    static int outside(float[] got, double[] want, double atol, double rtol) {
        int n = 0;
        for (int i = 0; i < want.length; i++) if (!(Math.abs(got[i] - want[i]) <= atol + rtol * Math.abs(want[i]))) n++;
        return n;
    }

    /** TOLERANCES §6.1: 20 steps, p = randn·0.1, g = randn·0.01, fp32: states atol 1e-6 rtol 1e-5, params ≤ 15 mismatches. */
    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void thirtyTwoBitFollowsTheReference(OptimizerKind k) {
        if (k == OptimizerKind.LAMB || k == OptimizerKind.LARS) return; // trust ratio: own test
        SplittableRandom r = new SplittableRandom(k.ordinal());
        int n = 4097;
        boolean mix = k == OptimizerKind.ADEMAMIX, two = k.states() == 2;
        float[] p0 = Tensors.randn(r, n, 0.1f, DType.F32);
        double[] rp = d(p0), rm = new double[n], rm2 = new double[n], rv = new double[n];
        try (Tensor p = Tensors.floats(b, p0, DType.F32, n); Tensor s1 = Tensors.floats(b, new float[mix ? 2 * n : n], DType.F32, mix ? 2 * n : n);
             Tensor s2 = two ? Tensors.floats(b, new float[n], DType.F32, n) : null) {
            for (int t = 1; t <= 20; t++) {
                float[] g = Tensors.randn(r, n, 0.01f, DType.F32);
                Hyper h = defaults(k).withStep(t);
                reference(k, h, rp, g, rm, rm2, rv, 1);
                try (Tensor gt = Tensors.floats(b, g, DType.F32, n)) {
                    b.optimizerUpdate32bit(new Optimizer32bitStep(k, gt, p, s1, s2, null, h));
                }
                float[] st = Tensors.floats(s1);
                assertEquals(0, outside(java.util.Arrays.copyOf(st, n), rm, 1e-6, 1e-5), k + " state1 step " + t);
                if (mix) assertEquals(0, outside(java.util.Arrays.copyOfRange(st, n, 2 * n), rm2, 1e-6, 1e-5), k + " m2 step " + t);
                if (two) assertEquals(0, outside(Tensors.floats(s2), rv, 1e-6, 1e-5), k + " state2 step " + t);
                assertTrue(outside(Tensors.floats(p), rp, 1e-6, 1e-5) <= 15, k + " params step " + t);
            }
        }
    }

    /**
     * TOLERANCES §6.2 (30 of its 50 steps; the bars hold per step): 8-bit, the reference's states
     * restarted each step from our dequantized ones (one step of quantization error measured):
     * < 20 state elements outside atol 3e-3 rtol 1e-3, parameters mean abs < 6e-5 and mean rel
     * < 6e-4.
     */
    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void eightBitFollowsTheReference(OptimizerKind k) {
        SplittableRandom r = new SplittableRandom(100 + k.ordinal());
        int n = 4097, blocks = (n + 255) / 256;
        boolean mix = k == OptimizerKind.ADEMAMIX, two = k.states() == 2;
        float[] q1 = Codebooks.dynamicSigned(), q2 = Codebooks.dynamicUnsigned();
        try (Tensor p = Tensors.floats(b, Tensors.randn(r, n, 0.1f, DType.F32), DType.F32, n);
             Tensor s1 = Tensors.bytes(b, new byte[mix ? 2 * n : n], DType.U8, mix ? 2 * n : n);
             Tensor s2 = two ? Tensors.bytes(b, new byte[n], DType.U8, n) : null;
             Tensor a1 = Tensors.floats(b, new float[mix ? 2 * blocks : blocks], DType.F32, mix ? 2 * blocks : blocks);
             Tensor a2 = two ? Tensors.floats(b, new float[blocks], DType.F32, blocks) : null;
             Tensor qm1 = Tensors.floats(b, q1, DType.F32, 256); Tensor qm2 = Tensors.floats(b, q2, DType.F32, 256)) {
            for (int t = 1; t <= 30; t++) {
                float[] g = Tensors.randn(r, n, 0.01f, DType.F32);
                Hyper h = defaults(k).withStep(t);
                double[][] st = dequant(s1, a1, q1, n, blocks, mix);
                double[] rv = two ? dequant(s2, a2, q2, n, blocks, false)[0] : null;
                double[] rp = d(Tensors.floats(p));
                reference(k, h, rp, g, st[0], mix ? st[1] : null, rv, 1);
                try (Tensor gt = Tensors.floats(b, g, DType.F32, n)) {
                    b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(k, gt, p, s1, s2, qm1, two ? qm2 : null, a1, a2, h));
                }
                double[][] now = dequant(s1, a1, q1, n, blocks, mix);
                assertTrue(outside(f(now[0]), st[0], 3e-3, 1e-3) < 20, k + " state1 step " + t);
                if (mix) assertTrue(outside(f(now[1]), st[1], 3e-3, 1e-3) < 20, k + " m2 step " + t);
                if (two) assertTrue(outside(f(dequant(s2, a2, q2, n, blocks, false)[0]), rv, 3e-3, 1e-3) < 20, k + " state2 step " + t);
                float[] got = Tensors.floats(p);
                double abs = 0, rel = 0;
                for (int i = 0; i < n; i++) {
                    abs += Math.abs(got[i] - rp[i]);
                    rel += Math.abs(got[i] - rp[i]) / (Math.abs(rp[i]) + 1e-9);
                }
                assertTrue(abs / n < 6e-5, k + " param mean abs " + abs / n + " step " + t);
                assertTrue(rel / n < 6e-4, k + " param mean rel " + rel / n + " step " + t);
            }
        }
    }

    static float[] f(double[] v) {
        float[] r = new float[v.length];
        for (int i = 0; i < v.length; i++) r[i] = (float) v[i];
        return r;
    }

    /** Dequantized state {@code code·absmax}; AdEMAMix's second half uses {@code absmax[1][b]} (flat blocks + b). */
    static double[][] dequant(Tensor codes, Tensor absmax, float[] q, int n, int blocks, boolean two) {
        byte[] c = Tensors.bytes(codes);
        float[] a = Tensors.floats(absmax);
        double[][] out = new double[two ? 2 : 1][n];
        for (int h = 0; h < out.length; h++)
            for (int i = 0; i < n; i++) out[h][i] = q[c[h * n + i] & 0xff] * a[h * blocks + i / 256];
        return out;
    }

    // ------------------------------------------------------------------ paths and dtypes

    /** Runs a few steps of every kind/option mix on both paths; both must give identical bits (NaNs aside: {@link #concat}). */
    @Test
    void vectorAndScalarPathsAreBitIdentical() {
        if (!vec) return;
        SplittableRandom r = new SplittableRandom(21);
        int n = 1000 + 37;
        for (OptimizerKind k : OptimizerKind.values())
            for (DType t : new DType[]{DType.F32, DType.BF16, DType.F16})
                for (int variant = 0; variant < 4; variant++) {
                    Hyper h = defaults(k).withWeightDecay(variant % 2 == 0 ? 0f : 0.1f).withSkipZeros(variant >= 2).withGnormScale(variant == 3 ? 0.5f : 1f);
                    if (variant == 1) h = h.withTrust(0.02f, 1.5f);
                    float[] p = Tensors.randn(r, n, 0.1f, t), g = Tensors.randn(r, n, 0.01f, t);
                    for (int i = 0; i < n; i += 13) g[i] = 0f;
                    g[5] = Float.NaN;
                    g[6] = Float.POSITIVE_INFINITY;
                    // a finite gradient whose square overflows: an infinite state absmax, then NaN states (code 0 * inf)
                    if (variant == 2) g[700] = t == DType.F16 ? 65504f : 3e38f;
                    String what = k + " " + t + " variant " + variant;
                    assertArrayEquals(run32(k, t, p, g, h, false), run32(k, t, p, g, h, true), what + " 32-bit");
                    assertArrayEquals(run8(k, t, p, g, h, false, false), run8(k, t, p, g, h, true, false), what + " 8-bit");
                    assertArrayEquals(run8(k, t, p, g, h, true, false), run8(k, t, p, g, h, true, true), what + " 8-bit table");
                }
    }

    /** Bytes of param + states after 3 steps of the 32-bit op. */
    byte[] run32(OptimizerKind k, DType t, float[] p0, float[] g0, Hyper h, boolean vector) {
        int n = p0.length;
        boolean mix = k == OptimizerKind.ADEMAMIX, two = k.states() == 2;
        try (Tensor p = Tensors.floats(b, p0, t, n); Tensor g = Tensors.floats(b, g0, t, n);
             Tensor s1 = Tensors.floats(b, new float[mix ? 2 * n : n], DType.F32, mix ? 2 * n : n);
             Tensor s2 = two ? Tensors.floats(b, new float[n], DType.F32, n) : null; Tensor u = b.allocate(DType.F32, 1)) {
            for (int step = 1; step <= 3; step++)
                Optim32.update(new Optimizer32bitStep(k, g, p, s1, s2, h.maxUnorm() > 0 ? u : null, h.withStep(step)), vector);
            return concat(p, s1, s2, h.maxUnorm() > 0 ? u : null);
        }
    }

    byte[] run8(OptimizerKind k, DType t, float[] p0, float[] g0, Hyper h, boolean vector, boolean table) {
        int n = p0.length, blocks = (n + 255) / 256;
        boolean mix = k == OptimizerKind.ADEMAMIX, two = k.states() == 2;
        try (Tensor p = Tensors.floats(b, p0, t, n); Tensor g = Tensors.floats(b, g0, t, n);
             Tensor s1 = Tensors.bytes(b, new byte[mix ? 2 * n : n], DType.U8, mix ? 2 * n : n);
             Tensor s2 = two ? Tensors.bytes(b, new byte[n], DType.U8, n) : null;
             Tensor a1 = Tensors.floats(b, new float[mix ? 2 * blocks : blocks], DType.F32, mix ? 2 * blocks : blocks);
             Tensor a2 = two ? Tensors.floats(b, new float[blocks], DType.F32, blocks) : null;
             Tensor q1 = Tensors.floats(b, Codebooks.dynamicSigned(), DType.F32, 256);
             Tensor q2 = Tensors.floats(b, Codebooks.dynamicUnsigned(), DType.F32, 256)) {
            for (int step = 1; step <= 3; step++)
                Optim8.update(new Optimizer8bitStep(k, g, p, s1, s2, q1, two ? q2 : null, a1, a2, h.withStep(step)), vector, table);
            return concat(p, s1, s2, a1, a2);
        }
    }

    /**
     * The tensors' bits, one after the other; every NaN of a float tensor as the one canonical NaN
     * (Java leaves the bits of a NaN result open, and C2 may order an addition's operands either way).
     */
    static byte[] concat(Tensor... ts) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        for (Tensor t : ts) {
            if (t == null) continue;
            if (!t.dtype().isFloat()) {
                o.writeBytes(Tensors.bytes(t));
                continue;
            }
            for (float f : Tensors.floats(t)) {
                int x = Float.floatToIntBits(f);
                o.write(x);
                o.write(x >>> 8);
                o.write(x >>> 16);
                o.write(x >>> 24);
            }
        }
        return o.toByteArray();
    }

    /** A 16-bit parameter is read widened, updated in float32 and rounded once. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F16", "BF16"})
    void halfParametersAreRoundedOnceFromTheFloat32Update(DType t) {
        SplittableRandom r = new SplittableRandom(31);
        int n = 777;
        float[] p = Tensors.randn(r, n, 0.1f, t), g = Tensors.randn(r, n, 0.01f, t);
        for (OptimizerKind k : OptimizerKind.values()) {
            Hyper h = defaults(k).withWeightDecay(0.01f);
            try (Tensor ph = Tensors.floats(b, p, t, n); Tensor gh = Tensors.floats(b, g, t, n);
                 Tensor pf = Tensors.floats(b, p, DType.F32, n); Tensor gf = Tensors.floats(b, g, DType.F32, n);
                 Tensor s1h = b.allocate(DType.F32, k == OptimizerKind.ADEMAMIX ? 2 * n : n); Tensor s1f = b.allocate(DType.F32, k == OptimizerKind.ADEMAMIX ? 2 * n : n);
                 Tensor s2h = b.allocate(DType.F32, n); Tensor s2f = b.allocate(DType.F32, n)) {
                for (Tensor z : new Tensor[]{s1h, s1f, s2h, s2f}) z.hostSegment().orElseThrow().fill((byte) 0);
                boolean two = k.states() == 2;
                b.optimizerUpdate32bit(new Optimizer32bitStep(k, gh, ph, s1h, two ? s2h : null, null, h));
                b.optimizerUpdate32bit(new Optimizer32bitStep(k, gf, pf, s1f, two ? s2f : null, null, h));
                float[] want = Tensors.floats(pf), got = Tensors.floats(ph);
                for (int i = 0; i < n; i++) assertEquals(FloatLanes.round(want[i], t), got[i], 0f, k + " " + t + " element " + i);
                assertArrayEquals(Tensors.floats(s1f), Tensors.floats(s1h), k + " state");
            }
        }
    }

    // ------------------------------------------------------------------ options

    @Test
    void skipZerosLeavesZeroGradientElementsAlone() {
        SplittableRandom r = new SplittableRandom(41);
        int n = 600;
        for (OptimizerKind k : OptimizerKind.values()) {
            float[] p0 = Tensors.randn(r, n, 0.1f, DType.F32), g = Tensors.randn(r, n, 0.01f, DType.F32);
            for (int i = 0; i < n; i += 3) g[i] = 0f;
            Hyper h = defaults(k).withSkipZeros(true).withWeightDecay(0.1f);
            boolean mix = k == OptimizerKind.ADEMAMIX, two = k.states() == 2;
            float[] s0 = Tensors.randn(r, mix ? 2 * n : n, 0.01f, DType.F32);
            for (int i = 0; i < s0.length; i++) s0[i] = Math.abs(s0[i]);
            try (Tensor p = Tensors.floats(b, p0, DType.F32, n); Tensor gt = Tensors.floats(b, g, DType.F32, n);
                 Tensor s1 = Tensors.floats(b, s0, DType.F32, s0.length); Tensor s2 = two ? Tensors.floats(b, java.util.Arrays.copyOf(s0, n), DType.F32, n) : null) {
                b.optimizerUpdate32bit(new Optimizer32bitStep(k, gt, p, s1, s2, null, h.withStep(2)));
                float[] pn = Tensors.floats(p), sn = Tensors.floats(s1);
                int moved = 0;
                for (int i = 0; i < n; i++) {
                    if (i % 3 == 0) {
                        assertEquals(p0[i], pn[i], 0f, k + " param " + i);
                        assertEquals(s0[i], sn[i], 0f, k + " state " + i);
                    } else if (pn[i] != p0[i]) moved++;
                }
                assertTrue(moved >= 0.97 * (n - n / 3), k + ": only " + moved + " updated elements moved");
            }
            // 8-bit: the parameter of a skipped element does not move
            assertEquals(0, movedAtZeroGrads(k, p0, g, h), k + " 8-bit");
        }
    }

    private int movedAtZeroGrads(OptimizerKind k, float[] p0, float[] g, Hyper h) {
        int n = p0.length, blocks = (n + 255) / 256;
        boolean mix = k == OptimizerKind.ADEMAMIX, two = k.states() == 2;
        try (Tensor p = Tensors.floats(b, p0, DType.F32, n); Tensor gt = Tensors.floats(b, g, DType.F32, n);
             Tensor s1 = Tensors.bytes(b, new byte[mix ? 2 * n : n], DType.U8, mix ? 2 * n : n);
             Tensor s2 = two ? Tensors.bytes(b, new byte[n], DType.U8, n) : null;
             Tensor a1 = Tensors.floats(b, new float[mix ? 2 * blocks : blocks], DType.F32, mix ? 2 * blocks : blocks);
             Tensor a2 = two ? Tensors.floats(b, new float[blocks], DType.F32, blocks) : null;
             Tensor q1 = Tensors.floats(b, Codebooks.dynamicSigned(), DType.F32, 256);
             Tensor q2 = two ? Tensors.floats(b, Codebooks.dynamicUnsigned(), DType.F32, 256) : null) {
            b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(k, gt, p, s1, s2, q1, q2, a1, a2, h));
            float[] pn = Tensors.floats(p);
            int moved = 0;
            for (int i = 0; i < n; i += 3) if (pn[i] != p0[i]) moved++;
            return moved;
        }
    }

    @Test
    void eightBitTwoStateResetsStatesOfNonFiniteGradients() {
        int n = 512;
        float[] p0 = new float[n], g = new float[n];
        for (int i = 0; i < n; i++) {
            p0[i] = 0.5f;
            g[i] = 0.01f * (i % 7 - 3);
        }
        g[3] = Float.NaN;
        g[300] = Float.NEGATIVE_INFINITY;
        try (Tensor p = Tensors.floats(b, p0, DType.F32, n); Tensor gt = Tensors.floats(b, g, DType.F32, n);
             Tensor s1 = Tensors.bytes(b, new byte[n], DType.U8, n); Tensor s2 = Tensors.bytes(b, new byte[n], DType.U8, n);
             Tensor a1 = Tensors.floats(b, new float[2], DType.F32, 2); Tensor a2 = Tensors.floats(b, new float[2], DType.F32, 2);
             Tensor q1 = Tensors.floats(b, Codebooks.dynamicSigned(), DType.F32, 256); Tensor q2 = Tensors.floats(b, Codebooks.dynamicUnsigned(), DType.F32, 256)) {
            b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(OptimizerKind.ADAM, gt, p, s1, s2, q1, q2, a1, a2, Hyper.adam(1e-3f)));
            float[] pn = Tensors.floats(p);
            assertEquals(0.5f, pn[3]);
            assertEquals(0.5f, pn[300]);
            assertNotEquals(0.5f, pn[4]);
            double[] m = dequant(s1, a1, Codebooks.dynamicSigned(), n, 2, false)[0];
            assertEquals(0.0, m[3], 0.0);
            assertEquals(0.0, m[300], 0.0);
            assertTrue(Float.isFinite(Tensors.floats(a1)[0]) && Float.isFinite(Tensors.floats(a2)[1]));
        }
    }

    // ------------------------------------------------------------------ trust ratio

    @Test
    void trustRatioOfLambAndLars() {
        SplittableRandom r = new SplittableRandom(51);
        int n = 2000;
        float[] p0 = Tensors.randn(r, n, 0.1f, DType.F32), g = Tensors.randn(r, n, 5f, DType.F32);
        double pnorm = 0;
        for (float v : p0) pnorm += (double) v * v;
        float pn = (float) Math.sqrt(pnorm);
        for (OptimizerKind[] pair : new OptimizerKind[][]{{OptimizerKind.LAMB, OptimizerKind.ADAM}, {OptimizerKind.LARS, OptimizerKind.MOMENTUM}}) {
            Hyper h = defaults(pair[0]).withLr(0.1f).withStep(1);
            float[] small = step32(pair[0], p0, g, h.withTrust(1e-4f, pn)), large = step32(pair[0], p0, g, h.withTrust(10f, pn));
            // test_lamb_max_unorm_changes_update
            assertFalse(java.util.Arrays.equals(small, large), pair[0] + ": max_unorm changes the update");
            // a limit no update reaches leaves s = 1: exactly the plain rule
            assertArrayEquals(step32(pair[1], p0, g, h.withTrust(1e30f, pn)), step32(pair[0], p0, g, h.withTrust(1e30f, pn)));
            assertArrayEquals(step32(pair[1], p0, g, h), step32(pair[0], p0, g, h.withTrust(1e30f, pn)));
            // the clipped update has norm max_unorm·||p|| (+eps for one-state), as the reference scale says
            double du = 0;
            for (int i = 0; i < n; i++) du += Math.pow((double) small[i] - p0[i], 2);
            double u = unormReference(pair[0], g, h);
            double limit = 1e-4 * pn + (pair[0].states() == 1 ? h.eps() : 0);
            assertEquals(h.lr() * limit, Math.sqrt(du), 1e-3 * h.lr() * limit, pair[0] + " clipped step norm");
            assertEquals(u, unormVecAfter(pair[0], p0, g, h.withTrust(1e-4f, pn)), 1e-5 * u, pair[0] + " unorm_vec keeps the squared norm");
            // 8-bit LAMB/LARS (no upstream kernel) apply the same ratio
            float[] s8 = step8(pair[0], p0, g, h.withTrust(1e-4f, pn)), l8 = step8(pair[0], p0, g, h.withTrust(1e30f, pn));
            assertArrayEquals(step8(pair[1], p0, g, h), l8, pair[0] + " 8-bit without effective clip = " + pair[1]);
            double du8 = 0;
            for (int i = 0; i < n; i++) du8 += Math.pow((double) s8[i] - p0[i], 2);
            assertEquals(h.lr() * limit, Math.sqrt(du8), 1e-3 * h.lr() * limit, pair[0] + " 8-bit clipped step norm");
        }
    }

    private static double unormReference(OptimizerKind k, float[] g, Hyper h) {
        double s = 0;
        for (float gi : g) {
            double u = k == OptimizerKind.LAMB
                    ? ((1 - h.beta1()) * gi / (1 - h.beta1())) / (Math.sqrt((1 - h.beta2()) * (double) gi * gi / (1 - h.beta2())) + h.eps())
                    : gi;
            s += u * u;
        }
        return s;
    }

    float[] step32(OptimizerKind k, float[] p0, float[] g, Hyper h) {
        int n = p0.length;
        try (Tensor p = Tensors.floats(b, p0, DType.F32, n); Tensor gt = Tensors.floats(b, g, DType.F32, n);
             Tensor s1 = Tensors.floats(b, new float[n], DType.F32, n); Tensor s2 = Tensors.floats(b, new float[n], DType.F32, n);
             Tensor u = Tensors.floats(b, new float[1], DType.F32, 1)) {
            b.optimizerUpdate32bit(new Optimizer32bitStep(k, gt, p, s1, k.states() == 2 ? s2 : null, h.maxUnorm() > 0 ? u : null, h));
            return Tensors.floats(p);
        }
    }

    float unormVecAfter(OptimizerKind k, float[] p0, float[] g, Hyper h) {
        int n = p0.length;
        try (Tensor p = Tensors.floats(b, p0, DType.F32, n); Tensor gt = Tensors.floats(b, g, DType.F32, n);
             Tensor s1 = Tensors.floats(b, new float[n], DType.F32, n); Tensor s2 = Tensors.floats(b, new float[n], DType.F32, n);
             Tensor u = Tensors.floats(b, new float[1], DType.F32, 1)) {
            b.optimizerUpdate32bit(new Optimizer32bitStep(k, gt, p, s1, k.states() == 2 ? s2 : null, u, h));
            float v = Tensors.floats(u)[0];
            assertTrue(v > 0, "unorm_vec > 0");
            return v;
        }
    }

    float[] step8(OptimizerKind k, float[] p0, float[] g, Hyper h) {
        int n = p0.length, blocks = (n + 255) / 256;
        boolean two = k.states() == 2;
        try (Tensor p = Tensors.floats(b, p0, DType.F32, n); Tensor gt = Tensors.floats(b, g, DType.F32, n);
             Tensor s1 = Tensors.bytes(b, new byte[n], DType.U8, n); Tensor s2 = two ? Tensors.bytes(b, new byte[n], DType.U8, n) : null;
             Tensor a1 = Tensors.floats(b, new float[blocks], DType.F32, blocks); Tensor a2 = two ? Tensors.floats(b, new float[blocks], DType.F32, blocks) : null;
             Tensor q1 = Tensors.floats(b, Codebooks.dynamicSigned(), DType.F32, 256); Tensor q2 = two ? Tensors.floats(b, Codebooks.dynamicUnsigned(), DType.F32, 256) : null) {
            b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(k, gt, p, s1, s2, q1, q2, a1, a2, h));
            return Tensors.floats(p);
        }
    }

    // ------------------------------------------------------------------ nearest code

    @Test
    void nearestCodeTableEqualsSearchAndBruteForce() {
        SplittableRandom r = new SplittableRandom(61);
        for (boolean signed : new boolean[]{true, false}) {
            float[] code = signed ? Codebooks.dynamicSigned() : Codebooks.dynamicUnsigned();
            StateCodes sc = StateCodes.of(code, signed);
            int n = 60_000;
            float[] y = new float[n], m = new float[n];
            for (int i = 0; i < n; i++) {
                float v = switch (i % 5) {
                    case 0 -> (float) r.nextDouble(-1, 1);
                    case 1 -> (float) (Math.pow(10, -r.nextDouble(0, 8)) * (r.nextBoolean() ? 1 : -1));
                    case 2 -> Float.intBitsToFloat(r.nextInt());
                    case 3 -> { int j = r.nextInt(255); float mid = (code[j] + code[j + 1]) * 0.5f; yield r.nextBoolean() ? mid : Math.nextUp(mid); }
                    default -> { int j = r.nextInt(255); yield Math.nextDown((code[j] + code[j + 1]) * 0.5f); }
                };
                y[i] = signed ? v : Math.abs(v);
                m[i] = y[i] * 3f;
            }
            byte[] fast = new byte[n], slow = new byte[n];
            sc.quantize(y, m, n, fast, 0, true);
            sc.quantize(y, m, n, slow, 0, false);
            assertArrayEquals(slow, fast, "table = exact search, signed " + signed);
            for (int i = 0; i < n; i++) {
                if (Float.isNaN(y[i]) || Math.abs(y[i]) > 1.5f) continue;
                int want = bruteForce(code, y[i]);
                int got = slow[i] & 0xff;
                if (signed && want == 127 && Float.floatToRawIntBits(m[i]) < 0) want = 126; // sign fix
                assertEquals(want, got, "y = " + y[i] + " signed " + signed);
            }
        }
    }

    /** Nearest code in float32 midpoint terms; ties to the even index. */
    static int bruteForce(float[] code, float y) {
        int best = 0;
        for (int i = 1; i < 256; i++) {
            float mid = (code[i - 1] + code[i]) * 0.5f;
            if (y > mid || (y == mid && (i % 2 == 0))) best = i;
        }
        return best;
    }

    @Test
    void signFixAndDegenerateValues() {
        float[] code = Codebooks.dynamicSigned();
        StateCodes sc = StateCodes.of(code, true);
        assertEquals(0f, code[127]);
        assertEquals(126, sc.search(-1e-9f, -1e-9f), "small negative rounds to +0.0 code, moves to 126");
        assertEquals(126, sc.search(-0f, -0f), "-0.0 moves to 126");
        assertEquals(127, sc.search(0f, 0f));
        assertEquals(127, sc.search(1e-9f, 1e-9f));
        assertEquals(255, sc.search(Float.NaN, 0f), "zero block: NaN → code 0, sign fix wraps to 255");
        assertEquals(0, sc.search(Float.NaN, -0f));
        assertEquals(255, sc.search(1f, 1f));
        assertEquals(0, sc.search(-1f, -1f), "−1 maps to the most negative code −0.99297");
        StateCodes us = StateCodes.of(Codebooks.dynamicUnsigned(), false);
        assertEquals(0, us.search(Float.NaN, 0f));
        assertEquals(255, us.search(1f, 1f));
        // ties: a value exactly on the midpoint of codes k, k+1 goes to the even index
        for (int k = 120; k < 136; k++) {
            float mid = (code[k] + code[k + 1]) * 0.5f;
            if (Math.signum(mid) == Math.signum(code[k]) || code[k] == 0f)
                assertEquals(k % 2 == 0 ? k : k + 1, sc.search(mid, mid == 0 ? 1f : mid), "tie between " + k + " and " + (k + 1));
        }
    }

    // ------------------------------------------------------------------ percentile clipping

    @Test
    void percentileClippingKeepsTheRingOfSquaredNorms() {
        try (Tensor vec = b.allocate(DType.F32, 100); Tensor g1 = Tensors.floats(b, new float[]{3f, 4f}, DType.F16, 2);
             Tensor g2 = Tensors.floats(b, new float[]{30f, 40f}, DType.F16, 2)) {
            ClipResult c1 = b.percentileClipping(g1, vec, 1, 5);
            float[] v = Tensors.floats(vec);
            for (float x : v) assertEquals(25f, x, 0f, "step 1 fills every slot with Σg²");
            assertEquals(new ClipResult(5f, 5f, 1f), c1);
            ClipResult c2 = b.percentileClipping(g2, vec, 2, 5);
            assertEquals(2500f, Tensors.floats(vec)[2], 0f, "slot step % 100");
            assertEquals(50f, c2.gnorm(), 0f);
            assertEquals(5f, c2.clipValue(), 0f, "5th smallest of the ring");
            assertEquals(0.1f, c2.gnormScale(), 1e-7f);
            ClipResult c3 = b.percentileClipping(g1, vec, 2, 99);
            assertEquals(new ClipResult(5f, 5f, 1f), c3, "current below the clip value: scale 1");
        }
    }

    /**
     * The squared norm over several chunks of every float dtype, with a tail and a large first
     * element, against a plain double sum of the rounded values (the sum is kept in double: the
     * stored float is within its own rounding of it).
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void percentileClippingTakesTheSquaredNormOfEveryElement(DType t) {
        int n = 3 * 4096 + 77;
        float[] g = Tensors.randn(new SplittableRandom(73), n, 1f, t);
        g[0] = 100f;
        g[n - 1] = 30f; // in the tail of the last vector
        double want = 0;
        for (float x : g) want += (double) x * x;
        try (Tensor vec = b.allocate(DType.F32, 100); Tensor gt = Tensors.floats(b, g, t, n)) {
            ClipResult c = b.percentileClipping(gt, vec, 1, 50);
            assertEquals((float) want, Tensors.floats(vec)[7], 1e-6 * want, t + ": ring slot");
            assertEquals(Math.sqrt(want), c.gnorm(), 1e-6 * Math.sqrt(want), t + ": gnorm");
        }
    }

    // ------------------------------------------------------------------ ademamix layout

    @Test
    void ademamix8bitKeepsM2ScalesInTheSecondRow() {
        int n = 12365, blocks = 49;
        SplittableRandom r = new SplittableRandom(71);
        float[] g = Tensors.randn(r, n, 0.01f, DType.F32);
        Hyper h = defaults(OptimizerKind.ADEMAMIX);
        try (Tensor p = Tensors.floats(b, new float[n], DType.F32, n); Tensor gt = Tensors.floats(b, g, DType.F32, n);
             Tensor s1 = Tensors.bytes(b, new byte[2 * n], DType.U8, 2, n); Tensor s2 = Tensors.bytes(b, new byte[n], DType.U8, n);
             Tensor a1 = Tensors.floats(b, new float[2 * blocks], DType.F32, 2, blocks); Tensor a2 = Tensors.floats(b, new float[blocks], DType.F32, blocks);
             Tensor q1 = Tensors.floats(b, Codebooks.dynamicSigned(), DType.F32, 256); Tensor q2 = Tensors.floats(b, Codebooks.dynamicUnsigned(), DType.F32, 256)) {
            b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(OptimizerKind.ADEMAMIX, gt, p, s1, s2, q1, q2, a1, a2, h));
            float[] a = Tensors.floats(a1);
            for (int blk = 0; blk < blocks; blk++) {
                double m1max = 0, m2max = 0;
                for (int i = blk * 256; i < Math.min(n, blk * 256 + 256); i++) {
                    m1max = Math.max(m1max, Math.abs((1 - 0.9f) * g[i]));
                    m2max = Math.max(m2max, Math.abs((1 - 0.9999f) * g[i]));
                }
                assertEquals(m1max, a[blk], 1e-6 * m1max, "absmax1[0][" + blk + "]");
                assertEquals(m2max, a[blocks + blk], 1e-6 * m2max, "absmax1[1][" + blk + "]");
            }
        }
    }
}
