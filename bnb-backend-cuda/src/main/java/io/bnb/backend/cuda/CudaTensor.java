package io.bnb.backend.cuda;

import io.bnb.api.DType;
import io.bnb.api.Tensor;
import io.bnb.spi.TensorBase;

/** Device memory of one {@link CudaBackend}: a device address, or managed memory when paged. */
final class CudaTensor extends TensorBase {
    private final long ptr;
    private final boolean paged;

    CudaTensor(CudaBackend backend, DType dtype, long[] shape, long ptr, boolean paged) {
        super(backend, dtype, shape, null);
        this.ptr = ptr;
        this.paged = paged;
    }

    private CudaTensor(CudaBackend backend, DType dtype, long[] shape, CudaTensor root) {
        super(backend, dtype, shape, root);
        this.ptr = root.ptr;
        this.paged = root.paged;
    }

    /** The device address (0 for an empty tensor); throws if closed. */
    long ptr() {
        checkOpen("tensor");
        return ptr;
    }

    @Override public boolean isPaged() { return paged; }

    @Override
    protected Tensor view(DType dtype, long[] shape) {
        return new CudaTensor((CudaBackend) backend(), dtype, shape, (CudaTensor) root());
    }

    @Override
    protected void free() {
        if (ptr != 0) ((CudaBackend) backend()).release(ptr, paged);
    }
}
