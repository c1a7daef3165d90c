package io.bnb.optim;

/**
 * Options every optimizer builder shares. Defaults are upstream's: 32-bit state, min8bitSize
 * 4096, no trust ratio (LAMB and LARS set their own), no paging, percentile clipping off, and
 * non-finite gradients rejected. Every value is validated by {@code build()}.
 *
 * @param <B> the concrete builder
 */
public abstract class OptimizerBuilder<B extends OptimizerBuilder<B>> {
    Double lr;
    double weightDecay;
    int optimBits = 32;
    int min8bitSize = 4096;
    double maxUnorm;
    boolean skipZeros;
    boolean paged;
    int percentileClipping = 100;
    NonFiniteGradients nonFinite = NonFiniteGradients.THROW;

    /** {@code defaultLr} null: the learning rate has no default and must be given. */
    OptimizerBuilder(Double defaultLr, double defaultWeightDecay, double defaultMaxUnorm) {
        this.lr = defaultLr;
        this.weightDecay = defaultWeightDecay;
        this.maxUnorm = defaultMaxUnorm;
    }

    abstract B self();

    public B lr(double lr) { this.lr = lr; return self(); }

    public B weightDecay(double wd) { this.weightDecay = wd; return self(); }

    /** 32 (default) or 8: 8-bit blockwise state for tensors of at least {@link #min8bitSize} elements. */
    public B bits(int bits) { this.optimBits = bits; return self(); }

    /** Tensors with fewer elements keep 32-bit state in an 8-bit optimizer (default 4096). */
    public B min8bitSize(int n) { this.min8bitSize = n; return self(); }

    /** Trust-ratio clip {@code ||update|| ≤ maxUnorm·||p||} of 32-bit updates (0 = off). */
    public B maxUnorm(double m) { this.maxUnorm = m; return self(); }

    /** Leave elements with an exactly-zero gradient untouched (32-bit kernels; ignored by 8-bit ones, as upstream). */
    public B skipZeros(boolean s) { this.skipZeros = s; return self(); }

    /** Paged state memory for parameters with at least 100 000 elements (upstream's {@code Paged*} classes). */
    public B paged(boolean p) { this.paged = p; return self(); }

    /** Clip gradients at this percentile (0..99) of their last 100 norms; 100 = off (default). */
    public B percentileClipping(int p) { this.percentileClipping = p; return self(); }

    /** What a NaN/Inf gradient does (default {@link NonFiniteGradients#THROW}). */
    public B nonFiniteGradients(NonFiniteGradients policy) { this.nonFinite = policy; return self(); }

    double lrOrThrow(String optimizer) {
        if (lr == null) throw new IllegalStateException(optimizer + " has no default learning rate: call lr(...)");
        return lr;
    }

    OptimizerSettings settings() {
        return new OptimizerSettings(optimBits, min8bitSize, maxUnorm, skipZeros, paged, percentileClipping, nonFinite);
    }

    /** Builds the optimizer; throws IllegalArgumentException naming the first invalid value. */
    public abstract Optimizer build();
}
