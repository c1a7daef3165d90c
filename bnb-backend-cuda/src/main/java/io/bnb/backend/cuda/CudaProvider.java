package io.bnb.backend.cuda;

import io.bnb.api.Backend;
import io.bnb.api.BackendUnavailableException;
import io.bnb.spi.Availability;
import io.bnb.spi.BackendProvider;
import io.bnb.spi.NativeProbe;

/** NVIDIA GPUs. Probing checks for the bundled native library; the driver is queried on open. */
public final class CudaProvider implements BackendProvider {
    @Override public String name() { return "cuda"; }
    @Override public int priority() { return 100; }

    @Override
    public Availability probe() {
        String resource = "/io/bnb/backend/cuda/" + NativeProbe.platform() + "/libjniCudaNative.so";
        if (CudaProvider.class.getResource(resource) == null)
            return Availability.unavailable("native library not built (no " + resource + " in the jar; build with nvcc on PATH)");
        return Availability.unavailable("CUDA backend not yet wired");
    }

    @Override
    public Backend open() {
        throw new BackendUnavailableException("cuda: " + probe().reason());
    }
}
