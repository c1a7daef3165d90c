package io.bnb.optim;

/**
 * What {@link Optimizer#step()} does when a gradient holds NaN or ±Inf. Checking scans every
 * gradient on the host (zero-copy on the CPU backend, a download elsewhere).
 */
public enum NonFiniteGradients {
    /**
     * Default: {@code step()} throws {@link IllegalArgumentException} naming the parameter before
     * anything is written (no parameter, state or step counter changes).
     */
    THROW,
    /** The whole step is skipped (nothing written) and {@code step()} returns false, like a loss scaler would. */
    SKIP_STEP,
    /**
     * No check: the gradient goes to the kernels as upstream does. 32-bit states and 8-bit one-state
     * optimizers then carry NaN forward; the 8-bit two-state kernels (Adam, AdEMAMix) reset the
     * state of the affected elements to 0 and leave those parameters unchanged.
     */
    PASS
}
