import io.bnb.api.*;
import java.util.*;
public class QS {
  public static void main(String[] x) throws Exception {
    Backend b = Bnb.backend("cpu");
    int n = 16 << 20;
    Random r = new Random(1);
    float[] v = new float[n]; for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
    Tensor code = b.upload(Codebooks.dynamicSigned(), 256);
    StringBuilder sb = new StringBuilder();
    for (String d : System.getProperty("seq", "BF16").split(",")) {
      DType dt = DType.valueOf(d);
      Tensor a = b.upload(v, dt, n);
      long best = Long.MAX_VALUE;
      for (int i = 0; i < 25; i++) {
        long t0 = System.nanoTime();
        try (Quantized q = b.quantizeBlockwise(a, code, Integer.getInteger("bs", 256))) {}
        if (i >= 10) best = Math.min(best, System.nanoTime() - t0);
      }
      sb.append(String.format("%s %.0f  ", dt, best / 1e3));
      a.close();
    }
    System.out.println(sb);
  }
}
