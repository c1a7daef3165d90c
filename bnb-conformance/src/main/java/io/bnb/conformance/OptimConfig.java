package io.bnb.conformance;

import io.bnb.api.Hyper;
import io.bnb.api.OptimizerKind;
import io.bnb.conformance.check.RefOptim;

/**
 * An optimizer as upstream's tests configure it (TOLERANCES.md §6, OPTIMIZERS.md §1): the kernel,
 * its hyper-parameters and, for scheduled AdEMAMix, the schedule lengths.
 */
record OptimConfig(String name, OptimizerKind kind, Hyper hyper, int tAlpha, int tBeta3) {

    static OptimConfig of(String name) {
        return switch (name) {
            case "adam" -> new OptimConfig(name, OptimizerKind.ADAM, base(1e-3f, 0.9f, 0.999f, 1e-8f, 0f), 0, 0);
            case "adamw" -> new OptimConfig(name, OptimizerKind.ADAM, base(1e-3f, 0.9f, 0.999f, 1e-8f, 1e-2f), 0, 0);
            case "momentum" -> new OptimConfig(name, OptimizerKind.MOMENTUM, base(0.01f, 0.9f, 0f, 1e-8f, 0f), 0, 0);
            case "lars" -> new OptimConfig(name, OptimizerKind.LARS, base(0.01f, 0.9f, 0f, 0f, 0f).withTrust(0.02f, 0f), 0, 0);
            case "rmsprop" -> new OptimConfig(name, OptimizerKind.RMSPROP, base(0.01f, 0.9f, 0f, 1e-8f, 0f), 0, 0);
            case "adagrad" -> new OptimConfig(name, OptimizerKind.ADAGRAD, base(0.01f, 0f, 0f, 1e-10f, 0f), 0, 0);
            case "lion" -> new OptimConfig(name, OptimizerKind.LION, base(1e-4f, 0.9f, 0.99f, 0f, 0f), 0, 0);
            case "lion_wd" -> new OptimConfig(name, OptimizerKind.LION, base(1e-4f, 0.9f, 0.99f, 0f, 0.1f), 0, 0);
            case "lamb" -> new OptimConfig(name, OptimizerKind.LAMB, base(1e-3f, 0.9f, 0.999f, 1e-8f, 0f).withTrust(1.0f, 0f), 0, 0);
            case "ademamix" -> new OptimConfig(name, OptimizerKind.ADEMAMIX,
                    base(1e-3f, 0.9f, 0.999f, 1e-8f, 1e-2f).withBeta3Alpha(0.9999f, 5f), 0, 0);
            case "ademamix_scheduled" -> new OptimConfig(name, OptimizerKind.ADEMAMIX,
                    base(1e-3f, 0.9f, 0.999f, 1e-8f, 1e-2f).withBeta3Alpha(0.9999f, 5f), 20, 20);
            case "ademamix_scheduled100" -> new OptimConfig(name, OptimizerKind.ADEMAMIX,
                    base(1e-3f, 0.9f, 0.999f, 1e-8f, 1e-2f).withBeta3Alpha(0.9999f, 5f), 100, 100);
            default -> throw new IllegalArgumentException("unknown optimizer configuration '" + name + "'");
        };
    }

    /** The hyper-parameters of the golden runs (golden/README.md): lr 1e-3, eps 1e-8, the listed betas; null if unknown. */
    static Hyper golden(String kernel, float wd) {
        return switch (kernel) {
            case "adam" -> base(1e-3f, 0.9f, 0.999f, 1e-8f, wd);
            case "momentum" -> base(1e-3f, 0.9f, 0f, 1e-8f, wd);
            case "rmsprop" -> base(1e-3f, 0.99f, 0f, 1e-8f, wd);
            case "lion" -> base(1e-3f, 0.9f, 0.99f, 1e-8f, wd);
            case "adagrad" -> base(1e-3f, 0f, 0f, 1e-8f, wd);
            case "ademamix" -> base(1e-3f, 0.9f, 0.999f, 1e-8f, wd).withBeta3Alpha(0.9999f, 5f);
            default -> null;
        };
    }

    private static Hyper base(float lr, float b1, float b2, float eps, float wd) {
        return new Hyper(lr, b1, b2, 0f, 0f, eps, wd, 1, 0f, 0f, 1f, false);
    }

    /** The hyper-parameters of step {@code t} (schedules applied), with the trust-ratio norm of {@code p}. */
    Hyper at(int t, float[] p) {
        Hyper h = hyper.withStep(t);
        if (tAlpha > 0)
            h = h.withBeta3Alpha(RefOptim.beta3Schedule(t, h.beta1(), hyper.beta3(), tBeta3), RefOptim.alphaSchedule(t, hyper.alpha(), tAlpha));
        if (h.maxUnorm() > 0) h = h.withTrust(h.maxUnorm(), RefOptim.norm(p));
        return h;
    }
}
