import io.bnb.api.*;
import java.lang.foreign.*;
public class QF {
  public static void main(String[] x) throws Exception {
    Backend b = Bnb.backend("cpu");
    DType d = DType.valueOf(System.getProperty("dt", "F16"));
    int n = 4096;
    float[] v = new float[n * n]; java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
    Tensor t = b.upload(v, d, n, n);
    for (int rep = 0; rep < 6; rep++) {
      long[] ts = new long[20];
      for (int it = 0; it < ts.length; it++) {
        long s = System.nanoTime();
        try (Quantized q = b.quantize4bit(t, 64, QuantType.NF4, DType.U8)) { b.synchronize(); }
        ts[it] = System.nanoTime() - s;
      }
      java.util.Arrays.sort(ts);
      System.out.printf("%s best %.0f med %.0f us%n", d, ts[0] / 1e3, ts[10] / 1e3);
    }
  }
}
