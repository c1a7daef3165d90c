package io.bnb.backend.xpu;

import io.bnb.api.Backend;
import io.bnb.api.BackendUnavailableException;
import io.bnb.spi.Availability;
import io.bnb.spi.BackendProvider;
import io.bnb.spi.NativeProbe;

import java.nio.file.Files;
import java.nio.file.Path;

/** Intel GPUs through Level Zero. Reports what is missing on this machine. */
public final class XpuProvider implements BackendProvider {
    @Override public String name() { return "xpu"; }
    @Override public int priority() { return 80; }

    @Override
    public Availability probe() {
        if (NativeProbe.findLibrary("libze_loader.so.1", "libze_loader.so") == null)
            return Availability.unavailable("Level Zero loader libze_loader.so.1 not found (install the Intel GPU driver / level-zero)");
        if (!Files.isDirectory(Path.of("/dev/dri")))
            return Availability.unavailable("Level Zero loader present but no GPU device (/dev/dri absent)");
        return Availability.unavailable("native library not built (Level Zero shim and SPIR-V kernels are not part of this release)");
    }

    @Override
    public Backend open() {
        throw new BackendUnavailableException("xpu: " + probe().reason());
    }
}
