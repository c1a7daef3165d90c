package io.bnb.backend.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Native scratch memory aligned to 64 bytes, for operands that several tasks read with vector
 * loads (a heap array starts wherever the collector put it, and loads that straddle cache lines
 * cost a tile up to half its speed). Blocks are reused: a shared arena per call cost 32–74 µs to
 * open and close here, with stalls of up to 27 ms. Each call takes a block of its own, so calls
 * running at the same time (a thread that steals work while it waits may start another) never
 * share one. Blocks come from automatic arenas: one left out of the pool is freed by the GC.
 */
final class NativeScratch {
    private NativeScratch() {}

    /** Idle bytes kept at most; a block that would go past it is left to the GC. */
    static final long KEEP_BYTES = 64L << 20;
    private static final ConcurrentLinkedQueue<MemorySegment> IDLE = new ConcurrentLinkedQueue<>();
    private static final AtomicLong IDLE_BYTES = new AtomicLong();

    /** A block of at least {@code bytes} (its contents are whatever it held before); hand it back with {@link #give}. */
    static MemorySegment take(long bytes) {
        MemorySegment s = IDLE.poll();
        if (s != null) {
            IDLE_BYTES.addAndGet(-s.byteSize());
            if (s.byteSize() >= bytes) return s;
        }
        return Arena.ofAuto().allocate(Math.max(bytes, 1), 64);
    }

    static void give(MemorySegment s) {
        if (IDLE_BYTES.addAndGet(s.byteSize()) > KEEP_BYTES) {
            IDLE_BYTES.addAndGet(-s.byteSize());
            return;
        }
        IDLE.offer(s);
    }

    /** Bytes held idle now (for tests). */
    static long idleBytes() { return IDLE_BYTES.get(); }
}
