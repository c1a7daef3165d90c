package io.bnb.optim;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-parameter configuration overrides in the spirit of upstream's
 * {@code GlobalOptimManager.override_config}: each value left unset falls through to the
 * parameter's group (hyper-parameters) or the optimizer (settings). Immutable; the fluent methods
 * return copies. {@code optimBits}, {@code min8bitSize}, {@code maxUnorm} and
 * {@code percentileClipping} take effect when the parameter's state is created (its first step);
 * the others at every step.
 *
 * <pre>{@code ParamOverride.none().optimBits(32)            // keep an embedding in 32-bit
 * ParamOverride.none().lr(1e-4).weightDecay(0)   // another lr for one parameter}</pre>
 */
public final class ParamOverride {
    // Field slots; values are Integer, Double or Boolean, null when unset.
    private static final int OPTIM_BITS = 0, MIN_8BIT_SIZE = 1, MAX_UNORM = 2, SKIP_ZEROS = 3, LR = 4, BETA1 = 5,
            BETA2 = 6, BETA3 = 7, ALPHA = 8, EPS = 9, WEIGHT_DECAY = 10, T_ALPHA = 11, T_BETA3 = 12, PERCENTILE = 13;
    private static final String[] NAMES = {"optimBits", "min8bitSize", "maxUnorm", "skipZeros", "lr", "beta1", "beta2",
            "beta3", "alpha", "eps", "weightDecay", "tAlpha", "tBeta3", "percentileClipping"};

    private static final ParamOverride NONE = new ParamOverride(new Object[NAMES.length]);

    private final Object[] v;

    private ParamOverride(Object[] v) { this.v = v; }

    /** No override. */
    public static ParamOverride none() { return NONE; }

    private ParamOverride with(int slot, Object value) {
        Object[] c = v.clone();
        c[slot] = value;
        return new ParamOverride(c);
    }

    public ParamOverride optimBits(int bits) {
        if (bits != 8 && bits != 32) throw new IllegalArgumentException("optimBits must be 8 or 32, got " + bits);
        return with(OPTIM_BITS, bits);
    }

    public ParamOverride min8bitSize(int n) {
        if (n < 0) throw new IllegalArgumentException("min8bitSize must be >= 0, got " + n);
        return with(MIN_8BIT_SIZE, n);
    }

    public ParamOverride maxUnorm(double m) {
        if (!(m >= 0) || Double.isInfinite(m)) throw new IllegalArgumentException("maxUnorm must be finite and >= 0, got " + m);
        return with(MAX_UNORM, m);
    }

    public ParamOverride skipZeros(boolean s) { return with(SKIP_ZEROS, s); }

    public ParamOverride percentileClipping(int p) {
        if (p < 0 || p > 100) throw new IllegalArgumentException("percentileClipping must be in [0, 100] (100 = off), got " + p);
        return with(PERCENTILE, p);
    }

    // Hyper-parameters are validated when merged into the group's (Hyperparams' constructor).
    public ParamOverride lr(double x) { return with(LR, x); }
    public ParamOverride beta1(double x) { return with(BETA1, x); }
    public ParamOverride beta2(double x) { return with(BETA2, x); }
    public ParamOverride beta3(double x) { return with(BETA3, x); }
    public ParamOverride betas(double b1, double b2) { return beta1(b1).beta2(b2); }
    public ParamOverride alpha(double x) { return with(ALPHA, x); }
    public ParamOverride eps(double x) { return with(EPS, x); }
    public ParamOverride weightDecay(double x) { return with(WEIGHT_DECAY, x); }
    public ParamOverride tAlpha(int x) { return with(T_ALPHA, x); }
    public ParamOverride tBeta3(int x) { return with(T_BETA3, x); }

    /** This override with every value {@code other} sets replacing ours (upstream's dict merge). */
    public ParamOverride merge(ParamOverride other) {
        Object[] c = v.clone();
        for (int i = 0; i < c.length; i++) if (other.v[i] != null) c[i] = other.v[i];
        return new ParamOverride(c);
    }

    public boolean isEmpty() {
        for (Object o : v) if (o != null) return false;
        return true;
    }

    /** The group's hyper-parameters with this override applied. */
    public Hyperparams apply(Hyperparams h) {
        if (isEmpty()) return h;
        return new Hyperparams(d(LR, h.lr()), d(BETA1, h.beta1()), d(BETA2, h.beta2()), d(BETA3, h.beta3()),
                d(ALPHA, h.alpha()), d(EPS, h.eps()), d(WEIGHT_DECAY, h.weightDecay()), i(T_ALPHA, h.tAlpha()),
                i(T_BETA3, h.tBeta3()));
    }

    /** The optimizer's settings with this override applied (paged and nonFinite are optimizer-wide). */
    public OptimizerSettings apply(OptimizerSettings s) {
        if (isEmpty()) return s;
        return new OptimizerSettings(i(OPTIM_BITS, s.optimBits()), i(MIN_8BIT_SIZE, s.min8bitSize()),
                d(MAX_UNORM, s.maxUnorm()), v[SKIP_ZEROS] != null ? (Boolean) v[SKIP_ZEROS] : s.skipZeros(), s.paged(),
                i(PERCENTILE, s.percentileClipping()), s.nonFinite());
    }

    private double d(int slot, double dflt) { return v[slot] != null ? (Double) v[slot] : dflt; }
    private int i(int slot, int dflt) { return v[slot] != null ? (Integer) v[slot] : dflt; }

    @Override
    public boolean equals(Object o) { return o instanceof ParamOverride p && java.util.Arrays.equals(v, p.v); }

    @Override
    public int hashCode() { return java.util.Arrays.hashCode(v); }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < v.length; i++) if (v[i] != null) parts.add(NAMES[i] + "=" + v[i]);
        return "ParamOverride" + parts;
    }
}
