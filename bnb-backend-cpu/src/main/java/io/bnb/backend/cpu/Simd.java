package io.bnb.backend.cpu;

/**
 * Whether the incubating Vector API is present. Kernels test {@link #ENABLED} once and pick the
 * vector or the scalar path; the scalar path is always correct on its own.
 */
final class Simd {
    private Simd() {}

    static final boolean ENABLED = detect();

    private static boolean detect() {
        if (Boolean.getBoolean("bnb.cpu.scalar")) return false;
        try {
            return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && VectorProbe.works();
        } catch (Throwable t) {
            return false;
        }
    }

    static int bits() { return ENABLED ? VectorProbe.bits() : 0; }
}
