package io.bnb.backend.cpu;

import io.bnb.api.OptimizerKind;

/**
 * The per-element update rules of spec OPTIMIZERS.md §3 and §5 on float32 arrays, scalar path;
 * {@link OptimRulesVec} computes the same IEEE operations in the same order, so both paths agree
 * bit for bit. Arrays hold one chunk: {@code p} parameter, {@code g} raw gradient, {@code m},
 * {@code v}, {@code m2} states (dequantized for 8-bit).
 *
 * <p>Upstream's CUDA build contracts multiply-adds into FMAs, and its 32-bit and 8-bit kernels
 * write the same rules in different shapes. The forms here ({@code eight} selects the 8-bit
 * ones) were established against the recorded H100 runs: with them five steps of every 32-bit
 * optimizer reproduce the recorded states bit for bit, and the 8-bit runs reproduce every block
 * absmax; only CUDA's fast-math {@code powf}, division and square root (not reproducible in
 * IEEE arithmetic) remain as last-bit differences in the parameters.
 *
 * <p>{@code skipZeros} leaves an element whose raw gradient is exactly 0 untouched;
 * {@code eight} with two states also resets the states of an element with a non-finite
 * gradient to 0 and leaves its parameter alone (CUDA's 8-bit guard).
 */
final class OptimRules {
    private OptimRules() {}

    /** Adam / AdamW / LAMB: moments, bias-corrected step scaled by the trust ratio, decoupled decay after. */
    static void adam(float[] p, float[] g, float[] m, float[] v, int from, int to, StepConsts k, boolean eight) {
        float b1 = k.beta1(), nb1 = 1f - b1, b2 = k.beta2(), nb2 = 1f - b2, gs = k.gnormScale();
        float upd = k.scale() * k.stepSize(), epsC2 = k.epsC2(), decay = k.decay();
        boolean wd = k.wd() > 0, skip = k.skipZeros();
        for (int i = from; i < to; i++) {
            float gr = g[i];
            if (eight && !Float.isFinite(gr)) {
                m[i] = 0f;
                v[i] = 0f;
                continue;
            }
            if (skip && gr == 0f) continue;
            float gg = gs * gr;
            float mi = eight ? Math.fma(nb1, gg, m[i] * b1) : Math.fma(m[i], b1, nb1 * gg);
            float vi = eight ? Math.fma(nb2 * gg, gg, v[i] * b2) : Math.fma(v[i], b2, nb2 * (gg * gg));
            m[i] = mi;
            v[i] = vi;
            float pi = p[i] + upd * (mi / ((float) Math.sqrt(vi) + epsC2));
            p[i] = wd ? pi * decay : pi;
        }
    }

    /** AdEMAMix: two EMAs of the gradient (m1 bias-corrected, m2 not) over one second moment. */
    static void ademamix(float[] p, float[] g, float[] m1, float[] m2, float[] v, int from, int to, StepConsts k, boolean eight) {
        float b1 = k.beta1(), nb1 = 1f - b1, b2 = k.beta2(), nb2 = 1f - b2, b3 = k.beta3(), nb3 = 1f - b3;
        float gs = k.gnormScale(), lr = k.lr(), c1 = k.c1(), c2 = k.c2(), alpha = k.alpha(), eps = k.eps(), decay = k.decay();
        boolean wd = k.wd() > 0, skip = k.skipZeros();
        for (int i = from; i < to; i++) {
            float gr = g[i];
            if (eight && !Float.isFinite(gr)) {
                m1[i] = 0f;
                m2[i] = 0f;
                v[i] = 0f;
                continue;
            }
            if (skip && gr == 0f) continue;
            float gg = gs * gr;
            float a = eight ? Math.fma(nb1, gg, m1[i] * b1) : Math.fma(m1[i], b1, nb1 * gg);
            float b = eight ? Math.fma(nb3, gg, m2[i] * b3) : Math.fma(m2[i], b3, nb3 * gg);
            float vi = eight ? Math.fma(nb2 * gg, gg, v[i] * b2) : Math.fma(v[i], b2, (nb2 * gg) * gg);
            m1[i] = a;
            m2[i] = b;
            v[i] = vi;
            float pi = p[i] - lr * ((a / c1 + alpha * b) / ((float) Math.sqrt(vi) / c2 + eps));
            p[i] = wd ? pi * decay : pi;
        }
    }

    /** SGD with momentum / LARS: coupled (L2) decay into the gradient, {@code m = g} on step 1. */
    static void momentum(float[] p, float[] g, float[] m, int from, int to, StepConsts k, boolean eight) {
        float b1 = k.beta1(), gs = k.gnormScale(), lrs = k.lr() * k.scale(), wdv = k.wd();
        boolean wd = wdv > 0, skip = k.skipZeros(), first = k.step() == 1;
        for (int i = from; i < to; i++) {
            float gr = g[i];
            if (skip && gr == 0f) continue;
            float gg = gs * gr;
            if (wd) gg = gg + wdv * p[i];
            float mi = first ? gg : Math.fma(m[i], b1, gg);
            m[i] = mi;
            p[i] = eight ? Math.fma(-lrs, mi, p[i]) : p[i] - lrs * mi;
        }
    }

