package io.bnb.backend.cpu;

import jdk.incubator.vector.*;
import java.lang.foreign.*;

/** Read ceiling: stream-read GB/s of a buffer right after a 256 MiB copy (as the bench's paired copy), against that copy. */
public class RD {
    static final VectorSpecies<Long> L = LongVector.SPECIES_256;
    static long[] sink = new long[64];

    static void read(MemorySegment s, long from, long to) {
        LongVector a = LongVector.zero(L), b = a;
        for (long o = from; o < to; o += 64) {
            a = a.add(LongVector.fromMemorySegment(L, s, o, java.nio.ByteOrder.LITTLE_ENDIAN));
            b = b.add(LongVector.fromMemorySegment(L, s, o + 32, java.nio.ByteOrder.LITTLE_ENDIAN));
        }
        sink[(int) (from >>> 20) & 63] += a.add(b).reduceLanes(VectorOperators.ADD);
    }

    public static void main(String[] args) {
        long size = Long.parseLong(args[0]);
        MemorySegment src = Arena.global().allocate(256L << 20, 64), dst = Arena.global().allocate(256L << 20, 64), buf = Arena.global().allocate(size, 64);
        src.fill((byte) 1); dst.fill((byte) 2); buf.fill((byte) 3);
        long chunk = 1 << 20;
        for (int round = 0; round < 40; round++) {
            long c0 = System.nanoTime();
            Parallel.forRange((256L << 20) / chunk, 1, 1, (a, b) -> MemorySegment.copy(src, a * chunk, dst, a * chunk, (b - a) * chunk));
            long c1 = System.nanoTime();
            Parallel.forRange(size / 4096, 1, 1, (a, b) -> read(buf, a * 4096, b * 4096));
            long c2 = System.nanoTime();
            Parallel.forRange(size / 4096, 1, 1, (a, b) -> read(buf, a * 4096, b * 4096));
            long c3 = System.nanoTime();
            double copy = 2.0 * (256L << 20) / (c1 - c0), cold = (double) size / (c2 - c1), warm = (double) size / (c3 - c2);
            if (round >= 10) System.out.printf("copy %.1f GB/s  read-after-copy %.1f GB/s (%.2f)  read-again %.1f GB/s (%.2f)%n", copy, cold, cold / copy, warm, warm / copy);
        }
    }
}
