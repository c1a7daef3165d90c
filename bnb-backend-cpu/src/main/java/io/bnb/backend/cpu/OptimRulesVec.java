package io.bnb.backend.cpu;

import jdk.incubator.vector.*;

import java.lang.foreign.MemorySegment;

import static io.bnb.backend.cpu.FloatLanesVec.F;
import static io.bnb.backend.cpu.FloatLanesVec.L;

/**
 * Vector path of {@link OptimRules}: the same float operations lane by lane (skipped or guarded
 * lanes are blended back to their old values), the tail through the scalar rule.
 *
 * <p>8-bit and 32-bit steps have loops of their own (they differ in the order of their fused
 * operations): with one loop choosing between them lane-wise, a JVM that had run 32-bit Adam (as
 * bitsandbytes does for tensors under 4096 elements) and then 8-bit Adam boxed every vector of the
 * loop in 512-bit lanes, 168 MB a step of 16 Mi parameters and 34 against 28 ms (session 24).
 * Blending both forms under a mask instead cost 10 % on the 256-bit path.
 *
 * <p>No vector-valued helpers (loads, fused multiply-adds, masks are written out): the interpreted
 * first call runs such a helper millions of times, so C2 can compile it on its own, and once that
 * code is past its limit for inlining compiled methods every caller boxes the vectors it returns.
 * In a full bench run, after the other ops, 8-bit Adam on 16 Mi parameters allocated about 1.6 GB/s
 * in {@code ld} (a {@code FloatVector.fromArray} helper) and took 43-50 ms a step, against 35 ms in
 * a JVM that ran nothing else.
 */
final class OptimRulesVec {
    private OptimRulesVec() {}

    static void adam(float[] p, float[] g, float[] m, float[] v, int len, StepConsts k, boolean eight) {
        if (eight) adam8(p, g, m, v, len, k);
        else adam32(p, g, m, v, len, k);
    }

    private static void adam8(float[] p, float[] g, float[] m, float[] v, int len, StepConsts k) {
        float b1 = k.beta1(), nb1 = 1f - b1, b2 = k.beta2(), nb2 = 1f - b2, gs = k.gnormScale();
        float upd = k.scale() * k.stepSize(), epsC2 = k.epsC2(), decay = k.decay();
        boolean wd = k.wd() > 0, skip = k.skipZeros();
        int lv = len - len % L;
        for (int i = 0; i < lv; i += L) {
            FloatVector gr = FloatVector.fromArray(F, g, i), m0 = FloatVector.fromArray(F, m, i), v0 = FloatVector.fromArray(F, v, i);
            FloatVector p0 = FloatVector.fromArray(F, p, i);
            FloatVector gg = gr.mul(gs);
            FloatVector mi = gg.lanewise(VectorOperators.FMA, nb1, m0.mul(b1));
            FloatVector vi = gg.mul(nb2).fma(gg, v0.mul(b2));
            FloatVector pi = p0.add(mi.div(vi.sqrt().add(epsC2)).mul(upd));
            if (wd) pi = pi.mul(decay);
            if (skip) {
                VectorMask<Float> z = gr.compare(VectorOperators.EQ, 0f);
                mi = mi.blend(m0, z);
                vi = vi.blend(v0, z);
                pi = pi.blend(p0, z);
            }
            VectorMask<Float> bad = gr.test(VectorOperators.IS_FINITE).not();
            mi = mi.blend(0f, bad);
            vi = vi.blend(0f, bad);
            pi = pi.blend(p0, bad);
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            pi.intoArray(p, i);
        }
        OptimRules.adam(p, g, m, v, lv, len, k, true);
    }

