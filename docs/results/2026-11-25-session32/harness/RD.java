import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.util.concurrent.*;
public class RD {
  static final VectorSpecies<Long> L8 = LongVector.SPECIES_512;
  static long read(MemorySegment s, long from, long to) {
    LongVector a = LongVector.zero(L8), b = a;
    for (long i = from; i < to; i += 128) {
      a = a.add(LongVector.fromMemorySegment(L8, s, i, java.nio.ByteOrder.LITTLE_ENDIAN));
      b = b.add(LongVector.fromMemorySegment(L8, s, i + 64, java.nio.ByteOrder.LITTLE_ENDIAN));
    }
    return a.add(b).reduceLanes(VectorOperators.ADD);
  }
  public static void main(String[] x) throws Throwable {
    long n = 8L << 20;
    MemorySegment w;
    if (x.length > 0 && x[0].equals("huge")) {
      Linker l = Linker.nativeLinker(); SymbolLookup c = l.defaultLookup();
      var mmap = l.downcallHandle(c.find("mmap").get(), FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
      var madv = l.downcallHandle(c.find("madvise").get(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
      MemorySegment base = (MemorySegment) mmap.invokeExact(MemorySegment.NULL, n + (2L << 20), 3, 0x22, -1, 0L);
      long st = (base.address() + (2L << 20) - 1) & -(2L << 20);
      int rc = (int) madv.invokeExact(MemorySegment.ofAddress(st), n, 14);
      w = MemorySegment.ofAddress(st).reinterpret(n);
    } else w = Arena.global().allocate(n, 4096);
    for (long i = 0; i < n; i += 8) w.set(ValueLayout.JAVA_LONG_UNALIGNED, i, i);
    MemorySegment c1 = Arena.global().allocate(256L << 20, 64), c2 = Arena.global().allocate(256L << 20, 64);
    c1.fill((byte) 1); c2.fill((byte) 2);
    ExecutorService ex = Executors.newFixedThreadPool(2);
    for (int rep = 0; rep < 3; rep++) {
      for (boolean cold : new boolean[]{true, false}) {
        long best = Long.MAX_VALUE; long sink = 0;
        for (int it = 0; it < 30; it++) {
          if (cold) MemorySegment.copy(c1, 0, c2, 0, c1.byteSize());
          long t0 = System.nanoTime();
          Future<Long> f = ex.submit(() -> read(w, 0, n / 2));
          sink += read(w, n / 2, n);
          sink += f.get();
          best = Math.min(best, System.nanoTime() - t0);
        }
        System.out.printf("%s: %.1f us  %.1f GB/s %d%n", cold ? "cold" : "warm", best / 1e3, n / (double) best, sink & 1);
      }
    }
    ex.shutdown();
  }
}
