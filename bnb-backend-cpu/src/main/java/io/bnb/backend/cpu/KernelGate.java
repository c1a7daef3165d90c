package io.bnb.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the {@link ArenaCloser}'s frees out of running kernels.
 *
 * <p>Why: closing a shared arena is a handshake with every Java thread, and a thread found inside
 * compiled code that accesses memory segments can be deoptimized there. The rest of that kernel
 * call then runs in the interpreter, where every vector operation allocates. Measured (session 28,
 * G1, JDK 25): gemv 4096x4096 BF16 through the API on one thread took 1450–2000 µs and allocated
 * about 2 MB a call while each call's output was freed during the next call, against 780 µs and
 * 50 KB when nothing was freed meanwhile; on two threads some calls took 560–810 µs instead of 470.
 *
 * <p>So parallel sections ({@link Parallel#forRange}, where the kernels run) count themselves in
 * and out, and frees run only while none runs: a section about to start first frees what is
 * queued, on its own thread (no wake-up of another thread in the way), and the closer frees what
 * is left once no section runs. A section that starts during a free waits for it (one close takes
 * about 30 µs). Sections never wait for one another, and a section nested in another passes at
 * once: frees start only when the count is zero.
 */
final class KernelGate {
    private KernelGate() {}

    private static final AtomicInteger RUNNING = new AtomicInteger(), FREEING = new AtomicInteger();
    /** The thread waiting in {@link #whenIdle} for the count to drop to zero, if any. */
    private static volatile Thread waiting;

    /** Counts a section in; waits while a free is in progress. */
    static void enter() {
        while (true) {
            RUNNING.incrementAndGet();
            if (FREEING.get() == 0) return;
            leave(); // a free saw zero sections first: let it finish
            for (int spins = 0; FREEING.get() != 0; spins++) {
                if (spins < 1000) Thread.onSpinWait();
                else LockSupport.parkNanos(10_000L);
            }
        }
    }

    /** Counts a section out. */
    static void leave() {
        if (RUNNING.decrementAndGet() == 0) {
            Thread w = waiting;
            if (w != null) LockSupport.unpark(w);
        }
    }

    /** Runs {@code frees} if no section runs now, keeping new ones out until it returns; false (nothing run) otherwise. */
    static boolean tryFree(Runnable frees) {
        FREEING.incrementAndGet();
        try {
            if (RUNNING.get() != 0) return false;
            frees.run();
            return true;
        } finally {
            FREEING.decrementAndGet();
        }
    }

    /** Runs {@code frees} at a moment when no section runs, waiting for one. */
    static void whenIdle(Runnable frees) {
        waiting = Thread.currentThread();
        try {
            do {
                while (RUNNING.get() != 0) LockSupport.parkNanos(KernelGate.class, 1_000_000L);
            } while (!tryFree(frees));
        } finally {
            waiting = null;
        }
    }
}
