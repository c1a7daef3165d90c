package io.bnb.backend.hpu;

import io.bnb.api.Backend;
import io.bnb.api.BackendUnavailableException;
import io.bnb.spi.Availability;
import io.bnb.spi.BackendProvider;
import io.bnb.spi.NativeProbe;

/** Intel Gaudi (Habana) through SynapseAI. Reports what is missing on this machine. */
public final class HpuProvider implements BackendProvider {
    @Override public String name() { return "hpu"; }
    @Override public int priority() { return 70; }

    @Override
    public Availability probe() {
        if (NativeProbe.findLibrary("libSynapse.so") == null)
            return Availability.unavailable("Habana SynapseAI runtime libSynapse.so not found (no Gaudi software stack)");
        return Availability.unavailable("SynapseAI binding not part of this release");
    }

    @Override
    public Backend open() {
        throw new BackendUnavailableException("hpu: " + probe().reason());
    }
}
