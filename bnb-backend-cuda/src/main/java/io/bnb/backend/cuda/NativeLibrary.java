package io.bnb.backend.cuda;

import io.bnb.spi.NativeProbe;

/**
 * Loads {@code libjniCudaNative.so} once. The library links the CUDA runtime statically, so
 * loading it never needs a driver: on a machine without one the first runtime call returns
 * "CUDA driver version is insufficient" instead of failing to link. Failures are remembered as
 * text for {@link CudaProvider#probe()}.
 */
final class NativeLibrary {
    private NativeLibrary() {}

    static final String RESOURCE = "/io/bnb/backend/cuda/" + NativeProbe.platform() + "/libjniCudaNative.so";

    private static volatile String error;
    private static volatile boolean loaded;

    /** True when the jar carries the library for this platform. */
    static boolean bundled() { return NativeLibrary.class.getResource(RESOURCE) != null; }

    /** Loads the library; returns null on success or why it could not be loaded. */
    static synchronized String load() {
        if (loaded) return null;
        if (error != null) return error;
        if (!bundled()) return error = "native library not built (no " + RESOURCE + " in the jar; build with nvcc installed)";
        try {
            org.bytedeco.javacpp.Loader.load(CudaNative.class);
            loaded = true;
            return null;
        } catch (Throwable t) {  // UnsatisfiedLinkError, NoClassDefFoundError (no JavaCPP), ...
            return error = "cannot load the native library: " + t;
        }
    }
}
