package io.bnb.backend.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The host memory of CPU tensors: blocks that outlive their tensors and are reused.
 *
 * <p>Why a pool for every size. A tensor that owned a shared arena paid for its close with a
 * handshake with every Java thread (about 30–90 µs here, several per quantized linear layer of an
 * inference loop), and a handshake that met a running kernel could deoptimize it (see
 * {@link KernelGate}). A block lives in an arena of its own that is closed only when the pool lets
 * it go, so closing a tensor costs nothing of the kind. Large blocks have a second reason: a fresh
 * 64 MiB native allocation costs ~35 ms (mmap, page faults, zeroing), more than the kernels that fill it.
 *
 * <p>Safety. A closed tensor's block is retired, not reused at once: it goes back to the idle
 * lists only at a moment when no parallel section runs ({@link KernelGate#tryFree}), so a kernel
 * still reading it (another thread that raced the close) finishes on the old contents. Only past
 * {@link #MAX_RETIRED} is a block's arena closed while kernels run, and then the JDK's checks turn a
 * late access into an exception; so no misuse can crash the JVM, and the API rejects closed tensors
 * by name. A segment handed out to the user ({@link CpuTensor#hostSegment}) is a view in an arena
 * of its tensor that the close does close, so it stops working as a freed allocation would.
 */
final class HostPool {
    private HostPool() {}

    /** Blocks from this size are rounded up to whole MiB; smaller ones to a power of two (at least {@link #MIN_BLOCK}). */
    static final long LARGE = 1L << 20;
    static final long MIN_BLOCK = 64;
    /** Upper bound of idle pooled bytes ({@code -Dbnb.cpu.pool.bytes}, default 1 GiB; 0 keeps nothing idle). */
    static final long MAX_IDLE = Long.getLong("bnb.cpu.pool.bytes", 1L << 30);
    /** Retired bytes beyond which a closed tensor's block is let go at once if it cannot be recycled ({@link #retire}). */
    static final long MAX_RETIRED = 256L << 20;

    /** A block: its arena (closed only when the pool lets the block go) and its memory. */
    record Block(Arena arena, MemorySegment memory) {}

    private static final Map<Long, ArrayDeque<Block>> IDLE = new HashMap<>();
    private static final List<Block> RETIRED = new ArrayList<>();
    private static long idleBytes;
    /** Bytes in {@link #RETIRED}: written under the lock, read without it to see whether any wait. */
    private static volatile long retiredBytes;

    /** The block size that serves {@code bytes}. */
    static long sizeClass(long bytes) {
        if (bytes >= LARGE) return (bytes + LARGE - 1) & -LARGE;
        return Math.max(MIN_BLOCK, Long.highestOneBit(Math.max(1, bytes - 1)) << 1);
    }

    /** A block of at least {@code bytes}; {@code zero}: its first {@code bytes} are zeros (fresh memory is zero already). */
    static Block take(long bytes, boolean zero) {
        long cls = sizeClass(bytes);
        Block blk = idle(cls);
        if (blk == null && recycleIfIdle()) blk = idle(cls);
        if (blk != null) {
            if (zero) blk.memory().asSlice(0, bytes).fill((byte) 0);
            return blk;
        }
        Arena arena = Arena.ofShared();
        return new Block(arena, arena.allocate(cls, 64));
    }

    private static Block idle(long cls) {
        synchronized (IDLE) {
            ArrayDeque<Block> q = IDLE.get(cls);
            Block blk = q == null ? null : q.pollLast();
            if (blk != null) idleBytes -= cls;
            return blk;
        }
    }

    /** Takes back the block of a closed tensor; it is reused once no parallel section runs. */
    static void retire(Block blk) {
        // ops of several threads that overlap without a break must not grow retired memory without
        // bound: past the bound a block that cannot be recycled now is let go at once
        if (addRetired(blk) <= MAX_RETIRED || KernelGate.tryFree(HostPool::recycle)) return;
        synchronized (IDLE) {
            if (!RETIRED.remove(blk)) return; // recycled meanwhile
            retiredBytes -= blk.memory().byteSize();
        }
        try {
            blk.arena().close();
        } catch (IllegalStateException e) { // another thread is still inside an op on it
            addRetired(blk);
        }
    }

    /** Adds {@code blk} to the retired blocks; returns their bytes. */
    private static long addRetired(Block blk) {
        synchronized (IDLE) {
            RETIRED.add(blk);
            return retiredBytes += blk.memory().byteSize();
        }
    }

    /** Recycles the retired blocks if any wait and no parallel section runs; whether it did. */
    static boolean recycleIfIdle() {
        return retiredBytes != 0 && KernelGate.tryFree(HostPool::recycle);
    }

    /** Bytes of the retired blocks (tests). */
    static long retiredBytes() { return retiredBytes; }

    /**
     * Moves the retired blocks to the idle lists, letting go of the oldest idle blocks beyond
     * {@link #MAX_IDLE}. Only inside {@link KernelGate#tryFree}: no kernel can be reading them.
     */
    static void recycle() {
        List<Block> gone = new ArrayList<>();
        synchronized (IDLE) {
            for (Block blk : RETIRED) {
                long cls = blk.memory().byteSize();
                while (idleBytes + cls > MAX_IDLE && evictOne(gone)) { /* make room */ }
                if (idleBytes + cls <= MAX_IDLE) {
                    IDLE.computeIfAbsent(cls, k -> new ArrayDeque<>()).addLast(blk);
                    idleBytes += cls;
                } else gone.add(blk);
            }
            RETIRED.clear();
            retiredBytes = 0;
        }
        for (Block blk : gone) blk.arena().close(); // outside the lock: a close is a handshake
    }

    private static boolean evictOne(List<Block> gone) {
        for (var it = IDLE.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            Block b = e.getValue().pollFirst();
            if (e.getValue().isEmpty()) it.remove();
            if (b != null) {
                idleBytes -= e.getKey();
                gone.add(b);
                return true;
            }
        }
        return false;
    }
}
