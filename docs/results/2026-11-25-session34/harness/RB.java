import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;
public class RB {
  static final VectorSpecies<Byte> S = ByteVector.SPECIES_512;
  static long sum(MemorySegment m, long n) {
    ByteVector acc = ByteVector.zero(S);
    for (long i = 0; i < n; i += 64) acc = acc.add(ByteVector.fromMemorySegment(S, m, i, ByteOrder.LITTLE_ENDIAN));
    return acc.reduceLanesToLong(VectorOperators.ADD);
  }
  public static void main(String[] s) {
    for (long mb : new long[]{1, 4, 8, 16, 64}) {
      long n = mb << 20;
      MemorySegment m = Arena.global().allocate(n, 4096); m.fill((byte) 1);
      long best = Long.MAX_VALUE, x = 0;
      for (int it = 0; it < Math.max(20, 2000 / mb); it++) { long t0 = System.nanoTime(); x += sum(m, n); best = Math.min(best, System.nanoTime() - t0); }
      System.out.printf("%3d MB: %.1f GB/s (%.1f cycles/line) %d%n", mb, n / (double) best, best * 3.65 / (n / 64.0), x & 1);
    }
  }
}
