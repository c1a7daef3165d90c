package io.bnb.optim;

import io.bnb.api.OptimizerKind;

/**
 * Adam (upstream {@code Adam}, {@code Adam8bit}, {@code Adam32bit}, {@code PagedAdam*}): lr 1e-3,
 * betas (0.9, 0.999), eps 1e-8, weight decay 0. Unlike {@code torch.optim.Adam} the weight decay is
 * decoupled (AdamW-style), as upstream's kernel applies it; {@code amsgrad} is not offered (upstream ignores it).
 */
public final class Adam extends Optimizer {
    private Adam(Hyperparams h, OptimizerSettings s) { super("Adam", OptimizerKind.ADAM, h, s); }

    public static Builder builder() { return new Builder(); }

    /** Builder with upstream's defaults. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;

        Builder() { super(1e-3, 0.0, 0.0); }

        @Override Builder self() { return this; }

        public Builder betas(double beta1, double beta2) { this.beta1 = beta1; this.beta2 = beta2; return this; }

        public Builder eps(double eps) { this.eps = eps; return this; }

        @Override
        public Adam build() {
            OptimizerSettings s = settings();
            return new Adam(new Hyperparams(lrOrThrow("Adam"), beta1, beta2, 0, 0, eps, weightDecay, 0, 0), s);
        }
    }
}
