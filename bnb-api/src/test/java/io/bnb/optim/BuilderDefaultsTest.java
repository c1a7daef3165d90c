package io.bnb.optim;

import io.bnb.api.OptimizerKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Constructor defaults and argument checks of upstream's classes (spec OPTIMIZERS.md §1). */
class BuilderDefaultsTest {

    static void assertHyper(Optimizer o, double lr, double b1, double b2, double b3, double alpha, double eps, double wd) {
        assertEquals(new Hyperparams(lr, b1, b2, b3, alpha, eps, wd, 0, 0), o.defaults(), o.name());
        assertEquals(o.defaults(), o.group(0).hyperparams());
    }

    @Test
    void upstreamDefaults() {
        try (var adam = Adam.builder().build(); var adamw = AdamW.builder().build(); var ademamix = AdEMAMix.builder().build();
             var lamb = LAMB.builder().build(); var sgd = SGD.builder().lr(0.01).momentum(0.9).build();
             var lars = LARS.builder().lr(0.01).momentum(0.9).build(); var rms = RMSprop.builder().build();
             var adagrad = Adagrad.builder().build(); var lion = Lion.builder().build()) {
            assertHyper(adam, 1e-3, 0.9, 0.999, 0, 0, 1e-8, 0);
            assertHyper(adamw, 1e-3, 0.9, 0.999, 0, 0, 1e-8, 1e-2);
            assertHyper(ademamix, 1e-3, 0.9, 0.999, 0.9999, 5.0, 1e-8, 1e-2);
            assertHyper(lamb, 1e-3, 0.9, 0.999, 0, 0, 1e-8, 0);
            assertHyper(sgd, 0.01, 0.9, 0, 0, 0, 0, 0);
            assertHyper(lars, 0.01, 0.9, 0, 0, 0, 0, 0);
            assertHyper(rms, 1e-2, 0.99, 0, 0, 0, 1e-8, 0);
            assertHyper(adagrad, 1e-2, 0, 0, 0, 0, 1e-10, 0);
            assertHyper(lion, 1e-4, 0.9, 0.99, 0, 0, 0, 0);
            assertEquals(new OptimizerSettings(32, 4096, 0, false, false, 100, NonFiniteGradients.THROW), adam.settings());
            assertEquals(1.0, lamb.settings().maxUnorm());
            assertEquals(0.02, lars.settings().maxUnorm());
            assertEquals(OptimizerKind.ADAM, adamw.kind());
            assertEquals(OptimizerKind.MOMENTUM, sgd.kind());
            assertEquals(OptimizerKind.LAMB, lamb.kind());
            assertEquals(OptimizerKind.LARS, lars.kind());
            assertEquals("AdEMAMix", ademamix.name());
        }
        try (var o = AdamW.builder().lr(1e-3f).bits(8).paged(true).build()) {
            assertEquals(8, o.settings().optimBits());
            assertTrue(o.settings().paged());
            assertEquals(1e-3f, (float) o.defaults().lr(), "a float literal rounds back to the same float");
        }
    }

    @Test
    void invalidArgumentsAreRejectedByBuild() {
        var e = assertThrows(IllegalStateException.class, () -> SGD.builder().momentum(0.9).build());
        assertTrue(e.getMessage().contains("lr"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> LARS.builder().momentum(0.9).build());
        assertThrows(IllegalArgumentException.class, () -> SGD.builder().lr(0.1).build(), "momentum 0 is not implemented upstream");
        assertThrows(IllegalArgumentException.class, () -> LARS.builder().lr(0.1).build());
        assertThrows(IllegalArgumentException.class, () -> RMSprop.builder().alpha(0).build());
        assertMessage("lr", () -> Adam.builder().lr(-1).build());
        assertMessage("lr", () -> Adam.builder().lr(Double.NaN).build());
        assertMessage("eps", () -> Adam.builder().eps(-1e-8).build());
        assertMessage("beta2", () -> Adam.builder().betas(0.9, 1.0).build());
        assertMessage("beta1", () -> Lion.builder().betas(-0.1, 0.99).build());
        assertMessage("beta3", () -> AdEMAMix.builder().betas(0.9, 0.999, 1.5).build());
        assertMessage("weightDecay", () -> AdamW.builder().weightDecay(-0.01).build());
        assertMessage("optimBits", () -> Adam.builder().bits(16).build());
        assertMessage("min8bitSize", () -> Adam.builder().min8bitSize(-1).build());
        assertMessage("percentileClipping", () -> Adam.builder().percentileClipping(101).build());
        assertMessage("tAlpha", () -> AdEMAMix.builder().tAlpha(-5).build());
        assertMessage("maxUnorm", () -> Lion.builder().maxUnorm(0.5).build());
        assertMessage("maxUnorm", () -> AdEMAMix.builder().maxUnorm(0.5).build());
        assertMessage("nonFinite", () -> Adam.builder().nonFiniteGradients(null).build());
    }

    @Test
    void lambMaxUnorm() {
        // LAMB8bit accepts only the default 1.0 (0.5 and 0.0 rejected); 32-bit LAMB keeps whatever it is given.
        assertMessage("maxUnorm", () -> LAMB.builder().bits(8).maxUnorm(0.5).build());
        assertMessage("maxUnorm", () -> LAMB.builder().bits(8).maxUnorm(0.0).build());
        try (var ok = LAMB.builder().bits(8).build()) {
            assertEquals(1.0, ok.settings().maxUnorm());
        }
        for (double m : new double[] {0, 0.5, 2.0})
            try (var l = LAMB.builder().maxUnorm(m).build()) {
                assertEquals(m, l.settings().maxUnorm());
            }
    }

    static void assertMessage(String mentions, org.junit.jupiter.api.function.Executable build) {
        var e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains(mentions), "message names " + mentions + ": " + e.getMessage());
    }
}
