package io.bnb.api;

import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * A dense, contiguous, row-major array owned by one {@link Backend}. Device tensors are opaque
 * handles; a host (CPU) tensor may expose its memory through {@link #hostSegment()}.
 * Closing frees the memory; any later use throws {@link IllegalStateException}.
 */
public interface Tensor extends AutoCloseable {
    /** The backend that owns this tensor. */
    Backend backend();

    DType dtype();

    /** A copy of the shape. */
    long[] shape();

    /** Number of elements (the product of the shape; 1 for a scalar). */
    long numel();

    /** numel * dtype size. */
    default long byteSize() { return numel() * dtype().byteSize(); }

    /** Number of dimensions. */
    default int rank() { return shape().length; }

    /** Size of dimension {@code d} (negative counts from the end). */
    default long size(int d) {
        long[] s = shape();
        return s[d < 0 ? s.length + d : d];
    }

    /** True for memory from {@link Backend#allocatePaged}. */
    boolean isPaged();

    boolean isClosed();

    /**
     * A view of the same memory with another shape of the same element count. Closing the
     * original invalidates the view; closing the view does not free the memory.
     */
    Tensor reshape(long... shape);

    /**
     * A view of the same bytes as another dtype (storage reinterpretation, like torch's
     * {@code view(dtype)} on contiguous memory); the byte size must stay the same.
     */
    Tensor viewAs(DType dtype, long... shape);

    /**
     * The host memory of this tensor when it lives in host-addressable memory. The segment stops
     * working (its accesses throw {@link IllegalStateException}) when the memory is freed: when
     * {@link #close()} of this tensor returns, or for a view, that of the tensor it views.
     */
    Optional<MemorySegment> hostSegment();

    /**
     * Closes the tensor (idempotent): every later use of it throws. A backend may free the memory a
     * little later, off the caller's thread (the CPU backend does so for small tensors whose
     * segment was never handed out), but never while a handed-out segment still works.
     */
    @Override
    void close();
}
