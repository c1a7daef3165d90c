package io.bnb.optim;

import io.bnb.api.OptimizerKind;

/**
 * SGD with momentum (upstream {@code SGD}, {@code SGD8bit}, {@code SGD32bit}; kernel
 * {@code momentum}): lr has no default, momentum must be > 0, weight decay 0 (coupled). The first
 * step sets the buffer to the gradient. Dampening and Nesterov are not offered: upstream's kernels
 * ignore them.
 */
public final class SGD extends Optimizer {
    private SGD(Hyperparams h, OptimizerSettings s) { super("SGD", OptimizerKind.MOMENTUM, h, s); }

    public static Builder builder() { return new Builder(); }

    /** Builder with upstream's defaults. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private double momentum;

        Builder() { super((Double) null, 0.0, 0.0); }

        @Override Builder self() { return this; }

        /** Required, > 0 (upstream implements SGD only with momentum). */
        public Builder momentum(double momentum) { this.momentum = momentum; return this; }

        @Override
        public SGD build() {
            OptimizerSettings s = settings();
            if (!(momentum > 0)) throw new IllegalArgumentException("momentum must be > 0 for SGD (SGD without momentum is not implemented upstream), got " + momentum);
            return new SGD(new Hyperparams(lrOrThrow("SGD"), momentum, 0, 0, 0, 0, weightDecay, 0, 0), s);
        }
    }
}
