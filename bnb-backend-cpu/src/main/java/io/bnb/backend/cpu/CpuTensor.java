package io.bnb.backend.cpu;

import io.bnb.api.DType;
import io.bnb.api.Tensor;
import io.bnb.spi.TensorBase;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * A tensor in host memory: a 64-byte aligned native segment of a {@link HostPool} block. Closing it
 * retires the block (no arena close, see {@link HostPool}); a segment handed out by
 * {@link #hostSegment} lives in an arena of the root tensor that the close closes.
 */
final class CpuTensor extends TensorBase {
    private final HostPool.Block block; // null for views
    private final MemorySegment seg;
    private final boolean paged;
    /** The arena of the segments handed out (set on the root, at the first {@link #hostSegment}); closed by close. */
    private Arena exposure;
    /** Set by {@link #free}, under the same lock as {@link #exposure}: no segment is handed out after it. */
    private boolean freed;

    /** A tensor of zeros. */
    CpuTensor(CpuBackend backend, DType dtype, long[] shape, boolean paged) {
        this(backend, dtype, shape, paged, true);
    }

    /** {@code zero=false}: contents undefined, for outputs a kernel overwrites completely. */
    CpuTensor(CpuBackend backend, DType dtype, long[] shape, boolean paged, boolean zero) {
        super(backend, dtype, shape, null);
        long bytes = numel() * dtype.byteSize();
        this.block = HostPool.take(bytes, zero);
        this.seg = block.memory().asSlice(0, bytes);
        this.paged = paged;
    }

    private CpuTensor(CpuBackend backend, DType dtype, long[] shape, CpuTensor root, MemorySegment seg) {
        super(backend, dtype, shape, root);
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
        return Optional.of(seg.reinterpret(((CpuTensor) root()).exposure(), null));
    }

    /** The root's arena for handed-out segments, made on first use. */
    private synchronized Arena exposure() {
        if (freed) throw new IllegalStateException("tensor is closed (" + this + ")");
        if (exposure == null) exposure = Arena.ofShared();
        return exposure;
    }

    @Override
    protected Tensor view(DType dtype, long[] shape) {
        return new CpuTensor((CpuBackend) backend(), dtype, shape, (CpuTensor) root(), seg);
    }

    @Override
    protected void free() {
        if (block == null) return;
        Arena handedOut;
        synchronized (this) {
            freed = true;
            handedOut = exposure;
        }
        // the user's segments stop working before close returns; the block is reused later
        if (handedOut != null) handedOut.close();
        HostPool.retire(block);
    }
}
