package io.bnb.optim;

/**
 * The AdEMAMix warm-up schedulers (spec OPTIMIZERS.md §6), computed in double per step as
 * upstream does in Python, then rounded to float where the kernels take them.
 */
public final class AdemamixSchedule {
    private AdemamixSchedule() {}

    /** {@code min(t·α / tAlpha, α)}, or {@code α} when {@code tAlpha == 0} (no scheduler). */
    public static double alpha(int step, double alpha, int tAlpha) {
        if (tAlpha == 0) return alpha;
        return Math.min(step * alpha / tAlpha, alpha);
    }

    /**
     * {@code min(exp(ln β1 · ln β3 / ((1 − s)·ln β3 + s·ln β1)), β3)} with {@code s = t / tBeta3},
     * or {@code β3} when {@code tBeta3 == 0}. It rises from β1 at t = 0 to β3 at t = tBeta3,
     * interpolating the half-lives linearly.
     */
    public static double beta3(int step, double beta1, double beta3, int tBeta3) {
        if (tBeta3 == 0) return beta3;
        double s = (double) step / tBeta3;
        double lnB1 = Math.log(beta1), lnB3 = Math.log(beta3);
        return Math.min(Math.exp(lnB1 * lnB3 / ((1 - s) * lnB3 + s * lnB1)), beta3);
    }
}
