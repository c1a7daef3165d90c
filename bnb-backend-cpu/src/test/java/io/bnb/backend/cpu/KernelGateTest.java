package io.bnb.backend.cpu;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

/** Tensor frees never overlap a running parallel section (see {@link KernelGate}), and the two only wait for each other. */
class KernelGateTest {

    @Test
    void noFreeRunsDuringASection() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        try (HeldSection section = new HeldSection()) {
            assertFalse(KernelGate.tryFree(() -> ran.set(true)), "a free ran during a section");
            assertFalse(ran.get());
        }
        assertTrue(KernelGate.tryFree(() -> ran.set(true)), "no free once the section ended");
        assertTrue(ran.get());
    }

    @Test
    void aSectionWaitsForAFreeInProgressAndThenRuns() throws Exception {
        CountDownLatch inFree = new CountDownLatch(1), release = new CountDownLatch(1);
        AtomicBoolean freeRan = new AtomicBoolean();
        Thread free = Thread.ofPlatform().start(() -> freeRan.set(KernelGate.tryFree(() -> {
            inFree.countDown();
            awaitQuietly(release);
        })));
        assertTrue(inFree.await(10, TimeUnit.SECONDS));
        AtomicBoolean started = new AtomicBoolean();
        Thread section = Thread.ofPlatform().start(() -> Parallel.forRange(1, 1, 1, (a, b) -> started.set(true)));
        Thread.sleep(50);
        assertFalse(started.get(), "a section started during a free");
        release.countDown();
        section.join(10_000);
        free.join(10_000);
        assertTrue(freeRan.get());
        assertTrue(started.get(), "the section did not run after the free");
    }

    @Test
    void sectionsNestAndRunSideBySideWithoutWaiting() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        AtomicBoolean inner = new AtomicBoolean();
        Runnable twoLevels = () -> Parallel.forRange(1, 1, 1, (a, b) -> {
            both.countDown();
            awaitQuietly(both); // each section waits for the other to be inside too
            Parallel.forRange(1, 1, 1, (c, d) -> inner.set(true));
        });
        Thread other = Thread.ofPlatform().start(twoLevels);
        twoLevels.run();
        other.join(10_000);
        assertTrue(inner.get());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("latch timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
