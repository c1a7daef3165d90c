package io.bnb.backend.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Reuses large host blocks. A fresh 64 MiB native allocation costs ~35 ms here (mmap, page
 * faults, zeroing) — more than the kernels that fill it — so blocks of at least
 * {@link #MIN_POOLED} bytes go back to a bounded pool on close instead of to the OS. Each tensor
 * sees its block through a segment of its own arena, so a segment used after its tensor was
 * closed still fails as with a freed allocation, even though the memory lives on in the pool.
 */
final class HostPool {
    private HostPool() {}

    /** Smaller blocks are allocated and freed directly (malloc reuses them cheaply). */
    static final long MIN_POOLED = 1L << 20;
    /** Upper bound of idle pooled bytes ({@code -Dbnb.cpu.pool.bytes}, default 1 GiB; 0 disables). */
    static final long MAX_IDLE = Long.getLong("bnb.cpu.pool.bytes", 1L << 30);

    /** A pooled block: its long-lived arena and memory. */
    record Block(Arena arena, MemorySegment memory) {}

    private static final Map<Long, ArrayDeque<Block>> IDLE = new HashMap<>();
    private static long idleBytes;

    /** Rounds large sizes up to 1 MiB so that near sizes share blocks. */
    static long sizeClass(long bytes) {
        return bytes < MIN_POOLED ? bytes : (bytes + MIN_POOLED - 1) & -MIN_POOLED;
    }

    static boolean pooled(long bytes) { return MAX_IDLE > 0 && bytes >= MIN_POOLED; }

    /** A block of at least {@code bytes}; {@code zero} fills reused memory with zeros (fresh memory is zero already). */
    static Block take(long bytes, boolean zero) {
        long cls = sizeClass(bytes);
        synchronized (IDLE) {
            ArrayDeque<Block> q = IDLE.get(cls);
            Block blk = q == null ? null : q.pollLast();
            if (blk != null) {
                idleBytes -= cls;
                if (zero) blk.memory().fill((byte) 0);
                return blk;
            }
        }
        Arena arena = Arena.ofShared();
        return new Block(arena, arena.allocate(cls, 64));
    }

    /** Returns a block; frees it (or older idle blocks) when the pool would exceed its bound. */
    static void give(Block blk) {
        long cls = blk.memory().byteSize();
        synchronized (IDLE) {
            while (idleBytes + cls > MAX_IDLE && evictOne()) { /* make room */ }
            if (idleBytes + cls <= MAX_IDLE) {
                IDLE.computeIfAbsent(cls, k -> new ArrayDeque<>()).addLast(blk);
                idleBytes += cls;
                return;
            }
        }
        blk.arena().close();
    }

    private static boolean evictOne() {
        for (var it = IDLE.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            Block b = e.getValue().pollFirst();
            if (e.getValue().isEmpty()) it.remove();
            if (b != null) {
                idleBytes -= e.getKey();
                b.arena().close();
                return true;
            }
        }
        return false;
    }
}
