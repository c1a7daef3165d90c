package io.bnb.backend.cpu;
import java.lang.foreign.*;
public class W {
  public static void main(String[] a) {
    int k = 4096, n = 4096;
    MemorySegment b = Arena.ofShared().allocate((long) n * k, 64);
    for (long i = 0; i < (long) n * k; i++) b.set(ValueLayout.JAVA_BYTE, i, (byte) i);
    float[] bp = new float[6 * k];
    for (int it = 0; it < 15; it++) {
      long t0 = System.nanoTime();
      for (int j0 = 0; j0 + 6 <= n; j0 += 6) for (int j = 0; j < 6; j++) I8.widenRow(b, (long) (j0 + j) * k, k, bp, j * k);
      long t1 = System.nanoTime();
      for (int j0 = 0; j0 + 6 <= n; j0 += 6) for (int j = 0; j < 6; j++) I8.widenRow(b, (long) j * k, k, bp, j * k);
      long t2 = System.nanoTime();
      long s = 0; for (long i = 0; i < (long) n * k; i += 8) s += b.get(ValueLayout.JAVA_LONG_UNALIGNED, i);
      long t3 = System.nanoTime();
      if (it > 10) System.out.printf("stream %.2f ms, same 24KB %.2f ms, read-only sum %.2f ms (%d)%n", (t1-t0)/1e6, (t2-t1)/1e6, (t3-t2)/1e6, s & 1);
    }
  }
}
