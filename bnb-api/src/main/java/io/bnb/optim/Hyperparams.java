package io.bnb.optim;

/**
 * The per-group hyper-parameters, in the names of the update kernels (upstream's param-group
 * values). One-state optimizers map their own names onto them: SGD/LARS momentum is
 * {@code beta1}, RMSprop's alpha is {@code beta1}; {@code alpha}, {@code beta3}, {@code tAlpha} and
 * {@code tBeta3} are AdEMAMix's. {@code tAlpha}/{@code tBeta3} = 0 means "no scheduler".
 */
public record Hyperparams(double lr, double beta1, double beta2, double beta3, double alpha, double eps,
                          double weightDecay, int tAlpha, int tBeta3) {
    public Hyperparams {
        if (!(lr >= 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("lr must be finite and >= 0, got " + lr);
        if (!(eps >= 0) || Double.isInfinite(eps)) throw new IllegalArgumentException("eps must be finite and >= 0, got " + eps);
        beta("beta1", beta1);
        beta("beta2", beta2);
        beta("beta3", beta3);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay))
            throw new IllegalArgumentException("weightDecay must be finite and >= 0, got " + weightDecay);
        if (!Double.isFinite(alpha)) throw new IllegalArgumentException("alpha must be finite, got " + alpha);
        if (tAlpha < 0) throw new IllegalArgumentException("tAlpha must be >= 0 (0 = no scheduler), got " + tAlpha);
        if (tBeta3 < 0) throw new IllegalArgumentException("tBeta3 must be >= 0 (0 = no scheduler), got " + tBeta3);
    }

    private static void beta(String name, double b) {
        if (!(b >= 0 && b < 1)) throw new IllegalArgumentException(name + " must be in [0, 1), got " + b);
    }

    public Hyperparams withLr(double v) { return new Hyperparams(v, beta1, beta2, beta3, alpha, eps, weightDecay, tAlpha, tBeta3); }
    public Hyperparams withBeta1(double v) { return new Hyperparams(lr, v, beta2, beta3, alpha, eps, weightDecay, tAlpha, tBeta3); }
    public Hyperparams withBeta2(double v) { return new Hyperparams(lr, beta1, v, beta3, alpha, eps, weightDecay, tAlpha, tBeta3); }
    public Hyperparams withBeta3(double v) { return new Hyperparams(lr, beta1, beta2, v, alpha, eps, weightDecay, tAlpha, tBeta3); }
    public Hyperparams withAlpha(double v) { return new Hyperparams(lr, beta1, beta2, beta3, v, eps, weightDecay, tAlpha, tBeta3); }
    public Hyperparams withEps(double v) { return new Hyperparams(lr, beta1, beta2, beta3, alpha, v, weightDecay, tAlpha, tBeta3); }
    public Hyperparams withWeightDecay(double v) { return new Hyperparams(lr, beta1, beta2, beta3, alpha, eps, v, tAlpha, tBeta3); }
    public Hyperparams withTAlpha(int v) { return new Hyperparams(lr, beta1, beta2, beta3, alpha, eps, weightDecay, v, tBeta3); }
    public Hyperparams withTBeta3(int v) { return new Hyperparams(lr, beta1, beta2, beta3, alpha, eps, weightDecay, tAlpha, v); }
}
