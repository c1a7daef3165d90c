package io.bnb.conformance.check;

import io.bnb.api.Hyper;
import io.bnb.api.OptimizerKind;

/**
 * An independent float32 statement of the optimizer update rules of spec OPTIMIZERS.md (§3 32-bit
 * with the §4 trust ratio, §5 8-bit blockwise before requantization). States are plain float
 * arrays; {@code m2} is AdEMAMix's slow moment. Parameters are updated in float32 and left
 * unrounded; callers round them to the parameter dtype.
 */
public final class RefOptim {
    private RefOptim() {}

    /** Mutable optimizer state of one parameter. */
    public static final class State {
        public final float[] p, s1, s2, m2;
        public float unorm;

        public State(float[] p) {
            this.p = p.clone();
            s1 = new float[p.length];
            s2 = new float[p.length];
            m2 = new float[p.length];
        }

        public State(float[] p, float[] s1, float[] s2, float[] m2) {
            this.p = p.clone();
            this.s1 = s1.clone();
            this.s2 = s2 == null ? new float[p.length] : s2.clone();
            this.m2 = m2 == null ? new float[p.length] : m2.clone();
        }
    }

    /** L2 norm of p in float32 (the functional wrapper's {@code param_norm}). */
    public static float norm(float[] p) {
        double s = 0;
        for (float v : p) s += (double) v * v;
        return (float) Math.sqrt(s);
    }

    /** One 32-bit step (OPTIMIZERS.md §3, CUDA decay order; trust ratio when maxUnorm > 0). */
    public static void step32(OptimizerKind k, State st, float[] grad, Hyper h) {
        int n = st.p.length;
        float[] g = new float[n];
        for (int i = 0; i < n; i++) g[i] = h.gnormScale() * grad[i];
        int t = h.step();
        float b1 = h.beta1(), b2 = h.beta2(), lr = h.lr(), eps = h.eps(), wd = h.weightDecay();
        float c1 = 1f - (float) Math.pow(b1, t);
        float c2 = (float) Math.sqrt(1f - (float) Math.pow(b2, t));
        float scale = trustRatio(k, st, g, h, c1, c2);
        switch (k) {
            case ADAM, LAMB -> {
                for (int i = 0; i < n; i++) {
                    if (h.skipZeros() && g[i] == 0f) continue;
                    st.s1[i] = b1 * st.s1[i] + (1f - b1) * g[i];
                    st.s2[i] = b2 * st.s2[i] + (1f - b2) * g[i] * g[i];
                    st.p[i] = st.p[i] + scale * (-lr * c2 / c1) * st.s1[i] / ((float) Math.sqrt(st.s2[i]) + eps * c2);
                    if (wd > 0) st.p[i] = st.p[i] * (1f - lr * wd);
                }
            }
            case ADEMAMIX -> {
                float b3 = h.beta3(), alpha = h.alpha();
                for (int i = 0; i < n; i++) {
                    st.s1[i] = b1 * st.s1[i] + (1f - b1) * g[i];
                    st.m2[i] = b3 * st.m2[i] + (1f - b3) * g[i];
                    st.s2[i] = b2 * st.s2[i] + (1f - b2) * g[i] * g[i];
                    st.p[i] = st.p[i] - lr * (st.s1[i] / c1 + alpha * st.m2[i]) / ((float) Math.sqrt(st.s2[i]) / c2 + eps);
                    if (wd > 0) st.p[i] = st.p[i] * (1f - lr * wd);
                }
            }
            case LION -> {
                for (int i = 0; i < n; i++) {
                    if (h.skipZeros() && g[i] == 0f) continue;
                    if (wd > 0) st.p[i] = st.p[i] * (1f - lr * wd);
                    st.p[i] = st.p[i] - scale * lr * Math.signum(b1 * st.s1[i] + (1f - b1) * g[i]);
                    st.s1[i] = b2 * st.s1[i] + (1f - b2) * g[i];
                }
            }
            case MOMENTUM, LARS, RMSPROP, ADAGRAD -> {
                for (int i = 0; i < n; i++) {
                    float gi = wd > 0 ? g[i] + wd * st.p[i] : g[i];
                    if (h.skipZeros() && gi == 0f) continue;
                    switch (k) {
                        case MOMENTUM, LARS -> {
                            st.s1[i] = t == 1 ? gi : b1 * st.s1[i] + gi;
                            st.p[i] = st.p[i] - scale * lr * st.s1[i];
                        }
                        case RMSPROP -> {
                            st.s1[i] = b1 * st.s1[i] + (1f - b1) * gi * gi;
                            st.p[i] = st.p[i] - scale * lr * gi / ((float) Math.sqrt(st.s1[i]) + eps);
                        }
                        default -> {
                            st.s1[i] = st.s1[i] + gi * gi;
                            st.p[i] = st.p[i] - lr * gi / ((float) Math.sqrt(st.s1[i]) + eps);
                        }
                    }
                }
            }
        }
    }

