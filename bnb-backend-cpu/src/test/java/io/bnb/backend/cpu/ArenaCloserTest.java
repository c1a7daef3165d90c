package io.bnb.backend.cpu;

import io.bnb.api.DType;
import io.bnb.api.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.*;

/** Small tensors are freed on the closer thread; a segment handed out still dies with its tensor's close. */
class ArenaCloserTest {
    final CpuBackend cpu = new CpuBackend();

    /**
     * Runs {@code body} while the closer thread is kept busy, so that what is queued meanwhile stays
     * queued, then waits until the closer has caught up.
     */
    static void whileTheCloserIsHeld(Runnable body) throws InterruptedException {
        CountDownLatch hold = new CountDownLatch(1);
        ArenaCloser.later(0, () -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            body.run();
        } finally {
            hold.countDown();
        }
        ArenaCloser.drain();
    }

    @Test
    void aClosedTensorIsClosedAtOnceAndItsMemoryFreedByTheCloser() throws InterruptedException {
        Tensor t = cpu.upload(new float[]{1, 2, 3, 4}, 4);
        MemorySegment internal = CpuBackend.seg(t); // the kernels' view: does not hand the segment out
        whileTheCloserIsHeld(() -> {
            t.close();
            assertThrows(IllegalStateException.class, () -> CpuBackend.seg(t));
            assertThrows(IllegalStateException.class, () -> cpu.downloadFloats(t));
            assertEquals(2f, internal.getAtIndex(ValueLayout.JAVA_FLOAT, 1), "freed before the closer got to it");
        });
        assertThrows(IllegalStateException.class, () -> internal.getAtIndex(ValueLayout.JAVA_FLOAT, 0));
    }

    @Test
    void aHandedOutSegmentStopsWorkingWhenCloseReturns() throws InterruptedException {
        Tensor t = cpu.upload(new float[]{1, 2, 3, 4}, 4);
        MemorySegment seg = t.hostSegment().orElseThrow();
        assertEquals(3f, seg.getAtIndex(ValueLayout.JAVA_FLOAT, 2));
        closedWhileTheCloserIsHeld(t, seg);
    }

    @Test
    void aSegmentHandedOutThroughAViewCountsForTheRoot() throws InterruptedException {
        Tensor t = cpu.upload(new float[]{1, 2, 3, 4}, 4);
        closedWhileTheCloserIsHeld(t, t.reshape(2, 2).hostSegment().orElseThrow());
    }

    /** Closing {@code t} must stop {@code seg} before close returns, with no help from the closer thread. */
    private static void closedWhileTheCloserIsHeld(Tensor t, MemorySegment seg) throws InterruptedException {
        whileTheCloserIsHeld(() -> {
            t.close();
            assertThrows(IllegalStateException.class, () -> seg.getAtIndex(ValueLayout.JAVA_FLOAT, 0));
        });
    }

    @Test
    void aReleaseThatFailsDoesNotStopTheCloser() throws InterruptedException {
        java.util.concurrent.atomic.AtomicBoolean after = new java.util.concurrent.atomic.AtomicBoolean();
        ArenaCloser.later(0, () -> { throw new IllegalStateException("session still acquired (test)"); });
        ArenaCloser.later(0, () -> after.set(true));
        ArenaCloser.drain();
        assertTrue(after.get(), "the release queued after a failing one did not run");
    }

    @Test
    void pendingMemoryStaysBounded() throws InterruptedException {
        long bytes = 256 << 10; // below the pool's size: queued
        for (int i = 0; i < 2 * (int) (ArenaCloser.MAX_PENDING_BYTES / bytes); i++) {
            cpu.allocate(DType.F32, bytes / 4).close();
            assertTrue(ArenaCloser.pendingBytes() <= ArenaCloser.MAX_PENDING_BYTES, "pending " + ArenaCloser.pendingBytes());
        }
        ArenaCloser.drain();
        assertEquals(0, ArenaCloser.pendingBytes());
    }
}
