package io.bnb.backend.rocm;

import io.bnb.api.Backend;
import io.bnb.api.BackendUnavailableException;
import io.bnb.spi.Availability;
import io.bnb.spi.BackendProvider;
import io.bnb.spi.NativeProbe;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * AMD GPUs through HIP (the CUDA kernel sources built with hipcc). The HIP build is not part of
 * this release: the probe says what is missing on this machine and that the native library is not built.
 */
public final class RocmProvider implements BackendProvider {
    @Override public String name() { return "rocm"; }
    @Override public int priority() { return 90; }

    @Override
    public Availability probe() {
        String resource = "/io/bnb/backend/rocm/" + NativeProbe.platform() + "/libjnibnbrocm.so";
        if (RocmProvider.class.getResource(resource) == null) {
            String hw = Files.exists(Path.of("/dev/kfd")) ? "an AMD GPU driver is present" : "no AMD GPU driver (/dev/kfd absent)";
            return Availability.unavailable("native library not built (no " + resource + " in the jar); " + hw);
        }
        if (!Files.exists(Path.of("/dev/kfd"))) return Availability.unavailable("no AMD GPU driver (/dev/kfd absent)");
        if (NativeProbe.findLibrary("libamdhip64.so", "libamdhip64.so.6", "libamdhip64.so.5") == null)
            return Availability.unavailable("HIP runtime libamdhip64.so not found");
        return Availability.unavailable("HIP kernels are not verified on this platform");
    }

    @Override
    public Backend open() {
        throw new BackendUnavailableException("rocm: " + probe().reason());
    }
}
