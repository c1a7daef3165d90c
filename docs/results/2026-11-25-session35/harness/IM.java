import io.bnb.api.*;
import java.lang.foreign.*;
public class IM {
  public static void main(String[] x) throws Exception {
    Backend b = Bnb.backend("cpu");
    int m = Integer.getInteger("m", 16), n = Integer.getInteger("n", 4096), k = 4096;
    java.util.Random r = new java.util.Random(1);
    byte[] a = new byte[m * k], w = new byte[n * k]; r.nextBytes(a); r.nextBytes(w);
    Tensor ta = b.upload(MemorySegment.ofArray(a), DType.I8, m, k), tb = b.upload(MemorySegment.ofArray(w), DType.I8, n, k);
    boolean flush = Boolean.getBoolean("flush");
    MemorySegment fa = Arena.global().allocate(64L << 20, 64), fb = Arena.global().allocate(64L << 20, 64);
    for (int rep = 0; rep < 6; rep++) {
      long[] ts = new long[Integer.getInteger("it", 40)];
      for (int it = 0; it < ts.length; it++) {
        if (flush) MemorySegment.copy(fa, 0, fb, 0, fa.byteSize());
        long t0 = System.nanoTime();
        try (Tensor c = b.int8LinearMatmul(ta, tb)) { b.synchronize(); }
        ts[it] = System.nanoTime() - t0;
      }
      java.util.Arrays.sort(ts);
      double med = ts[ts.length/2] / 1e3;
      System.out.printf("best %.1f med %.1f us  -> %.3f TOPS (med)%n", ts[0] / 1e3, med, 2.0*m*n*k/med/1e6);
    }
  }
}
