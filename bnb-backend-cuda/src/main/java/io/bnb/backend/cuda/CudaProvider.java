package io.bnb.backend.cuda;

import io.bnb.api.Backend;
import io.bnb.api.BackendUnavailableException;
import io.bnb.spi.Availability;
import io.bnb.spi.BackendProvider;

/**
 * NVIDIA GPUs. Probing loads the bundled JNI library (safe: the CUDA runtime inside it is static
 * and reports a missing driver as an error code) and asks the runtime for devices. The device
 * index is {@code -Dbnb.cuda.device} / {@code BNB_CUDA_DEVICE} (default 0).
 */
public final class CudaProvider implements BackendProvider {
    @Override public String name() { return "cuda"; }
    @Override public int priority() { return 100; }

    static int deviceIndex() {
        String s = System.getProperty("bnb.cuda.device");
        if (s == null || s.isBlank()) s = System.getenv("BNB_CUDA_DEVICE");
        if (s == null || s.isBlank()) return 0;
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public Availability probe() {
        String err = NativeLibrary.load();
        if (err != null) return Availability.unavailable(err);
        int n = CudaNative.bnb_device_count();
        if (n < 0) return Availability.unavailable("CUDA runtime reports: " + CudaNative.bnb_last_error());
        if (n == 0) return Availability.unavailable("no CUDA-capable device is detected");
        int dev = deviceIndex();
        if (dev < 0 || dev >= n)
            return Availability.unavailable("bnb.cuda.device must be in 0.." + (n - 1) + ", got " + System.getProperty("bnb.cuda.device",
                    System.getenv("BNB_CUDA_DEVICE")));
        return Availability.available(n + " CUDA device(s), driver " + version(CudaNative.bnb_driver_version())
                + ", runtime " + version(CudaNative.bnb_runtime_version()) + ", using device " + dev);
    }

    private static String version(int v) { return (v / 1000) + "." + (v % 1000) / 10; }

    @Override
    public Backend open() {
        Availability a = probe();
        if (!a.available()) throw new BackendUnavailableException("cuda: " + a.reason());
        return new CudaBackend(deviceIndex());
    }
}
