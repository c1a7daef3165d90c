package io.bnb.optim;

import io.bnb.api.OptimizerKind;

/**
 * RMSprop (upstream {@code RMSprop}, {@code RMSprop8bit}, {@code RMSprop32bit}): lr 1e-2,
 * alpha 0.99, eps 1e-8, weight decay 0 (coupled). {@code centered} and {@code momentum} are not
 * offered: upstream rejects centered and ignores momentum.
 */
public final class RMSprop extends Optimizer {
    private RMSprop(Hyperparams h, OptimizerSettings s) { super("RMSprop", OptimizerKind.RMSPROP, h, s); }

    public static Builder builder() { return new Builder(); }

    /** Builder with upstream's defaults. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private double alpha = 0.99, eps = 1e-8;

        Builder() { super(1e-2, 0.0, 0.0); }

        @Override Builder self() { return this; }

        /** Smoothing constant of the squared-gradient average (default 0.99; 0 is not implemented upstream). */
        public Builder alpha(double alpha) { this.alpha = alpha; return this; }

        public Builder eps(double eps) { this.eps = eps; return this; }

        @Override
        public RMSprop build() {
            OptimizerSettings s = settings();
            if (alpha == 0) throw new IllegalArgumentException("alpha must be > 0 for RMSprop (alpha 0 is not implemented upstream)");
            return new RMSprop(new Hyperparams(lrOrThrow("RMSprop"), alpha, 0, 0, 0, eps, weightDecay, 0, 0), s);
        }
    }
}
