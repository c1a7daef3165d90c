package io.bnb.optim;

import io.bnb.api.Tensor;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * Per-parameter overrides keyed by tensor identity (upstream's {@code pid2config}). Every
 * optimizer has its own ({@link Optimizer#overrides()}); {@link #global()} is the process-wide
 * registry that upstream's {@code GlobalOptimManager} is, for code that configures parameters
 * without knowing the optimizer (layers that must keep 32-bit state, for example). Keys are held
 * weakly. Precedence at resolution: group values, then global, then the optimizer's own.
 */
public final class OptimOverrides {
    private static final OptimOverrides GLOBAL = new OptimOverrides();

    // Tensors do not override equals/hashCode, so the WeakHashMap is an identity map.
    private final Map<Tensor, ParamOverride> map = new WeakHashMap<>();

    /** The process-wide registry consulted by every optimizer. */
    public static OptimOverrides global() { return GLOBAL; }

    /** Merges {@code o} into the override of {@code param} (later values win). */
    public synchronized OptimOverrides override(Tensor param, ParamOverride o) {
        if (param == null) throw new IllegalArgumentException("param must not be null");
        if (o == null) throw new IllegalArgumentException("override must not be null");
        map.merge(param, o, ParamOverride::merge);
        return this;
    }

    /** Merges {@code o} into the override of each parameter. */
    public OptimOverrides override(Iterable<? extends Tensor> params, ParamOverride o) {
        if (params == null) throw new IllegalArgumentException("params must not be null");
        for (Tensor p : params) override(p, o);
        return this;
    }

    /** The override of {@code param}, {@link ParamOverride#none()} when there is none. */
    public synchronized ParamOverride get(Tensor param) {
        ParamOverride o = map.get(param);
        return o == null ? ParamOverride.none() : o;
    }

    public synchronized void remove(Tensor param) { map.remove(param); }

    public synchronized void clear() { map.clear(); }
}
