package io.bnb.backend.cpu;

import io.bnb.api.Backend;
import io.bnb.spi.Availability;
import io.bnb.spi.BackendProvider;

/** Provider of the pure-Java backend; always available. */
public final class CpuProvider implements BackendProvider {
    @Override public String name() { return "cpu"; }
    @Override public int priority() { return 10; }

    @Override
    public Availability probe() {
        return Availability.available(Runtime.getRuntime().availableProcessors() + " cores, "
                + (Simd.ENABLED ? "Vector API " + Simd.bits() + "-bit" : "scalar (add --add-modules=jdk.incubator.vector for SIMD)"));
    }

    @Override public Backend open() { return new CpuBackend(); }
}
