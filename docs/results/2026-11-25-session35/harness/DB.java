import io.bnb.api.*;
import java.lang.foreign.*;
public class DB {
  public static void main(String[] x) throws Exception {
    Backend b = Bnb.backend("cpu");
    DType d = DType.valueOf(System.getProperty("dt", "BF16"));
    int bs = Integer.getInteger("bs", 256), n = 16 << 20;
    java.util.Random r = new java.util.Random(1);
    byte[] q = new byte[n]; r.nextBytes(q);
    float[] am = new float[n / bs]; for (int i = 0; i < am.length; i++) am[i] = 0.5f + r.nextFloat();
    Tensor a = b.upload(q, DType.U8, n), absmax = b.upload(am, am.length), code = b.upload(Codebooks.dynamicSigned(), 256);
    for (int rep = 0; rep < 6; rep++) {
      long[] ts = new long[20];
      for (int it = 0; it < ts.length; it++) {
        long s = System.nanoTime();
        try (Tensor o = b.dequantizeBlockwise(a, absmax, code, bs, d)) { b.synchronize(); }
        ts[it] = System.nanoTime() - s;
      }
      java.util.Arrays.sort(ts);
      System.out.printf("%s bs%d best %.0f med %.0f us  %.2f cycles/elem/thread%n", d, bs, ts[0] / 1e3, ts[10] / 1e3, ts[10] * 3.2 * Integer.getInteger("bnb.cpu.threads", 2) / n);
    }
  }
}
