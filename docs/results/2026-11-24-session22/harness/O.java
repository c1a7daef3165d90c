package io.bnb.backend.cpu;
import java.lang.foreign.*;
public class O {
  public static void main(String[] x) throws Exception {
    int m = 16, k = 4096, n = 4096;
    Arena ar = Arena.ofShared();
    MemorySegment a = ar.allocate((long) m * k, 64), b = ar.allocate((long) n * k, 64), c = ar.allocate((long) m * n * 4, 64);
    java.util.Random r = new java.util.Random(1);
    for (long i = 0; i < (long) m * k; i++) a.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
    for (long i = 0; i < (long) n * k; i++) b.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
    for (int it = 0; it < 40; it++) {
      long t0 = System.nanoTime();
      Int8Gemm.multiply(a, b, c, m, n, k, true);
      long t = System.nanoTime() - t0;
      if (it >= 34) System.out.printf("op %.2f ms  %.3f TOPS%n", t / 1e6, 2.0 * m * n * k / t / 1e3);
    }
  }
}
