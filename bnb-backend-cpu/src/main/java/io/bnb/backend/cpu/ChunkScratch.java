package io.bnb.backend.cpu;

/**
 * Arrays a parallel kernel reuses from chunk to chunk, one set per thread. A call runs the kernel
 * once per chunk of its split (tens of chunks with two threads, about a hundred with sixteen), and
 * a new set per chunk allocated megabytes a call: int8 matmul 37 MB on the 16-core Xeon (session 24),
 * gemm4bit 1.8 MB and int8 matmul 1.2 MB on the 2-core machine (session 25).
 *
 * <p>An array keeps whatever the thread's previous chunk left in it: a user clears what it reads
 * before writing. It is replaced only when the length asked for differs ({@link #floats}) or, for a
 * user that reads only the prefix it writes, when it is too short ({@link #floatsAtLeast}), so that
 * calls alternating between shapes (a model's layers) do not replace it every time.
 */
final class ChunkScratch {
    private final ThreadLocal<float[][]> floats;
    private final ThreadLocal<int[][]> ints;
    private final ThreadLocal<byte[][]> bytes;

    ChunkScratch(int floatSlots, int intSlots) { this(floatSlots, intSlots, 0); }

    ChunkScratch(int floatSlots, int intSlots, int byteSlots) {
        floats = ThreadLocal.withInitial(() -> new float[floatSlots][]);
        ints = ThreadLocal.withInitial(() -> new int[intSlots][]);
        bytes = ThreadLocal.withInitial(() -> new byte[byteSlots][]);
    }

    /** This thread's float array {@code slot} of exactly {@code length} elements (stale contents). */
    float[] floats(int slot, int length) {
        float[][] s = floats.get();
        if (s[slot] == null || s[slot].length != length) s[slot] = new float[length];
        return s[slot];
    }

    /** This thread's float array {@code slot} of at least {@code length} elements (stale contents). */
    float[] floatsAtLeast(int slot, int length) {
        float[][] s = floats.get();
        if (s[slot] == null || s[slot].length < length) s[slot] = new float[length];
        return s[slot];
    }

    /** This thread's int array {@code slot} of exactly {@code length} elements (stale contents). */
    int[] ints(int slot, int length) {
        int[][] s = ints.get();
        if (s[slot] == null || s[slot].length != length) s[slot] = new int[length];
        return s[slot];
    }

    /** This thread's byte array {@code slot} of at least {@code length} elements (stale contents). */
    byte[] bytesAtLeast(int slot, int length) {
        byte[][] s = bytes.get();
        if (s[slot] == null || s[slot].length < length) s[slot] = new byte[length];
        return s[slot];
    }
}
