import io.bnb.api.*;
import java.lang.foreign.*;
public class IMS {
  public static void main(String[] x) throws Exception {
    Backend b = Bnb.backend("cpu");
    int m = 16, n = Integer.getInteger("n", 12), k = 4096;
    java.util.Random r = new java.util.Random(1);
    byte[] a = new byte[m * k], w = new byte[n * k]; r.nextBytes(a); r.nextBytes(w);
    Tensor ta = b.upload(MemorySegment.ofArray(a), DType.I8, m, k), tb = b.upload(MemorySegment.ofArray(w), DType.I8, n, k);
    for (int rep = 0; rep < 5; rep++) {
      long[] ts = new long[200];
      for (int it = 0; it < ts.length; it++) {
        long t0 = System.nanoTime();
        try (Tensor c = b.int8LinearMatmul(ta, tb)) { b.synchronize(); }
        ts[it] = System.nanoTime() - t0;
      }
      java.util.Arrays.sort(ts);
      System.out.printf("warm best %.1f med %.1f us%n", ts[0] / 1e3, ts[100] / 1e3);
    }
  }
}
