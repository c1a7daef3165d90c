package io.bnb.backend.cpu;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Closes small tensors' arenas on a daemon thread. Each tensor owns a shared arena (so that its
 * memory cannot be touched once freed), and closing a shared arena waits for a handshake with
 * every Java thread: about 30 µs here against 0.5 µs for a confined one. Paid by the caller, that
 * is 60 µs per quantized linear layer of a Java inference loop (its input and output tensor).
 *
 * <p>A tensor is already closed for the API when it is queued; only its memory lives on until the
 * closer gets to it. Tensors whose segment was handed out ({@code hostSegment}) are not queued
 * (see {@link CpuTensor}), so such a segment stops working as soon as {@code close} returns.
 * Bounded: when {@link #MAX_PENDING_BYTES} are waiting, the caller closes itself.
 */
final class ArenaCloser {
    private ArenaCloser() {}

    static final long MAX_PENDING_BYTES = 64L << 20;

    private static final LinkedBlockingQueue<Runnable> PENDING = new LinkedBlockingQueue<>();
    private static final AtomicLong PENDING_BYTES = new AtomicLong();
    private static final AtomicLong DONE = new AtomicLong();
    private static final AtomicLong QUEUED = new AtomicLong();

    private static final class Worker {
        static {
            Thread.ofPlatform().daemon().name("bnb-cpu-arena-closer").start(ArenaCloser::loop);
        }
        static void start() {}
    }

    /** Runs {@code release} (which frees {@code bytes}) on the closer thread, or here when too much is waiting. */
    static void later(long bytes, Runnable release) {
        if (PENDING_BYTES.addAndGet(bytes) > MAX_PENDING_BYTES) {
            PENDING_BYTES.addAndGet(-bytes);
            release.run();
            return;
        }
        Worker.start();
        QUEUED.incrementAndGet();
        PENDING.add(() -> {
            try {
                release.run();
            } finally {
                PENDING_BYTES.addAndGet(-bytes);
            }
        });
    }

    private static void loop() {
        while (true) {
            Runnable first;
            try {
                first = PENDING.take();
            } catch (InterruptedException e) {
                return;
            }
            // the next parallel section frees what is queued on its own thread; what is left
            // (no op came within a few ms) is freed here, between kernels, never during one
            LockSupport.parkNanos(LINGER_NANOS);
            KernelGate.whenIdle(() -> {
                releaseOne(first);
                releaseQueued();
            });
        }
    }

    /** How long the closer leaves a queued free to the next parallel section. */
    private static final long LINGER_NANOS = 2_000_000L;

    /** Whether frees are queued. */
    static boolean pending() { return !PENDING.isEmpty(); }

    /** Runs the queued frees on this thread (inside {@link KernelGate#tryFree}). */
    static void releaseQueued() {
        for (Runnable release; (release = PENDING.poll()) != null; ) releaseOne(release);
    }

    private static void releaseOne(Runnable release) {
        try {
            release.run();
        } catch (RuntimeException e) {
            // e.g. another thread still inside an op on the tensor when it was closed: the
            // memory stays allocated (nothing can crash), and the one who can fix it is told
            System.getLogger(ArenaCloser.class.getName()).log(System.Logger.Level.WARNING,
                    "a closed CPU tensor's memory could not be freed", e);
        } finally {
            DONE.incrementAndGet();
        }
    }

    /** Bytes whose release is queued. */
    static long pendingBytes() { return PENDING_BYTES.get(); }

    /** Waits until everything queued before this call has been released (tests). */
    static void drain() throws InterruptedException {
        long target = QUEUED.get();
        while (DONE.get() < target) Thread.sleep(1);
    }
}
