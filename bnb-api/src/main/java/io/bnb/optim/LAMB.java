package io.bnb.optim;

import io.bnb.api.OptimizerKind;

/**
 * LAMB (upstream {@code LAMB}, {@code LAMB8bit}, {@code LAMB32bit}): the Adam kernel with a
 * layer-wise trust ratio, maxUnorm 1.0; lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.
 * 8-bit updates never apply the trust ratio, so 8-bit LAMB requires the default maxUnorm (as
 * upstream's {@code LAMB8bit}); upstream's CUDA build has no 8-bit LAMB kernel at all.
 */
public final class LAMB extends Optimizer {
    private LAMB(Hyperparams h, OptimizerSettings s) { super("LAMB", OptimizerKind.LAMB, h, s); }

    public static Builder builder() { return new Builder(); }

    /** Builder with upstream's defaults. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;

        Builder() { super(1e-3, 0.0, 1.0); }

        @Override Builder self() { return this; }

        public Builder betas(double beta1, double beta2) { this.beta1 = beta1; this.beta2 = beta2; return this; }

        public Builder eps(double eps) { this.eps = eps; return this; }

        @Override
        public LAMB build() {
            OptimizerSettings s = settings();
            if (s.optimBits() == 8 && s.maxUnorm() != 1.0)
                throw new IllegalArgumentException("maxUnorm must be 1.0 for 8-bit LAMB (8-bit updates have no trust ratio), got " + s.maxUnorm());
            return new LAMB(new Hyperparams(lrOrThrow("LAMB"), beta1, beta2, 0, 0, eps, weightDecay, 0, 0), s);
        }
    }
}
