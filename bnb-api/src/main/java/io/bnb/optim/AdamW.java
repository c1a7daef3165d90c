package io.bnb.optim;

import io.bnb.api.OptimizerKind;

/**
 * AdamW (upstream {@code AdamW}, {@code AdamW8bit}, {@code AdamW32bit}, {@code PagedAdamW*}): the
 * Adam kernel with decoupled weight decay, default 1e-2; lr 1e-3, betas (0.9, 0.999), eps 1e-8.
 */
public final class AdamW extends Optimizer {
    private AdamW(Hyperparams h, OptimizerSettings s) { super("AdamW", OptimizerKind.ADAM, h, s); }

    public static Builder builder() { return new Builder(); }

    /** Builder with upstream's defaults. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;

        Builder() { super(1e-3, 1e-2, 0.0); }

        @Override Builder self() { return this; }

        public Builder betas(double beta1, double beta2) { this.beta1 = beta1; this.beta2 = beta2; return this; }

        public Builder eps(double eps) { this.eps = eps; return this; }

        @Override
        public AdamW build() {
            OptimizerSettings s = settings();
            return new AdamW(new Hyperparams(lrOrThrow("AdamW"), beta1, beta2, 0, 0, eps, weightDecay, 0, 0), s);
        }
    }
}