    /**
     * {@link #adam8} for F32 parameters and gradients read from (and parameters written back to)
     * their tensors at element {@code off}, over {@code len} (a multiple of the lanes) elements, the
     * block absmax of both new states taken on the way into {@code amax[0..1]} (as
     * {@link BlockMathVec#absmax}). The 8-bit step's own loop: it saves the copies of p and g into
     * arrays, the copy of p back, and the absmax passes over the states (session 26). The rule's
     * operations are adam8's, in the same order (tests compare the two paths bit for bit).
     */
    static void adam8Direct(MemorySegment p, MemorySegment g, long off, float[] m, float[] v, int len, StepConsts k, float[] amax) {
        p = Segments.nativeSegment(p);
        g = Segments.nativeSegment(g);
        float b1 = k.beta1(), nb1 = 1f - b1, b2 = k.beta2(), nb2 = 1f - b2, gs = k.gnormScale();
        float upd = k.scale() * k.stepSize(), epsC2 = k.epsC2(), decay = k.decay();
        boolean wd = k.wd() > 0, skip = k.skipZeros();
        IntVector mm = IntVector.zero(FloatLanesVec.I), mv = IntVector.zero(FloatLanesVec.I);
        for (int i = 0; i < len; i += L) {
            long at = (off + i) << 2;
            FloatVector gr = FloatVector.fromMemorySegment(F, g, at, FloatLanesVec.LE), p0 = FloatVector.fromMemorySegment(F, p, at, FloatLanesVec.LE);
            FloatVector m0 = FloatVector.fromArray(F, m, i), v0 = FloatVector.fromArray(F, v, i);
            FloatVector gg = gr.mul(gs);
            FloatVector mi = gg.lanewise(VectorOperators.FMA, nb1, m0.mul(b1));
            FloatVector vi = gg.mul(nb2).fma(gg, v0.mul(b2));
            FloatVector pi = p0.add(mi.div(vi.sqrt().add(epsC2)).mul(upd));
            if (wd) pi = pi.mul(decay);
            if (skip) {
                VectorMask<Float> z = gr.compare(VectorOperators.EQ, 0f);
                mi = mi.blend(m0, z);
                vi = vi.blend(v0, z);
                pi = pi.blend(p0, z);
            }
            VectorMask<Float> bad = gr.test(VectorOperators.IS_FINITE).not();
            mi = mi.blend(0f, bad);
            vi = vi.blend(0f, bad);
            pi = pi.blend(p0, bad);
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            pi.intoMemorySegment(p, at, FloatLanesVec.LE);
            mm = mm.max(mi.reinterpretAsInts().and(0x7fffffff));
            mv = mv.max(vi.reinterpretAsInts().and(0x7fffffff));
        }
        blockAbsmax(mm.reduceLanes(VectorOperators.MAX), mv.reduceLanes(VectorOperators.MAX), m, v, len, amax);
    }

