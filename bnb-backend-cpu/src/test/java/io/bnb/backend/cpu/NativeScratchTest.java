package io.bnb.backend.cpu;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.*;

/** The scratch pool behind the lane tiles: aligned, reused, never handed to two holders at once. */
class NativeScratchTest {
    @Test
    void blocksAreAlignedBigEnoughAndReused() {
        MemorySegment a = NativeScratch.take(1000);
        assertTrue(a.byteSize() >= 1000);
        assertEquals(0, a.address() % 64, "64-byte aligned");
        NativeScratch.give(a);
        MemorySegment again = NativeScratch.take(500);
        try {
            // the idle queue may hold blocks other tests gave back; ours must come back eventually
            boolean seen = again.address() == a.address();
            for (int i = 0; i < 64 && !seen; i++) {
                MemorySegment s = NativeScratch.take(500);
                seen = s.address() == a.address();
            }
            assertTrue(seen, "a given-back block is taken again");
        } finally {
            NativeScratch.give(again);
        }
    }

    @Test
    void holdersAtTheSameTimeGetDistinctBlocks() {
        MemorySegment a = NativeScratch.take(4096), b = NativeScratch.take(4096);
        try {
            assertNotEquals(a.address(), b.address());
            assertTrue(a.address() + 4096 <= b.address() || b.address() + 4096 <= a.address(), "blocks overlap");
        } finally {
            NativeScratch.give(a);
            NativeScratch.give(b);
        }
    }

    @Test
    void tooSmallIdleBlockIsNotReturnedForALargerRequest() {
        MemorySegment small = NativeScratch.take(64);
        NativeScratch.give(small);
        MemorySegment big = NativeScratch.take(1 << 20);
        try {
            assertTrue(big.byteSize() >= 1 << 20);
            assertEquals(0, big.address() % 64);
        } finally {
            NativeScratch.give(big);
        }
    }

    @Test
    void idleBytesStayWithinTheCap() {
        MemorySegment big = NativeScratch.take(NativeScratch.KEEP_BYTES + 64);
        NativeScratch.give(big); // over the cap on its own: left to the GC
        assertTrue(NativeScratch.idleBytes() <= NativeScratch.KEEP_BYTES, "idle " + NativeScratch.idleBytes());
        MemorySegment a = NativeScratch.take(NativeScratch.KEEP_BYTES / 2 + 64), b = NativeScratch.take(NativeScratch.KEEP_BYTES / 2 + 64);
        NativeScratch.give(a);
        NativeScratch.give(b); // the two together pass the cap: the second is dropped
        assertTrue(NativeScratch.idleBytes() <= NativeScratch.KEEP_BYTES, "idle " + NativeScratch.idleBytes());
    }
}
