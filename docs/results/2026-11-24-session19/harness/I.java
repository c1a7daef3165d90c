package io.bnb.backend.cpu;
import java.lang.foreign.*;
public class I {
  public static void main(String[] a) {
    int m = 16, n = 4096, k = 4096;
    Arena ar = Arena.ofShared();
    MemorySegment A = ar.allocate((long) m * k, 64), B = ar.allocate((long) n * k, 64), C = ar.allocate(4L * m * n, 64);
    java.util.Random r = new java.util.Random(1);
    for (long i = 0; i < (long) m * k; i++) A.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
    for (long i = 0; i < (long) n * k; i++) B.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
    for (int it = 0; it < 30; it++) {
      long t0 = System.nanoTime();
      Int8GemmVec.rowsInLanes(A, B, C, m, n, k, Long.MAX_VALUE); // serial: minParallel huge
      long t1 = System.nanoTime();
      if (it % 5 == 4) System.out.printf("serial %.2f ms  %.3f TOPS%n", (t1 - t0) / 1e6, 2.0 * m * n * k / ((t1 - t0) * 1e3));
    }
  }
}
