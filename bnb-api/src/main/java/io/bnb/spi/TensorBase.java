package io.bnb.spi;

import io.bnb.api.Backend;
import io.bnb.api.DType;
import io.bnb.api.Shapes;
import io.bnb.api.Tensor;

import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * Bookkeeping shared by backend tensors: dtype, shape, closed state and views. A view shares its
 * root's memory; closing the root closes every view, closing a view frees nothing.
 */
public abstract class TensorBase implements Tensor {
    private final Backend backend;
    private final DType dtype;
    private final long[] shape;
    private final long numel;
    private final TensorBase root;
    private volatile boolean closed;

    protected TensorBase(Backend backend, DType dtype, long[] shape, TensorBase root) {
        this.backend = backend;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.numel = Shapes.numel(shape);
        this.root = root;
    }

    @Override public final Backend backend() { return backend; }
    @Override public final DType dtype() { return dtype; }
    @Override public final long[] shape() { return shape.clone(); }
    @Override public final long numel() { return numel; }
    @Override public final boolean isClosed() { return closed || (root != null && root.isClosed()); }

    /** The tensor that owns the memory (this one unless this is a view). */
    protected final TensorBase root() { return root == null ? this : root; }

    /** Throws if closed; {@code what} names the argument in the message. */
    public final void checkOpen(String what) {
        if (isClosed()) throw new IllegalStateException(what + " is closed (" + this + ")");
    }

    @Override
    public final Tensor reshape(long... newShape) {
        checkOpen("tensor");
        if (Shapes.numel(newShape) != numel)
            throw new IllegalArgumentException("reshape: shape " + Shapes.str(newShape) + " has " + Shapes.numel(newShape)
                    + " elements, tensor has " + numel);
        return view(dtype, newShape);
    }

    @Override
    public final Tensor viewAs(DType newType, long... newShape) {
        checkOpen("tensor");
        if (Shapes.numel(newShape) * newType.byteSize() != byteSize())
            throw new IllegalArgumentException("viewAs: " + newType + Shapes.str(newShape) + " is " + Shapes.numel(newShape) * newType.byteSize()
                    + " bytes, tensor is " + byteSize());
        return view(newType, newShape);
    }

    /** Creates a view of the same memory (called after size checks). */
    protected abstract Tensor view(DType dtype, long[] shape);

    @Override
    public Optional<MemorySegment> hostSegment() { return Optional.empty(); }

    @Override
    public final void close() {
        if (closed) return;
        closed = true;
        if (root == null) free();
    }

    /** Releases the memory of a root tensor (once). */
    protected abstract void free();

    @Override
    public String toString() {
        return backend.name() + " " + dtype + Shapes.str(shape) + (closed ? " (closed)" : "");
    }
}
