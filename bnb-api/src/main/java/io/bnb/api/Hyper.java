package io.bnb.api;

/**
 * Scalar hyper-parameters of one optimizer step, as the upstream update kernels take them.
 *
 * @param step       1-based step number (bias correction)
 * @param maxUnorm   trust-ratio clip (0 disables)
 * @param paramNorm  L2 norm of the parameter, required when maxUnorm > 0 for LAMB/LARS
 * @param gnormScale gradient multiplier (1 unless clipping)
 * @param skipZeros  leave elements whose gradient is exactly 0 untouched
 */
public record Hyper(float lr, float beta1, float beta2, float beta3, float alpha, float eps, float weightDecay,
                    int step, float maxUnorm, float paramNorm, float gnormScale, boolean skipZeros) {
    public Hyper {
        if (step < 1) throw new IllegalArgumentException("step must be >= 1, got " + step);
        if (!Float.isFinite(lr)) throw new IllegalArgumentException("lr must be finite, got " + lr);
        if (!(eps >= 0)) throw new IllegalArgumentException("eps must be >= 0, got " + eps);
    }

    /** Adam-style defaults: lr, betas (0.9, 0.999), eps 1e-8, no weight decay, step 1. */
    public static Hyper adam(float lr) {
        return new Hyper(lr, 0.9f, 0.999f, 0f, 0f, 1e-8f, 0f, 1, 0f, 0f, 1f, false);
    }

    public Hyper withStep(int s) { return new Hyper(lr, beta1, beta2, beta3, alpha, eps, weightDecay, s, maxUnorm, paramNorm, gnormScale, skipZeros); }
    public Hyper withLr(float v) { return new Hyper(v, beta1, beta2, beta3, alpha, eps, weightDecay, step, maxUnorm, paramNorm, gnormScale, skipZeros); }
    public Hyper withBetas(float b1, float b2) { return new Hyper(lr, b1, b2, beta3, alpha, eps, weightDecay, step, maxUnorm, paramNorm, gnormScale, skipZeros); }
    public Hyper withBeta3Alpha(float b3, float a) { return new Hyper(lr, beta1, beta2, b3, a, eps, weightDecay, step, maxUnorm, paramNorm, gnormScale, skipZeros); }
    public Hyper withEps(float v) { return new Hyper(lr, beta1, beta2, beta3, alpha, v, weightDecay, step, maxUnorm, paramNorm, gnormScale, skipZeros); }
    public Hyper withWeightDecay(float v) { return new Hyper(lr, beta1, beta2, beta3, alpha, eps, v, step, maxUnorm, paramNorm, gnormScale, skipZeros); }
    public Hyper withTrust(float maxU, float pNorm) { return new Hyper(lr, beta1, beta2, beta3, alpha, eps, weightDecay, step, maxU, pNorm, gnormScale, skipZeros); }
    public Hyper withGnormScale(float v) { return new Hyper(lr, beta1, beta2, beta3, alpha, eps, weightDecay, step, maxUnorm, paramNorm, v, skipZeros); }
    public Hyper withSkipZeros(boolean v) { return new Hyper(lr, beta1, beta2, beta3, alpha, eps, weightDecay, step, maxUnorm, paramNorm, gnormScale, v); }
}
