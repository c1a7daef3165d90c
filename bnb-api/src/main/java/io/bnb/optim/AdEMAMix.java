package io.bnb.optim;

import io.bnb.api.OptimizerKind;

/**
 * AdEMAMix (upstream {@code AdEMAMix}, {@code AdEMAMix8bit}, {@code AdEMAMix32bit},
 * {@code PagedAdEMAMix*}): lr 1e-3, betas (0.9, 0.999, 0.9999), alpha 5, no schedulers, eps 1e-8,
 * decoupled weight decay 1e-2. The first state holds both EMAs ({@code [2, *shape]}); the
 * schedulers of alpha and beta3 are {@link AdemamixSchedule}.
 */
public final class AdEMAMix extends Optimizer {
    private AdEMAMix(Hyperparams h, OptimizerSettings s) { super("AdEMAMix", OptimizerKind.ADEMAMIX, h, s); }

    public static Builder builder() { return new Builder(); }

    /** Builder with upstream's defaults. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private double beta1 = 0.9, beta2 = 0.999, beta3 = 0.9999, alpha = 5.0, eps = 1e-8;
        private int tAlpha, tBeta3;

        Builder() { super(1e-3, 1e-2, 0.0); }

        @Override Builder self() { return this; }

        public Builder betas(double beta1, double beta2, double beta3) {
            this.beta1 = beta1; this.beta2 = beta2; this.beta3 = beta3; return this;
        }

        public Builder alpha(double alpha) { this.alpha = alpha; return this; }

        /** Warm-up of alpha over {@code tAlpha} steps (0 = none, upstream's None). */
        public Builder tAlpha(int tAlpha) { this.tAlpha = tAlpha; return this; }

        /** Warm-up of beta3 over {@code tBeta3} steps (0 = none, upstream's None). */
        public Builder tBeta3(int tBeta3) { this.tBeta3 = tBeta3; return this; }

        public Builder eps(double eps) { this.eps = eps; return this; }

        @Override
        public AdEMAMix build() {
            OptimizerSettings s = settings();
            if (s.maxUnorm() > 0) throw new IllegalArgumentException("maxUnorm must be 0 for AdEMAMix (its kernels have no trust ratio), got " + s.maxUnorm());
            return new AdEMAMix(new Hyperparams(lrOrThrow("AdEMAMix"), beta1, beta2, beta3, alpha, eps, weightDecay, tAlpha, tBeta3), s);
        }
    }
}
