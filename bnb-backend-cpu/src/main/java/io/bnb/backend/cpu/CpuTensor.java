package io.bnb.backend.cpu;

import io.bnb.api.DType;
import io.bnb.api.Tensor;
import io.bnb.spi.TensorBase;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/** A tensor in host memory: a 64-byte aligned native segment owned by its own shared arena. */
final class CpuTensor extends TensorBase {
    private final Arena arena; // null for views and wrapped segments
    private final MemorySegment seg;
    private final boolean paged;

    CpuTensor(CpuBackend backend, DType dtype, long[] shape, boolean paged) {
        super(backend, dtype, shape, null);
        this.arena = Arena.ofShared();
        this.seg = arena.allocate(Math.max(1, numel() * dtype.byteSize()), 64).asSlice(0, numel() * dtype.byteSize());
        this.paged = paged;
    }

    private CpuTensor(CpuBackend backend, DType dtype, long[] shape, CpuTensor root, MemorySegment seg) {
        super(backend, dtype, shape, root);
        this.arena = null;
        this.seg = seg;
        this.paged = root.paged;
    }

    /** The memory; throws if closed. */
    MemorySegment seg() {
        checkOpen("tensor");
        return seg;
    }

    @Override public boolean isPaged() { return paged; }

    @Override
    public Optional<MemorySegment> hostSegment() {
        checkOpen("tensor");
        return Optional.of(seg);
    }

    @Override
    protected Tensor view(DType dtype, long[] shape) {
        return new CpuTensor((CpuBackend) backend(), dtype, shape, (CpuTensor) root(), seg);
    }

    @Override
    protected void free() {
        if (arena != null) arena.close();
    }
}
