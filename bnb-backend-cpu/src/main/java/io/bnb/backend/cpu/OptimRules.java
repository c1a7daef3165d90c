package io.bnb.backend.cpu;

/**
 * The per-element update rules of spec OPTIMIZERS.md §3 and §5 on float32 arrays, scalar path.
 * {@link OptimRulesVec} computes the same IEEE float operations in the same order, so both
 * paths agree bit for bit. Arrays hold one chunk: {@code p} parameter, {@code g} raw gradient,
 * {@code m}/{@code v}/{@code m2} states (dequantized for 8-bit). Elements whose raw gradient is
 * 0 are left untouched when {@code skipZeros} is set; {@code guard} (8-bit two-state) resets the
 * states of an element with a non-finite gradient to 0 and leaves its parameter alone.
 */
final class OptimRules {
    private OptimRules() {}

    /** Adam / AdamW / LAMB: moments, bias-corrected step scaled by the trust ratio, decoupled decay after. */
    static void adam(float[] p, float[] g, float[] m, float[] v, int from, int to, StepConsts k, boolean guard) {
        float b1 = k.beta1(), nb1 = 1f - b1, b2 = k.beta2(), nb2 = 1f - b2, gs = k.gnormScale();
        float upd = k.scale() * k.stepSize(), epsC2 = k.epsC2(), decay = k.decay();
        boolean wd = k.wd() > 0, skip = k.skipZeros();
        for (int i = from; i < to; i++) {
            float gr = g[i];
            if (guard && !Float.isFinite(gr)) {
                m[i] = 0f;
                v[i] = 0f;
                continue;
            }
            if (skip && gr == 0f) continue;
            float gg = gs * gr;
            float mi = b1 * m[i] + nb1 * gg;
            float vi = b2 * v[i] + nb2 * (gg * gg);
            m[i] = mi;
            v[i] = vi;
            float pi = p[i] + upd * (mi / ((float) Math.sqrt(vi) + epsC2));
            p[i] = wd ? pi * decay : pi;
        }
    }

    /** AdEMAMix: two EMAs of the gradient (m1 bias-corrected, m2 not) over one second moment. */
    static void ademamix(float[] p, float[] g, float[] m1, float[] m2, float[] v, int from, int to, StepConsts k, boolean guard) {
        float b1 = k.beta1(), nb1 = 1f - b1, b2 = k.beta2(), nb2 = 1f - b2, b3 = k.beta3(), nb3 = 1f - b3;
        float gs = k.gnormScale(), lr = k.lr(), c1 = k.c1(), c2 = k.c2(), alpha = k.alpha(), eps = k.eps(), decay = k.decay();
        boolean wd = k.wd() > 0, skip = k.skipZeros();
        for (int i = from; i < to; i++) {
            float gr = g[i];
            if (guard && !Float.isFinite(gr)) {
                m1[i] = 0f;
                m2[i] = 0f;
                v[i] = 0f;
                continue;
            }
            if (skip && gr == 0f) continue;
            float gg = gs * gr;
            float a = b1 * m1[i] + nb1 * gg;
            float b = b3 * m2[i] + nb3 * gg;
            float vi = b2 * v[i] + nb2 * (gg * gg);
            m1[i] = a;
            m2[i] = b;
            v[i] = vi;
            float pi = p[i] - lr * ((a / c1 + alpha * b) / ((float) Math.sqrt(vi) / c2 + eps));
            p[i] = wd ? pi * decay : pi;
        }
    }

    /** SGD with momentum / LARS: coupled (L2) decay into the gradient, {@code m = g} on step 1. */
    static void momentum(float[] p, float[] g, float[] m, int from, int to, StepConsts k) {
        float b1 = k.beta1(), gs = k.gnormScale(), lrs = k.lr() * k.scale(), wdv = k.wd();
        boolean wd = wdv > 0, skip = k.skipZeros(), first = k.step() == 1;
        for (int i = from; i < to; i++) {
            float gr = g[i];
            if (skip && gr == 0f) continue;
            float gg = gs * gr;
            if (wd) gg = gg + wdv * p[i];
            float mi = first ? gg : b1 * m[i] + gg;
            m[i] = mi;
            p[i] = p[i] - lrs * mi;
        }
    }

