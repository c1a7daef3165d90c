package io.bnb.optim;

/**
 * Optimizer-wide arguments that are not per-group hyper-parameters (upstream's {@code args}).
 *
 * @param optimBits          32 or 8: the state precision for tensors of at least {@code min8bitSize} elements
 * @param min8bitSize        smaller tensors always keep 32-bit state (upstream default 4096)
 * @param maxUnorm           trust-ratio clip of 32-bit updates (0 = off; LAMB 1.0, LARS 0.02)
 * @param skipZeros          leave elements whose gradient is exactly 0 untouched (32-bit kernels)
 * @param paged              allocate state of tensors with at least {@link #PAGED_MIN_NUMEL} elements as paged memory
 * @param percentileClipping 100 = off; below 100 clips each gradient to that percentile of its last
 *                           100 norms through {@link io.bnb.api.Backend#percentileClipping}
 * @param nonFinite          what a NaN/Inf gradient does
 */
public record OptimizerSettings(int optimBits, int min8bitSize, double maxUnorm, boolean skipZeros, boolean paged,
                                int percentileClipping, NonFiniteGradients nonFinite) {
    /** Upstream pages the state of parameters with at least 1e5 elements. */
    public static final long PAGED_MIN_NUMEL = 100_000;

    public OptimizerSettings {
        if (optimBits != 8 && optimBits != 32) throw new IllegalArgumentException("optimBits must be 8 or 32, got " + optimBits);
        if (min8bitSize < 0) throw new IllegalArgumentException("min8bitSize must be >= 0, got " + min8bitSize);
        if (!(maxUnorm >= 0) || Double.isInfinite(maxUnorm)) throw new IllegalArgumentException("maxUnorm must be finite and >= 0, got " + maxUnorm);
        if (percentileClipping < 0 || percentileClipping > 100)
            throw new IllegalArgumentException("percentileClipping must be in [0, 100] (100 = off), got " + percentileClipping);
        if (nonFinite == null) throw new IllegalArgumentException("nonFinite must not be null");
    }
}
