package io.bnb.backend.cpu;

import java.lang.foreign.MemorySegment;

/**
 * A type hint for C2 about the segments kernels work on. No Vector API here: the scalar kernels
 * call it too, and they run where the jdk.incubator.vector module is absent.
 */
final class Segments {
    private Segments() {}

    /** The class of native segments, which hold every CPU tensor. */
    private static final Class<? extends MemorySegment> NATIVE = MemorySegment.NULL.getClass();

    /**
     * {@code s}, cast to the class of native segments; every kernel method with a loop over
     * segments passes them through this first. The segment methods that the Vector API calls
     * inside its loads and stores are virtual, and their type profiles are shared by every caller in
     * the JVM, the Vector API's own cold fallbacks on heap segments included. A kernel compiled after
     * those had run could not tell its stores from stores into a heap array, so it reloaded and
     * rechecked its segments and shuffle constants at every store (dequantize4bit to bf16: 8-11 ms
     * after the quantizers had run in the same JVM, against 4.5 ms alone). Once C2 knows the class,
     * those profiles no longer matter. CPU tensors are native; a heap segment (tests pass some)
     * comes back unchanged, which is only slower.
     */
    static MemorySegment nativeSegment(MemorySegment s) { return NATIVE.isInstance(s) ? NATIVE.cast(s) : s; }
}
