package io.bnb.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the reuse of closed tensors' memory ({@link HostPool#recycle}) and the closing of arenas out
 * of running kernels.
 *
 * <p>Why: closing a shared arena is a handshake with every Java thread, and a thread found inside
 * compiled code that accesses memory segments can be deoptimized there. The rest of that kernel
 * call then runs in the interpreter, where every vector operation allocates. Measured (session 28,
 * G1, JDK 25): gemv 4096x4096 BF16 through the API on one thread took 1450–2000 µs and allocated
 * about 2 MB a call while each call's output was freed (its arena closed) during the next call,
 * against 780 µs and 50 KB when nothing was freed meanwhile; on two threads some calls took
 * 560–810 µs instead of 470. And a block reused while a kernel still reads it (a thread that
 * raced a close) would hand that kernel another tensor's data.
 *
 * <p>So parallel sections ({@link Parallel#forRange}, where the kernels run) count themselves in
 * and out, and {@link #tryFree} runs only while none runs, keeping new ones out until it returns
 * (a section that starts meanwhile waits). Sections never wait for one another, and a section
 * nested in another passes at once: a free starts only when the count is zero.
 */
final class KernelGate {
    private KernelGate() {}

    private static final AtomicInteger RUNNING = new AtomicInteger(), FREEING = new AtomicInteger();

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
    static void leave() { RUNNING.decrementAndGet(); }

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
}