    /**
     * {@link #adam8Direct} for BF16 parameters and gradients: each read widened (exact) and the new
     * parameter rounded to BF16 (nearest even, a NaN kept quiet), as {@code FloatLanes} reads and
     * writes them around {@link #adam8} on the general path, with the rule's operations unchanged.
     * A loop of its own, written out (see the class comment). 16 Mi BF16 parameters, two threads:
     * 22.3-23.8 ms a step against 26.5-37.4 through the general path (F32: 21-22; session 34).
     */
    static void adam8DirectBf16(MemorySegment p, MemorySegment g, long off, float[] m, float[] v, int len, StepConsts k, float[] amax) {
        p = Segments.nativeSegment(p);
        g = Segments.nativeSegment(g);
        float b1 = k.beta1(), nb1 = 1f - b1, b2 = k.beta2(), nb2 = 1f - b2, gs = k.gnormScale();
        float upd = k.scale() * k.stepSize(), epsC2 = k.epsC2(), decay = k.decay();
        boolean wd = k.wd() > 0, skip = k.skipZeros();
        IntVector mm = IntVector.zero(FloatLanesVec.I), mv = IntVector.zero(FloatLanesVec.I);
        for (int i = 0; i < len; i += L) {
            long at = (off + i) << 1;
            FloatVector gr = ((IntVector) ShortVector.fromMemorySegment(FloatLanesVec.H, g, at, FloatLanesVec.LE)
                    .convertShape(VectorOperators.S2I, FloatLanesVec.I, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector p0 = ((IntVector) ShortVector.fromMemorySegment(FloatLanesVec.H, p, at, FloatLanesVec.LE)
                    .convertShape(VectorOperators.S2I, FloatLanesVec.I, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector m0 = FloatVector.fromArray(F, m, i), v0 = FloatVector.fromArray(F, v, i);
            FloatVector gg = gr.mul(gs);
            FloatVector mi = gg.lanewise(VectorOperators.FMA, nb1, m0.mul(b1));
            FloatVector vi = gg.mul(nb2).fma(gg, v0.mul(b2));
            FloatVector pi = p0.add(mi.div(vi.sqrt().add(epsC2)).mul(upd));
            if (wd) pi = pi.mul(decay);
            if (skip) {
                VectorMask<Float> z = gr.compare(VectorOperators.EQ, 0f);
                mi = mi.blend(m0, z);
                vi = vi.blend(v0, z);
                pi = pi.blend(p0, z);
            }
            VectorMask<Float> bad = gr.test(VectorOperators.IS_FINITE).not();
            mi = mi.blend(0f, bad);
            vi = vi.blend(0f, bad);
            pi = pi.blend(p0, bad);
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            // nearest even; a NaN keeps its top bits with the quiet bit set (Vec.f32ToBf16)
            IntVector x = pi.reinterpretAsInts();
            IntVector h = x.add(x.lanewise(VectorOperators.LSHR, 16).and(1)).add(0x7fff).lanewise(VectorOperators.LSHR, 16)
                    .blend(x.lanewise(VectorOperators.LSHR, 16).or(0x40), x.and(0x7fffffff).compare(VectorOperators.GT, 0x7f800000));
            h.convertShape(VectorOperators.I2S, FloatLanesVec.H, 0).intoMemorySegment(p, at, FloatLanesVec.LE);
            mm = mm.max(mi.reinterpretAsInts().and(0x7fffffff));
            mv = mv.max(vi.reinterpretAsInts().and(0x7fffffff));
        }
        blockAbsmax(mm.reduceLanes(VectorOperators.MAX), mv.reduceLanes(VectorOperators.MAX), m, v, len, amax);
    }

    /**
     * The block absmax of both states from their largest magnitudes compared as int bits: past the
     * infinity's bits is a NaN, whose choice is {@link BlockMathVec#absmax}'s.
     */
    private static void blockAbsmax(int bm, int bv, float[] m, float[] v, int len, float[] amax) {
        amax[0] = bm > 0x7f800000 ? BlockMathVec.absmax(m, len) : Float.intBitsToFloat(bm);
        amax[1] = bv > 0x7f800000 ? BlockMathVec.absmax(v, len) : Float.intBitsToFloat(bv);
    }

    private static void adam32(float[] p, float[] g, float[] m, float[] v, int len, StepConsts k) {
        float b1 = k.beta1(), nb1 = 1f - b1, b2 = k.beta2(), nb2 = 1f - b2, gs = k.gnormScale();
        float upd = k.scale() * k.stepSize(), epsC2 = k.epsC2(), decay = k.decay();
        boolean wd = k.wd() > 0, skip = k.skipZeros();
        int lv = len - len % L;
        for (int i = 0; i < lv; i += L) {
            FloatVector gr = FloatVector.fromArray(F, g, i), m0 = FloatVector.fromArray(F, m, i), v0 = FloatVector.fromArray(F, v, i);
            FloatVector p0 = FloatVector.fromArray(F, p, i);
            FloatVector gg = gr.mul(gs);
            FloatVector mi = m0.lanewise(VectorOperators.FMA, b1, gg.mul(nb1));
            FloatVector vi = v0.lanewise(VectorOperators.FMA, b2, gg.mul(gg).mul(nb2));
            FloatVector pi = p0.add(mi.div(vi.sqrt().add(epsC2)).mul(upd));
            if (wd) pi = pi.mul(decay);
            if (skip) {
                VectorMask<Float> z = gr.compare(VectorOperators.EQ, 0f);
                mi = mi.blend(m0, z);
                vi = vi.blend(v0, z);
                pi = pi.blend(p0, z);
            }
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            pi.intoArray(p, i);
        }
        OptimRules.adam(p, g, m, v, lv, len, k, false);
    }

    static void ademamix(float[] p, float[] g, float[] m1, float[] m2, float[] v, int len, StepConsts k, boolean eight) {
        if (eight) ademamix8(p, g, m1, m2, v, len, k);
        else ademamix32(p, g, m1, m2, v, len, k);
    }

    private static void ademamix8(float[] p, float[] g, float[] m1, float[] m2, float[] v, int len, StepConsts k) {
        float b1 = k.beta1(), nb1 = 1f - b1, b2 = k.beta2(), nb2 = 1f - b2, b3 = k.beta3(), nb3 = 1f - b3;
        float gs = k.gnormScale(), lr = k.lr(), c1 = k.c1(), c2 = k.c2(), alpha = k.alpha(), eps = k.eps(), decay = k.decay();
        boolean wd = k.wd() > 0, skip = k.skipZeros();
        int lv = len - len % L;
        for (int i = 0; i < lv; i += L) {
            FloatVector gr = FloatVector.fromArray(F, g, i), a0 = FloatVector.fromArray(F, m1, i), b0 = FloatVector.fromArray(F, m2, i);
            FloatVector v0 = FloatVector.fromArray(F, v, i), p0 = FloatVector.fromArray(F, p, i);
            FloatVector gg = gr.mul(gs);
            FloatVector a = gg.lanewise(VectorOperators.FMA, nb1, a0.mul(b1));
            FloatVector b = gg.lanewise(VectorOperators.FMA, nb3, b0.mul(b3));
            FloatVector vi = gg.mul(nb2).fma(gg, v0.mul(b2));
            FloatVector num = a.div(c1).add(b.mul(alpha));
            FloatVector pi = p0.sub(num.div(vi.sqrt().div(c2).add(eps)).mul(lr));
            if (wd) pi = pi.mul(decay);
            if (skip) {
                VectorMask<Float> z = gr.compare(VectorOperators.EQ, 0f);
                a = a.blend(a0, z);
                b = b.blend(b0, z);
                vi = vi.blend(v0, z);
                pi = pi.blend(p0, z);
            }
            VectorMask<Float> bad = gr.test(VectorOperators.IS_FINITE).not();
            a = a.blend(0f, bad);
            b = b.blend(0f, bad);
            vi = vi.blend(0f, bad);
            pi = pi.blend(p0, bad);
            a.intoArray(m1, i);
            b.intoArray(m2, i);
            vi.intoArray(v, i);
            pi.intoArray(p, i);
        }
        OptimRules.ademamix(p, g, m1, m2, v, lv, len, k, true);
    }

    private static void ademamix32(float[] p, float[] g, float[] m1, float[] m2, float[] v, int len, StepConsts k) {
        float b1 = k.beta1(), nb1 = 1f - b1, b2 = k.beta2(), nb2 = 1f - b2, b3 = k.beta3(), nb3 = 1f - b3;
        float gs = k.gnormScale(), lr = k.lr(), c1 = k.c1(), c2 = k.c2(), alpha = k.alpha(), eps = k.eps(), decay = k.decay();
        boolean wd = k.wd() > 0, skip = k.skipZeros();
        int lv = len - len % L;
        for (int i = 0; i < lv; i += L) {
            FloatVector gr = FloatVector.fromArray(F, g, i), a0 = FloatVector.fromArray(F, m1, i), b0 = FloatVector.fromArray(F, m2, i);
            FloatVector v0 = FloatVector.fromArray(F, v, i), p0 = FloatVector.fromArray(F, p, i);
            FloatVector gg = gr.mul(gs);
            FloatVector a = a0.lanewise(VectorOperators.FMA, b1, gg.mul(nb1));
            FloatVector b = b0.lanewise(VectorOperators.FMA, b3, gg.mul(nb3));
            FloatVector vi = v0.lanewise(VectorOperators.FMA, b2, gg.mul(nb2).mul(gg));
            FloatVector num = a.div(c1).add(b.mul(alpha));
            FloatVector pi = p0.sub(num.div(vi.sqrt().div(c2).add(eps)).mul(lr));
            if (wd) pi = pi.mul(decay);
            if (skip) {
                VectorMask<Float> z = gr.compare(VectorOperators.EQ, 0f);
                a = a.blend(a0, z);
                b = b.blend(b0, z);
                vi = vi.blend(v0, z);
                pi = pi.blend(p0, z);
            }
            a.intoArray(m1, i);
            b.intoArray(m2, i);
            vi.intoArray(v, i);
            pi.intoArray(p, i);
        }
        OptimRules.ademamix(p, g, m1, m2, v, lv, len, k, false);
    }

    static void momentum(float[] p, float[] g, float[] m, int len, StepConsts k, boolean eight) {
        if (eight) momentum8(p, g, m, len, k);
        else momentum32(p, g, m, len, k);
    }

    private static void momentum8(float[] p, float[] g, float[] m, int len, StepConsts k) {
        float b1 = k.beta1(), gs = k.gnormScale(), lrs = k.lr() * k.scale(), wdv = k.wd();
        boolean wd = wdv > 0, skip = k.skipZeros(), first = k.step() == 1;
        int lv = len - len % L;
        for (int i = 0; i < lv; i += L) {
            FloatVector gr = FloatVector.fromArray(F, g, i), m0 = FloatVector.fromArray(F, m, i), p0 = FloatVector.fromArray(F, p, i);
            FloatVector gg = gr.mul(gs);
            if (wd) gg = gg.add(p0.mul(wdv));
            FloatVector mi = first ? gg : m0.lanewise(VectorOperators.FMA, b1, gg);
            FloatVector pi = mi.lanewise(VectorOperators.FMA, -lrs, p0);
            if (skip) {
                VectorMask<Float> z = gr.compare(VectorOperators.EQ, 0f);
                mi = mi.blend(m0, z);
                pi = pi.blend(p0, z);
            }
            mi.intoArray(m, i);
            pi.intoArray(p, i);
        }
        OptimRules.momentum(p, g, m, lv, len, k, true);
    }

    private static void momentum32(float[] p, float[] g, float[] m, int len, StepConsts k) {
        float b1 = k.beta1(), gs = k.gnormScale(), lrs = k.lr() * k.scale(), wdv = k.wd();
        boolean wd = wdv > 0, skip = k.skipZeros(), first = k.step() == 1;
        int lv = len - len % L;
        for (int i = 0; i < lv; i += L) {
            FloatVector gr = FloatVector.fromArray(F, g, i), m0 = FloatVector.fromArray(F, m, i), p0 = FloatVector.fromArray(F, p, i);
            FloatVector gg = gr.mul(gs);
            if (wd) gg = gg.add(p0.mul(wdv));
            FloatVector mi = first ? gg : m0.lanewise(VectorOperators.FMA, b1, gg);
            FloatVector pi = p0.sub(mi.mul(lrs));
            if (skip) {
                VectorMask<Float> z = gr.compare(VectorOperators.EQ, 0f);
                mi = mi.blend(m0, z);
                pi = pi.blend(p0, z);
            }
            mi.intoArray(m, i);
            pi.intoArray(p, i);
        }
        OptimRules.momentum(p, g, m, lv, len, k, false);
    }

    static void rmsprop(float[] p, float[] g, float[] v, int len, StepConsts k, boolean eight) {
        if (eight) rmsprop8(p, g, v, len, k);
        else rmsprop32(p, g, v, len, k);
    }

    private static void rmsprop8(float[] p, float[] g, float[] v, int len, StepConsts k) {
        float b1 = k.beta1(), nb1 = 1f - b1, gs = k.gnormScale(), lrs = k.lr() * k.scale(), wdv = k.wd(), eps = k.eps();
        boolean wd = wdv > 0, skip = k.skipZeros();
        int lv = len - len % L;
        for (int i = 0; i < lv; i += L) {
            FloatVector gr = FloatVector.fromArray(F, g, i), v0 = FloatVector.fromArray(F, v, i), p0 = FloatVector.fromArray(F, p, i);
            FloatVector gg = gr.mul(gs);
            if (wd) gg = gg.add(p0.mul(wdv));
            FloatVector vi = gg.mul(gg).lanewise(VectorOperators.FMA, nb1, v0.mul(b1));
            FloatVector q = gg.div(vi.sqrt().add(eps));
            FloatVector pi = q.lanewise(VectorOperators.FMA, -lrs, p0);
            if (skip) {
                VectorMask<Float> z = gr.compare(VectorOperators.EQ, 0f);
                vi = vi.blend(v0, z);
                pi = pi.blend(p0, z);
            }
            vi.intoArray(v, i);
            pi.intoArray(p, i);
        }
        OptimRules.rmsprop(p, g, v, lv, len, k, true);
    }

    private static void rmsprop32(float[] p, float[] g, float[] v, int len, StepConsts k) {
        float b1 = k.beta1(), nb1 = 1f - b1, gs = k.gnormScale(), lrs = k.lr() * k.scale(), wdv = k.wd(), eps = k.eps();
        boolean wd = wdv > 0, skip = k.skipZeros();
        int lv = len - len % L;
        for (int i = 0; i < lv; i += L) {
            FloatVector gr = FloatVector.fromArray(F, g, i), v0 = FloatVector.fromArray(F, v, i), p0 = FloatVector.fromArray(F, p, i);
            FloatVector gg = gr.mul(gs);
            if (wd) gg = gg.add(p0.mul(wdv));
            FloatVector vi = v0.lanewise(VectorOperators.FMA, b1, gg.mul(nb1).mul(gg));
            FloatVector q = gg.div(vi.sqrt().add(eps));
            FloatVector pi = p0.sub(q.mul(lrs));
            if (skip) {
                VectorMask<Float> z = gr.compare(VectorOperators.EQ, 0f);
                vi = vi.blend(v0, z);
                pi = pi.blend(p0, z);
            }
            vi.intoArray(v, i);
            pi.intoArray(p, i);
        }
        OptimRules.rmsprop(p, g, v, lv, len, k, false);
    }

    static void adagrad(float[] p, float[] g, float[] v, int len, StepConsts k, boolean eight) {
        float gs = k.gnormScale(), lr = k.lr(), wdv = k.wd(), eps = k.eps();
        boolean wd = wdv > 0, skip = k.skipZeros();
        int lv = len - len % L;
        for (int i = 0; i < lv; i += L) {
            FloatVector gr = FloatVector.fromArray(F, g, i), v0 = FloatVector.fromArray(F, v, i), p0 = FloatVector.fromArray(F, p, i);
            FloatVector gg = gr.mul(gs);
            if (wd) gg = gg.add(p0.mul(wdv));
            FloatVector vi = gg.fma(gg, v0);
            FloatVector pi = gg.div(vi.sqrt().add(eps)).lanewise(VectorOperators.FMA, -lr, p0);
            if (skip) {
                VectorMask<Float> z = gr.compare(VectorOperators.EQ, 0f);
                vi = vi.blend(v0, z);
                pi = pi.blend(p0, z);
            }
            vi.intoArray(v, i);
            pi.intoArray(p, i);
        }
        OptimRules.adagrad(p, g, v, lv, len, k, eight);
    }

    static void lion(float[] p, float[] g, float[] m, int len, StepConsts k, boolean eight) {
        if (eight) lion8(p, g, m, len, k);
        else lion32(p, g, m, len, k);
    }

    private static void lion8(float[] p, float[] g, float[] m, int len, StepConsts k) {
        float b1 = k.beta1(), nb1 = 1f - b1, b2 = k.beta2(), nb2 = 1f - b2, gs = k.gnormScale();
        float lrs = k.lr() * k.scale(), decay = k.decay();
        boolean wd = k.wd() > 0, skip = k.skipZeros();
        FloatVector zeroV = FloatVector.zero(F);
        int lv = len - len % L;
        for (int i = 0; i < lv; i += L) {
            FloatVector gr = FloatVector.fromArray(F, g, i), m0 = FloatVector.fromArray(F, m, i), p0 = FloatVector.fromArray(F, p, i);
            FloatVector gg = gr.mul(gs);
            FloatVector pi = wd ? p0.mul(decay) : p0;
            FloatVector c = gg.lanewise(VectorOperators.FMA, nb1, m0.mul(b1));
            FloatVector sg = zeroV.blend(1f, c.compare(VectorOperators.GT, 0f)).blend(-1f, c.compare(VectorOperators.LT, 0f));
            pi = pi.sub(sg.mul(lrs));
            FloatVector mi = gg.lanewise(VectorOperators.FMA, nb2, m0.mul(b2));
            if (skip) {
                VectorMask<Float> z = gr.compare(VectorOperators.EQ, 0f);
                mi = mi.blend(m0, z);
                pi = pi.blend(p0, z);
            }
            mi.intoArray(m, i);
            pi.intoArray(p, i);
        }
        OptimRules.lion(p, g, m, lv, len, k, true);
    }

    private static void lion32(float[] p, float[] g, float[] m, int len, StepConsts k) {
        float b1 = k.beta1(), nb1 = 1f - b1, b2 = k.beta2(), nb2 = 1f - b2, gs = k.gnormScale();
        float lrs = k.lr() * k.scale(), decay = k.decay();
        boolean wd = k.wd() > 0, skip = k.skipZeros();
        FloatVector zeroV = FloatVector.zero(F);
        int lv = len - len % L;
        for (int i = 0; i < lv; i += L) {
            FloatVector gr = FloatVector.fromArray(F, g, i), m0 = FloatVector.fromArray(F, m, i), p0 = FloatVector.fromArray(F, p, i);
            FloatVector gg = gr.mul(gs);
            FloatVector pi = wd ? p0.mul(decay) : p0;
            FloatVector c = m0.lanewise(VectorOperators.FMA, b1, gg.mul(nb1));
            FloatVector sg = zeroV.blend(1f, c.compare(VectorOperators.GT, 0f)).blend(-1f, c.compare(VectorOperators.LT, 0f));
            pi = pi.sub(sg.mul(lrs));
            FloatVector mi = m0.lanewise(VectorOperators.FMA, b2, gg.mul(nb2));
            if (skip) {
                VectorMask<Float> z = gr.compare(VectorOperators.EQ, 0f);
                mi = mi.blend(m0, z);
                pi = pi.blend(p0, z);
            }
            mi.intoArray(m, i);
            pi.intoArray(p, i);
        }
        OptimRules.lion(p, g, m, lv, len, k, false);
    }
}
