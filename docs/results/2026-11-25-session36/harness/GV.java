import io.bnb.api.*;
import java.lang.foreign.*;
public class GV {
  public static void main(String[] x) throws Exception {
    Backend b = Bnb.backend("cpu");
    DType d = DType.valueOf(System.getProperty("dt", "BF16"));
    int n = Integer.getInteger("n", 4096), k = 4096;
    java.util.Random r = new java.util.Random(1);
    byte[] pk = new byte[n * k / 2]; r.nextBytes(pk);
    float[] am = new float[n * k / 64]; for (int i = 0; i < am.length; i++) am[i] = 0.01f + 0.07f * r.nextFloat();
    float[] xv = new float[k]; for (int i = 0; i < k; i++) xv[i] = (float) r.nextGaussian();
    Tensor packed = b.upload(pk, DType.U8, (long) n * k / 2, 1);
    Tensor absmax = b.upload(am, am.length);
    Tensor xt = b.upload(xv, d, 1, 1, k);
    Tensor code = b.upload(Codebooks.nf4(), 16);
    for (int rep = 0; rep < 6; rep++) {
      long[] ts = new long[100];
      for (int it = 0; it < ts.length; it++) {
        long s = System.nanoTime();
        try (Tensor o = b.gemv4bit(xt, packed, new long[]{n, k}, absmax, code, 64)) { b.synchronize(); }
        ts[it] = System.nanoTime() - s;
      }
      java.util.Arrays.sort(ts);
      double med = ts[50] / 1e3;
      System.out.printf("%s best %.0f med %.0f us  %.2f cycles/weight/thread @3.2GHz%n", d, ts[0] / 1e3, med, med * 1e-6 * 3.2e9 * Integer.getInteger("bnb.cpu.threads", 2) / ((double) n * k));
    }
  }
}
