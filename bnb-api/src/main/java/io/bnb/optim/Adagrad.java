package io.bnb.optim;

import io.bnb.api.OptimizerKind;

/**
 * Adagrad (upstream {@code Adagrad}, {@code Adagrad8bit}, {@code Adagrad32bit}): lr 1e-2, eps 1e-10,
 * weight decay 0 (coupled, added to the gradient). {@code lr_decay} and
 * {@code initial_accumulator_value} are not offered (upstream rejects any value but 0).
 */
public final class Adagrad extends Optimizer {
    private Adagrad(Hyperparams h, OptimizerSettings s) { super("Adagrad", OptimizerKind.ADAGRAD, h, s); }

    public static Builder builder() { return new Builder(); }

    /** Builder with upstream's defaults. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private double eps = 1e-10;

        Builder() { super(1e-2, 0.0, 0.0); }

        @Override Builder self() { return this; }

        public Builder eps(double eps) { this.eps = eps; return this; }

        @Override
        public Adagrad build() {
            OptimizerSettings s = settings();
            return new Adagrad(new Hyperparams(lrOrThrow("Adagrad"), 0, 0, 0, 0, eps, weightDecay, 0, 0), s);
        }
    }
}
