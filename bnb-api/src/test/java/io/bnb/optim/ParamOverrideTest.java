package io.bnb.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Override values fall through to the group and the optimizer; later merges win (upstream's dict update). */
class ParamOverrideTest {
    final Hyperparams group = new Hyperparams(1e-3, 0.9, 0.999, 0, 0, 1e-8, 0.01, 0, 0);
    final OptimizerSettings settings = new OptimizerSettings(8, 4096, 0, false, true, 100, NonFiniteGradients.THROW);

    @Test
    void unsetValuesFallThrough() {
        assertTrue(ParamOverride.none().isEmpty());
        assertSame(group, ParamOverride.none().apply(group));
        ParamOverride o = ParamOverride.none().lr(5e-4).betas(0.8, 0.99).optimBits(32);
        assertEquals(new Hyperparams(5e-4, 0.8, 0.99, 0, 0, 1e-8, 0.01, 0, 0), o.apply(group));
        assertEquals(new OptimizerSettings(32, 4096, 0, false, true, 100, NonFiniteGradients.THROW), o.apply(settings));
        assertEquals("ParamOverride[optimBits=32, lr=5.0E-4, beta1=0.8, beta2=0.99]", o.toString());
    }

    @Test
    void laterValuesWin() {
        ParamOverride a = ParamOverride.none().lr(1.0).eps(1e-6);
        ParamOverride b = ParamOverride.none().lr(2.0).skipZeros(true);
        ParamOverride m = a.merge(b);
        assertEquals(2.0, m.apply(group).lr());
        assertEquals(1e-6, m.apply(group).eps());
        assertTrue(m.apply(settings).skipZeros());
        assertEquals(ParamOverride.none().lr(1.0).eps(1e-6), a, "merge does not change its operands");
    }

    @Test
    void registryMergesPerTensorIdentity() {
        OptimOverrides r = new OptimOverrides();
        Object key = new Object();
        // Any tensor identity will do; a proxy keeps this test free of backends.
        io.bnb.api.Tensor t = (io.bnb.api.Tensor) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {io.bnb.api.Tensor.class}, (p, m, args) -> switch (m.getName()) {
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    default -> key.toString();
                });
        assertEquals(ParamOverride.none(), r.get(t));
        r.override(t, ParamOverride.none().lr(1));
        r.override(t, ParamOverride.none().weightDecay(0));
        assertEquals(ParamOverride.none().lr(1).weightDecay(0), r.get(t));
        r.remove(t);
        assertTrue(r.get(t).isEmpty());
    }

    @Test
    void invalidValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ParamOverride.none().optimBits(4));
        assertThrows(IllegalArgumentException.class, () -> ParamOverride.none().min8bitSize(-1));
        assertThrows(IllegalArgumentException.class, () -> ParamOverride.none().maxUnorm(-1));
        assertThrows(IllegalArgumentException.class, () -> ParamOverride.none().percentileClipping(-1));
        var e = assertThrows(IllegalArgumentException.class, () -> ParamOverride.none().beta2(1.0).apply(group));
        assertTrue(e.getMessage().contains("beta2"));
    }
}