    /** RMSprop (β1 = alpha): coupled decay, EMA of g², step g/(sqrt(v)+eps). */
    static void rmsprop(float[] p, float[] g, float[] v, int from, int to, StepConsts k, boolean eight) {
        float b1 = k.beta1(), nb1 = 1f - b1, gs = k.gnormScale(), lrs = k.lr() * k.scale(), wdv = k.wd(), eps = k.eps();
        boolean wd = wdv > 0, skip = k.skipZeros();
        for (int i = from; i < to; i++) {
            float gr = g[i];
            if (skip && gr == 0f) continue;
            float gg = gs * gr;
            if (wd) gg = gg + wdv * p[i];
            float vi = eight ? Math.fma(nb1, gg * gg, v[i] * b1) : Math.fma(v[i], b1, (nb1 * gg) * gg);
            v[i] = vi;
            float q = gg / ((float) Math.sqrt(vi) + eps);
            p[i] = eight ? Math.fma(-lrs, q, p[i]) : p[i] - lrs * q;
        }
    }

    /** Adagrad: coupled decay, running sum of g²; never scaled by the trust ratio. */
    static void adagrad(float[] p, float[] g, float[] v, int from, int to, StepConsts k, boolean eight) {
        float gs = k.gnormScale(), lr = k.lr(), wdv = k.wd(), eps = k.eps();
        boolean wd = wdv > 0, skip = k.skipZeros();
        for (int i = from; i < to; i++) {
            float gr = g[i];
            if (skip && gr == 0f) continue;
            float gg = gs * gr;
            if (wd) gg = gg + wdv * p[i];
            float vi = Math.fma(gg, gg, v[i]);
            v[i] = vi;
            p[i] = Math.fma(-lr, gg / ((float) Math.sqrt(vi) + eps), p[i]);
        }
    }

    /** Lion: decoupled decay before the step, sign of the β1 interpolation, then the β2 EMA. */
    static void lion(float[] p, float[] g, float[] m, int from, int to, StepConsts k, boolean eight) {
        float b1 = k.beta1(), nb1 = 1f - b1, b2 = k.beta2(), nb2 = 1f - b2, gs = k.gnormScale();
        float lrs = k.lr() * k.scale(), decay = k.decay();
        boolean wd = k.wd() > 0, skip = k.skipZeros();
        for (int i = from; i < to; i++) {
            float gr = g[i];
            if (skip && gr == 0f) continue;
            float gg = gs * gr;
            float pi = wd ? p[i] * decay : p[i];
            float c = eight ? Math.fma(nb1, gg, m[i] * b1) : Math.fma(m[i], b1, nb1 * gg);
            p[i] = pi - lrs * sign(c);
            m[i] = eight ? Math.fma(nb2, gg, m[i] * b2) : Math.fma(m[i], b2, nb2 * gg);
        }
    }

    /** 1, -1 or 0 (also for NaN, like the CUDA comparison form). */
    static float sign(float c) { return c > 0f ? 1f : c < 0f ? -1f : 0f; }

    // ------------------------------------------------------------------ trust ratio (spec §4)

    /**
     * Sum of squares (in double) of the update each element would get, states not written:
     * Adam/LAMB {@code m̂/(sqrt(v̂)+eps)}; momentum/LARS {@code m_new} (no decay term); RMSprop and
     * Adagrad {@code g/(sqrt(v_new)+eps)}; Lion the sign it will step by (upstream sums an
     * unsquared EMA after the update instead, see {@link OptimizerKernels}). {@code m} is state1
     * (v for RMSprop/Adagrad), {@code v} state2.
     */
    static double unorm(OptimizerKind kind, float[] g, float[] m, float[] v, int from, int to, StepConsts k, boolean eight) {
        float gs = k.gnormScale(), b1 = k.beta1(), nb1 = 1f - b1, b2 = k.beta2(), nb2 = 1f - b2, eps = k.eps();
        float c1 = k.c1(), c2sq = k.c2sq();
        boolean skip = k.skipZeros(), first = k.step() == 1;
        double sum = 0;
        for (int i = from; i < to; i++) {
            float gr = g[i];
            if (skip && gr == 0f) continue;
            float gg = gs * gr;
            float u = switch (kind) {
                case ADAM, LAMB -> {
                    float mi = eight ? Math.fma(nb1, gg, m[i] * b1) : Math.fma(m[i], b1, nb1 * gg);
                    float vi = eight ? Math.fma(nb2 * gg, gg, v[i] * b2) : Math.fma(v[i], b2, nb2 * (gg * gg));
                    yield (mi / c1) / ((float) Math.sqrt(vi / c2sq) + eps);
                }
                case MOMENTUM, LARS -> first ? gg : Math.fma(m[i], b1, gg);
                case RMSPROP -> gg / ((float) Math.sqrt(eight ? Math.fma(nb1, gg * gg, m[i] * b1) : Math.fma(m[i], b1, (nb1 * gg) * gg)) + eps);
                case ADAGRAD -> gg / ((float) Math.sqrt(Math.fma(gg, gg, m[i])) + eps);
                case LION -> sign(eight ? Math.fma(nb1, gg, m[i] * b1) : Math.fma(m[i], b1, nb1 * gg));
                case ADEMAMIX -> 0f;
            };
            sum += (double) u * u;
        }
        return sum;
    }
}
