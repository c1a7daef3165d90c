package io.bnb.optim;

import io.bnb.api.OptimizerKind;

/**
 * Lion (upstream {@code Lion}, {@code Lion8bit}, {@code Lion32bit}, {@code PagedLion*}): lr 1e-4,
 * betas (0.9, 0.99), decoupled weight decay 0 applied before the step; no eps.
 */
public final class Lion extends Optimizer {
    private Lion(Hyperparams h, OptimizerSettings s) { super("Lion", OptimizerKind.LION, h, s); }

    public static Builder builder() { return new Builder(); }

    /** Builder with upstream's defaults. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private double beta1 = 0.9, beta2 = 0.99;

        Builder() { super(1e-4, 0.0, 0.0); }

        @Override Builder self() { return this; }

        public Builder betas(double beta1, double beta2) { this.beta1 = beta1; this.beta2 = beta2; return this; }

        @Override
        public Lion build() {
            OptimizerSettings s = settings();
            if (s.maxUnorm() > 0)
                throw new IllegalArgumentException("maxUnorm must be 0 for Lion: upstream's Lion trust ratio takes the root of an unsquared sum (defect), got " + s.maxUnorm());
            return new Lion(new Hyperparams(lrOrThrow("Lion"), beta1, beta2, 0, 0, 0, weightDecay, 0, 0), s);
        }
    }
}
