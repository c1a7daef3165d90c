import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.util.concurrent.*;
public class RS {
  static final VectorSpecies<Long> L8 = LongVector.SPECIES_512;
  static final java.nio.ByteOrder LE = java.nio.ByteOrder.LITTLE_ENDIAN;
  // read [from,to) as S interleaved streams, 256 bytes per stream per step
  static long read(MemorySegment s, long from, long to, int S) {
    LongVector a = LongVector.zero(L8), b = a;
    long len = (to - from) / S;
    if (S == 1) {
      for (long i = from; i < to; i += 128) {
        a = a.add(LongVector.fromMemorySegment(L8, s, i, LE));
        b = b.add(LongVector.fromMemorySegment(L8, s, i + 64, LE));
      }
    } else if (S == 2) {
      for (long i = 0; i < len; i += 128) {
        a = a.add(LongVector.fromMemorySegment(L8, s, from + i, LE)).add(LongVector.fromMemorySegment(L8, s, from + i + 64, LE));
        b = b.add(LongVector.fromMemorySegment(L8, s, from + len + i, LE)).add(LongVector.fromMemorySegment(L8, s, from + len + i + 64, LE));
      }
    } else {
      for (long i = 0; i < len; i += 128) {
        a = a.add(LongVector.fromMemorySegment(L8, s, from + i, LE)).add(LongVector.fromMemorySegment(L8, s, from + i + 64, LE));
        b = b.add(LongVector.fromMemorySegment(L8, s, from + len + i, LE)).add(LongVector.fromMemorySegment(L8, s, from + len + i + 64, LE));
        a = a.add(LongVector.fromMemorySegment(L8, s, from + 2*len + i, LE)).add(LongVector.fromMemorySegment(L8, s, from + 2*len + i + 64, LE));
        b = b.add(LongVector.fromMemorySegment(L8, s, from + 3*len + i, LE)).add(LongVector.fromMemorySegment(L8, s, from + 3*len + i + 64, LE));
      }
    }
    return a.add(b).reduceLanes(VectorOperators.ADD);
  }
  public static void main(String[] x) throws Throwable {
    long n = 8L << 20;
    MemorySegment w = Arena.global().allocate(n, 4096);
    for (long i = 0; i < n; i += 8) w.set(ValueLayout.JAVA_LONG_UNALIGNED, i, i);
    MemorySegment c1 = Arena.global().allocate(256L << 20, 64), c2 = Arena.global().allocate(256L << 20, 64);
    c1.fill((byte) 1); c2.fill((byte) 2);
    ExecutorService ex = Executors.newFixedThreadPool(2);
    for (int rep = 0; rep < 4; rep++) {
      for (int S : new int[]{1, 2, 4}) {
        long[] t = new long[20]; long sink = 0; double cgb = 0;
        for (int it = 0; it < 20; it++) {
          long c0 = System.nanoTime();
          MemorySegment.copy(c1, 0, c2, 0, c1.byteSize());
          long t0 = System.nanoTime();
          cgb += 2.0 * c1.byteSize() / (t0 - c0);
          final int SS = S;
          Future<Long> f = ex.submit(() -> read(w, 0, n / 2, SS));
          sink += read(w, n / 2, n, S);
          sink += f.get();
          t[it] = System.nanoTime() - t0;
        }
        java.util.Arrays.sort(t);
        System.out.printf("S=%d cold: best %.1f med %.1f us  med %.1f GB/s  copy %.1f GB/s %d%n", S, t[0] / 1e3, t[10]/1e3, n / (double) t[10], cgb/20, sink & 1);
      }
    }
    ex.shutdown();
  }
}
