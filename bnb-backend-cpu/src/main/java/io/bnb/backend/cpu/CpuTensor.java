package io.bnb.backend.cpu;

import io.bnb.api.DType;
import io.bnb.api.Tensor;
import io.bnb.spi.TensorBase;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * A tensor in host memory: a 64-byte aligned native segment owned by its own shared arena. Small
 * tensors whose segment was never handed out are freed on the {@link ArenaCloser}'s thread.
 */
final class CpuTensor extends TensorBase {
    private final Arena arena; // null for views
    private final HostPool.Block block; // non-null when the memory comes from the pool
    private final MemorySegment seg;
    private final boolean paged;
    /** Whether {@link #hostSegment} gave the segment out (set on the root): then close frees it at once. */
    private volatile boolean exposed;

    /** A tensor of zeros. */
    CpuTensor(CpuBackend backend, DType dtype, long[] shape, boolean paged) {
        this(backend, dtype, shape, paged, true);
    }

    /** {@code zero=false}: contents undefined, for outputs a kernel overwrites completely. */
    CpuTensor(CpuBackend backend, DType dtype, long[] shape, boolean paged, boolean zero) {
        super(backend, dtype, shape, null);
        long bytes = numel() * dtype.byteSize();
        this.arena = Arena.ofShared();
        if (HostPool.pooled(bytes)) {
            this.block = HostPool.take(bytes, zero);
            // a view scoped to this tensor's own arena: closing the tensor invalidates it
            this.seg = block.memory().asSlice(0, bytes).reinterpret(arena, null);
        } else {
            this.block = null;
            this.seg = arena.allocate(Math.max(1, bytes), 64).asSlice(0, bytes);
        }
        this.paged = paged;
    }

    private CpuTensor(CpuBackend backend, DType dtype, long[] shape, CpuTensor root, MemorySegment seg) {
        super(backend, dtype, shape, root);
        this.arena = null;
        this.block = null;
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
        ((CpuTensor) root()).exposed = true;
        return Optional.of(seg);
    }

    @Override
    protected Tensor view(DType dtype, long[] shape) {
        return new CpuTensor((CpuBackend) backend(), dtype, shape, (CpuTensor) root(), seg);
    }

    @Override
    protected void free() {
        if (arena == null) return;
        // pooled blocks go back at once: their close is small next to the ops on them
        if (exposed || block != null) release();
        else ArenaCloser.later(seg.byteSize(), this::release);
    }

    private void release() {
        arena.close();
        if (block != null) HostPool.give(block);
    }
}
