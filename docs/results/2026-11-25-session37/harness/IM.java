import io.bnb.api.*;
public class IM {
  public static void main(String[] x) throws Exception {
    Backend b = Bnb.backend("cpu");
    int m = Integer.getInteger("m", 16), n = 4096, k = 4096;
    java.util.Random r = new java.util.Random(1);
    byte[] av = new byte[m * k], bv = new byte[n * k]; r.nextBytes(av); r.nextBytes(bv);
    Tensor a = b.upload(av, DType.I8, m, k), bt = b.upload(bv, DType.I8, n, k);
    for (int rep = 0; rep < 5; rep++) {
      long[] ts = new long[30];
      for (int it = 0; it < ts.length; it++) {
        long s = System.nanoTime();
        try (Tensor o = b.int8LinearMatmul(a, bt)) { b.synchronize(); }
        ts[it] = System.nanoTime() - s;
      }
      java.util.Arrays.sort(ts);
      int th = Integer.getInteger("bnb.cpu.threads", 2);
      System.out.printf("threads %d best %.0f med %.0f us  %.3f TOPS(best)  %.2f cycles/Kstep/thread @3.5GHz (4 B rows x 16 A rows per step)%n", th, ts[0] / 1e3, ts[15] / 1e3,
        2.0 * m * n * k / ts[0] / 1e3, ts[0] * 3.5 * th / ((double) n / 4 * k));
    }
  }
}
