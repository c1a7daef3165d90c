import io.bnb.api.*;
import java.lang.foreign.*;
public class IM {
  public static void main(String[] x) throws Exception {
    Backend b = Bnb.backend("cpu");
    int m = 16, n = 4096, k = 4096;
    java.util.Random r = new java.util.Random(1);
    byte[] a = new byte[m * k], w = new byte[n * k]; r.nextBytes(a); r.nextBytes(w);
    for (int i = 0; i < a.length; i++) if (a[i] == -128) a[i] = -127;
    for (int i = 0; i < w.length; i++) if (w[i] == -128) w[i] = -127;
    Tensor ta = b.upload(MemorySegment.ofArray(a), DType.I8, m, k), tb = b.upload(MemorySegment.ofArray(w), DType.I8, n, k);
    MemorySegment c1 = Arena.global().allocate(256L << 20, 64), c2 = Arena.global().allocate(256L << 20, 64); c1.fill((byte) 1);
    for (int rep = 0; rep < 4; rep++) for (boolean cold : new boolean[]{false, true}) {
      long[] ts = new long[30];
      for (int it = 0; it < ts.length; it++) {
        if (cold) MemorySegment.copy(c1, 0, c2, 0, c1.byteSize());
        long t0 = System.nanoTime();
        try (Tensor c = b.int8LinearMatmul(ta, tb)) { b.synchronize(); }
        ts[it] = System.nanoTime() - t0;
      }
      java.util.Arrays.sort(ts);
      System.out.printf("%s best %.0f med %.0f us  (%.3f TOPS at median)%n", cold ? "cold" : "warm", ts[0] / 1e3, ts[15] / 1e3, 2.0 * m * n * k / ts[15] / 1e3);
    }
  }
}
