package io.bnb.optim;

import io.bnb.api.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A parameter group (torch's {@code param_groups[i]}): parameters sharing hyper-parameters.
 * The hyper-parameters may be changed between steps (a learning-rate schedule sets {@link #lr(double)}).
 */
public final class ParamGroup {
    private final Optimizer owner;
    private final int index;
    private final List<Tensor> params = new ArrayList<>();
    private Hyperparams hyper;

    ParamGroup(Optimizer owner, int index, Hyperparams hyper) {
        this.owner = owner;
        this.index = index;
        this.hyper = hyper;
    }

    /** Position among the optimizer's groups. */
    public int index() { return index; }

    public Hyperparams hyperparams() { return hyper; }

    public ParamGroup hyperparams(Hyperparams h) {
        if (h == null) throw new IllegalArgumentException("hyperparams must not be null");
        this.hyper = h;
        return this;
    }

    public double lr() { return hyper.lr(); }

    public ParamGroup lr(double lr) { return hyperparams(hyper.withLr(lr)); }

    public ParamGroup weightDecay(double wd) { return hyperparams(hyper.withWeightDecay(wd)); }

    /**
     * Adds a parameter with its gradient tensor (same backend, dtype and shape; may be null and set
     * later with {@link Optimizer#setGrad}). The optimizer reads the gradient at every step and
     * updates the parameter in place.
     */
    public ParamGroup add(Tensor param, Tensor grad) {
        owner.register(this, param, grad);
        params.add(param);
        return this;
    }

    /** The parameters in insertion order. */
    public List<Tensor> params() { return Collections.unmodifiableList(params); }

    @Override
    public String toString() { return "ParamGroup[" + index + ", " + params.size() + " params, " + hyper + "]"; }
}
