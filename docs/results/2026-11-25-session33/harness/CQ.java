package io.bnb.backend.cpu;
import io.bnb.api.DType;
import java.lang.foreign.*;
public class CQ {
  public static void main(String[] a) {
    DType t = DType.valueOf(a[0]);
    int k = 4096, rows = Integer.parseInt(a[1]);
    MemorySegment src = Arena.global().allocate((long) rows * k * t.byteSize(), 64), q = Arena.global().allocate((long) rows * k, 64);
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < rows * k; i++) Elements.put(src, t, i, (float) r.nextGaussian());
    float[] m = new float[k];
    Int8Columns.absmax(src, t, k, 0, rows, 0f, m, true);
    for (int rep = 0; rep < 5; rep++) {
      long best = Long.MAX_VALUE;
      for (int it = 0; it < 200; it++) {
        long t0 = System.nanoTime();
        Int8Columns.codes(src, t, k, 0, rows, 0f, m, q, true);
        best = Math.min(best, System.nanoTime() - t0);
      }
      System.out.printf("%s codes: %.2f cycles/elem (one thread, %d rows)%n", t, best * 3.65 / ((double) rows * k), rows);
    }
  }
}
