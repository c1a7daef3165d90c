package io.bnb.optim;

import io.bnb.api.OptimizerKind;

/**
 * LARS (upstream {@code LARS}, {@code LARS8bit}, {@code LARS32bit}): the momentum kernel with a
 * layer-wise trust ratio, maxUnorm 0.02; lr has no default, momentum must be > 0, weight decay 0,
 * no eps. 8-bit updates never apply the trust ratio (and upstream's CUDA build has no 8-bit LARS kernel).
 */
public final class LARS extends Optimizer {
    private LARS(Hyperparams h, OptimizerSettings s) { super("LARS", OptimizerKind.LARS, h, s); }

    public static Builder builder() { return new Builder(); }

    /** Builder with upstream's defaults. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private double momentum;

        Builder() { super((Double) null, 0.0, 0.02); }

        @Override Builder self() { return this; }

        /** Required, > 0. */
        public Builder momentum(double momentum) { this.momentum = momentum; return this; }

        @Override
        public LARS build() {
            OptimizerSettings s = settings();
            if (!(momentum > 0)) throw new IllegalArgumentException("momentum must be > 0 for LARS, got " + momentum);
            return new LARS(new Hyperparams(lrOrThrow("LARS"), momentum, 0, 0, 0, 0, weightDecay, 0, 0), s);
        }
    }
}
