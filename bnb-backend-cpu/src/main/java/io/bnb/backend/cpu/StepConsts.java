package io.bnb.backend.cpu;

import io.bnb.api.Hyper;

/**
 * The per-step scalars every update rule uses, computed once in float32 exactly as the rules
 * of spec OPTIMIZERS.md §3 write them, so that the scalar and the vector path share them.
 *
 * @param c1       {@code 1 - β1^t}
 * @param c2       {@code sqrt(1 - β2^t)}
 * @param stepSize {@code (-lr·c2) / c1}
 * @param epsC2    {@code eps·c2}
 * @param decay    {@code 1 - lr·wd}
 * @param scale    trust-ratio scale {@code s} (1 when off)
 */
record StepConsts(float lr, float beta1, float beta2, float beta3, float alpha, float eps, float wd, int step,
                  float gnormScale, boolean skipZeros, float c1, float c2, float stepSize, float epsC2, float decay,
                  float scale) {

    static StepConsts of(Hyper h, float scale) {
        float c1 = 1f - (float) Math.pow(h.beta1(), h.step());
        float c2 = (float) Math.sqrt(1f - (float) Math.pow(h.beta2(), h.step()));
        return new StepConsts(h.lr(), h.beta1(), h.beta2(), h.beta3(), h.alpha(), h.eps(), h.weightDecay(), h.step(),
                h.gnormScale(), h.skipZeros(), c1, c2, -h.lr() * c2 / c1, h.eps() * c2, 1f - h.lr() * h.weightDecay(), scale);
    }

    StepConsts withScale(float s) {
        return new StepConsts(lr, beta1, beta2, beta3, alpha, eps, wd, step, gnormScale, skipZeros, c1, c2, stepSize, epsC2, decay, s);
    }

    /** {@code 1 - β2^t} (the bias correction of the second moment, unsquared), for the trust ratio. */
    float c2sq() { return 1f - (float) Math.pow(beta2, step); }
}
