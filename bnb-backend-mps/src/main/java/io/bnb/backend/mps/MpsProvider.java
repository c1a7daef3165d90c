package io.bnb.backend.mps;

import io.bnb.api.Backend;
import io.bnb.api.BackendUnavailableException;
import io.bnb.spi.Availability;
import io.bnb.spi.BackendProvider;
import io.bnb.spi.NativeProbe;

/** Apple GPUs through Metal. Only macOS on Apple silicon can run it. */
public final class MpsProvider implements BackendProvider {
    @Override public String name() { return "mps"; }
    @Override public int priority() { return 60; }

    @Override
    public Availability probe() {
        if (!NativeProbe.isMac())
            return Availability.unavailable("Apple Metal needs macOS; this is " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        if (!"aarch64".equals(System.getProperty("os.arch")))
            return Availability.unavailable("Apple Metal backend needs Apple silicon (arm64), this is " + System.getProperty("os.arch"));
        return Availability.unavailable("native library not built (Metal shim is not part of this release)");
    }

    @Override
    public Backend open() {
        throw new BackendUnavailableException("mps: " + probe().reason());
    }
}