    /** The §4 scale; also stores the squared update norm in {@code st.unorm}. */
    private static float trustRatio(OptimizerKind k, State st, float[] g, Hyper h, float c1, float c2) {
        if (h.maxUnorm() <= 0 || k == OptimizerKind.ADEMAMIX || k == OptimizerKind.LION) return 1f;
        int t = h.step();
        float b1 = h.beta1(), b2 = h.beta2(), eps = h.eps();
        double u = 0;
        for (int i = 0; i < st.p.length; i++) {
            float gi = g[i];
            float ui = switch (k) {
                case ADAM, LAMB -> {
                    float m = b1 * st.s1[i] + (1f - b1) * gi, v = b2 * st.s2[i] + (1f - b2) * gi * gi;
                    float mh = m / (1f - (float) Math.pow(b1, t)), vh = v / (1f - (float) Math.pow(b2, t));
                    yield mh / ((float) Math.sqrt(vh) + eps);
                }
                case MOMENTUM, LARS -> t == 1 ? gi : b1 * st.s1[i] + gi;
                case RMSPROP -> gi / ((float) Math.sqrt(b1 * st.s1[i] + (1f - b1) * gi * gi) + eps);
                case ADAGRAD -> gi / ((float) Math.sqrt(st.s1[i] + gi * gi) + eps);
                default -> 0f;
            };
            u += (double) ui * ui;
        }
        st.unorm = (float) u;
        float unorm = (float) Math.sqrt(u);
        float limit = h.maxUnorm() * h.paramNorm();
        if (k.states() == 2) return unorm > limit ? limit / unorm : 1f;
        return unorm > limit + eps ? (limit + eps) / unorm : 1f;
    }

    /**
     * One 8-bit blockwise step before requantization (OPTIMIZERS.md §5): {@code st} holds the
     * dequantized old states; on return it holds the new float states and parameters.
     */
    public static void step8(OptimizerKind k, State st, float[] grad, Hyper h) {
        int n = st.p.length, t = h.step();
        float b1 = h.beta1(), b2 = h.beta2(), b3 = h.beta3(), lr = h.lr(), eps = h.eps(), wd = h.weightDecay();
        float c1 = 1f - (float) Math.pow(b1, t);
        float c2 = (float) Math.sqrt(1f - (float) Math.pow(b2, t));
        for (int i = 0; i < n; i++) {
            float g = h.gnormScale() * grad[i];
            switch (k) {
                case ADAM, LAMB, ADEMAMIX -> {
                    if (!Float.isFinite(grad[i])) {
                        st.s1[i] = 0f;
                        st.s2[i] = 0f;
                        st.m2[i] = 0f;
                        continue;
                    }
                    st.s2[i] = b2 * st.s2[i] + (1f - b2) * g * g;
                    st.s1[i] = b1 * st.s1[i] + (1f - b1) * g;
                    if (k == OptimizerKind.ADEMAMIX) {
                        st.m2[i] = b3 * st.m2[i] + (1f - b3) * g;
                        st.p[i] = st.p[i] - lr * (st.s1[i] / c1 + h.alpha() * st.m2[i]) / ((float) Math.sqrt(st.s2[i]) / c2 + eps);
                    } else {
                        st.p[i] = st.p[i] + (-lr * c2 / c1) * st.s1[i] / ((float) Math.sqrt(st.s2[i]) + c2 * eps);
                    }
                    if (wd > 0) st.p[i] = st.p[i] * (1f - lr * wd);
                }
                default -> {
                    if (h.skipZeros() && grad[i] == 0f) continue;
                    float gd = g;
                    if (wd > 0) {
                        if (k == OptimizerKind.LION) st.p[i] = st.p[i] * (1f - lr * wd);
                        else gd = g + wd * st.p[i];
                    }
                    switch (k) {
                        case MOMENTUM, LARS -> {
                            st.s1[i] = t == 1 ? gd : b1 * st.s1[i] + gd;
                            st.p[i] = st.p[i] - lr * st.s1[i];
                        }
                        case LION -> {
                            float d = lr * Math.signum(b1 * st.s1[i] + (1f - b1) * gd);
                            st.s1[i] = b2 * st.s1[i] + (1f - b2) * gd;
                            st.p[i] = st.p[i] - d;
                        }
                        case RMSPROP -> {
                            st.s1[i] = b1 * st.s1[i] + (1f - b1) * gd * gd;
                            st.p[i] = st.p[i] - lr * gd / ((float) Math.sqrt(st.s1[i]) + eps);
                        }
                        default -> {
                            st.s1[i] = st.s1[i] + gd * gd;
                            st.p[i] = st.p[i] - lr * gd / ((float) Math.sqrt(st.s1[i]) + eps);
                        }
                    }
                }
            }
        }
    }

    /** AdEMAMix's scheduled alpha (OPTIMIZERS.md §6). */
    public static float alphaSchedule(int t, float alpha, int tAlpha) {
        return (float) Math.min((double) t * alpha / tAlpha, alpha);
    }

    /** AdEMAMix's scheduled beta3 (OPTIMIZERS.md §6). */
    public static float beta3Schedule(int t, float beta1, float beta3, int tBeta3) {
        double s = (double) t / tBeta3;
        double lb1 = Math.log(beta1), lb3 = Math.log(beta3);
        return (float) Math.min(Math.exp(lb1 * lb3 / ((1 - s) * lb3 + s * lb1)), beta3);
    }
}