    /** RMSprop (β1 = alpha): coupled decay, EMA of g², step g/(sqrt(v)+eps). */
    static void rmsprop(float[] p, float[] g, float[] v, int from, int to, StepConsts k) {
        float b1 = k.beta1(), nb1 = 1f - b1, gs = k.gnormScale(), lrs = k.lr() * k.scale(), wdv = k.wd(), eps = k.eps();
        boolean wd = wdv > 0, skip = k.skipZeros();
        for (int i = from; i < to; i++) {
            float gr = g[i];
            if (skip && gr == 0f) continue;
            float gg = gs * gr;
            if (wd) gg = gg + wdv * p[i];
            float vi = b1 * v[i] + nb1 * (gg * gg);
            v[i] = vi;
            p[i] = p[i] - lrs * (gg / ((float) Math.sqrt(vi) + eps));
        }
    }

    /** Adagrad: coupled decay, running sum of g²; never scaled by the trust ratio. */
    static void adagrad(float[] p, float[] g, float[] v, int from, int to, StepConsts k) {
        float gs = k.gnormScale(), lr = k.lr(), wdv = k.wd(), eps = k.eps();
        boolean wd = wdv > 0, skip = k.skipZeros();
        for (int i = from; i < to; i++) {
            float gr = g[i];
            if (skip && gr == 0f) continue;
            float gg = gs * gr;
            if (wd) gg = gg + wdv * p[i];
            float vi = v[i] + gg * gg;
            v[i] = vi;
            p[i] = p[i] - lr * (gg / ((float) Math.sqrt(vi) + eps));
        }
    }

    /** Lion: decoupled decay before the step, sign of the β1 interpolation, then the β2 EMA. */
    static void lion(float[] p, float[] g, float[] m, int from, int to, StepConsts k) {
        float b1 = k.beta1(), nb1 = 1f - b1, b2 = k.beta2(), nb2 = 1f - b2, gs = k.gnormScale();
        float lrs = k.lr() * k.scale(), decay = k.decay();
        boolean wd = k.wd() > 0, skip = k.skipZeros();
        for (int i = from; i < to; i++) {
            float gr = g[i];
            if (skip && gr == 0f) continue;
            float gg = gs * gr;
            float pi = wd ? p[i] * decay : p[i];
            float c = b1 * m[i] + nb1 * gg;
            p[i] = pi - lrs * sign(c);
            m[i] = b2 * m[i] + nb2 * gg;
        }
    }

    /** 1, -1 or 0 (also for NaN, like the CUDA comparison form). */
    static float sign(float c) { return c > 0f ? 1f : c < 0f ? -1f : 0f; }

    // ------------------------------------------------------------------ trust ratio (spec §4)

    /**
     * Sum of squares (in double) of the update each element would get, states not written:
     * Adam/LAMB {@code m̂/(sqrt(v̂)+eps)}; momentum/LARS {@code m_new} (no decay term); RMSprop and
     * Adagrad {@code g/(sqrt(v_new)+eps)}; Lion the sign it will step by (upstream sums an
     * unsquared EMA after the update instead, see {@link OptimizerKernels}).
     */
    static double unorm(io.bnb.api.OptimizerKind kind, float[] g, float[] m, float[] v, int from, int to, StepConsts k) {
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
                    float mi = b1 * m[i] + nb1 * gg, vi = b2 * v[i] + nb2 * (gg * gg);
                    yield (mi / c1) / ((float) Math.sqrt(vi / c2sq) + eps);
                }
                case MOMENTUM, LARS -> first ? gg : b1 * m[i] + gg;
                case RMSPROP -> gg / ((float) Math.sqrt(b1 * m[i] + nb1 * (gg * gg)) + eps);
                case ADAGRAD -> gg / ((float) Math.sqrt(m[i] + gg * gg) + eps);
                case LION -> sign(b1 * m[i] + nb1 * gg);
                case ADEMAMIX -> 0f;
            };
            sum += (double) u * u;
        }
        return sum;
    }
}
