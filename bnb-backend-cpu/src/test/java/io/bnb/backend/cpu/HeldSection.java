package io.bnb.backend.cpu;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A parallel section ({@link Parallel#forRange}) held open on another thread until closed: tests of what may happen during one. */
final class HeldSection implements AutoCloseable {
    private final CountDownLatch entered = new CountDownLatch(1), release = new CountDownLatch(1);
    private final Thread thread;

    /** Returns once the section runs. */
    HeldSection() throws InterruptedException {
        thread = Thread.ofPlatform().start(() -> Parallel.forRange(1, 1, 1, (a, b) -> {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        if (!entered.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("the held section did not start");
    }

    /** Ends the section and waits for its thread. */
    @Override
    public void close() throws InterruptedException {
        release.countDown();
        thread.join(10_000);
    }
}
