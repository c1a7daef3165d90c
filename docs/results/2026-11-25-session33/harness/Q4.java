import io.bnb.api.*;
public class Q4 {
  public static void main(String[] x) throws Exception {
    Backend b = Bnb.backend("cpu");
    int n = 4096;
    java.util.Random r = new java.util.Random(1);
    float[] v = new float[n * n]; for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
    StringBuilder sb = new StringBuilder();
    for (String d : x[0].split(",")) {
      Tensor a = b.upload(v, DType.valueOf(d), n, n);
      long best = Long.MAX_VALUE;
      for (int i = 0; i < 30; i++) { long t0 = System.nanoTime(); try (var q = b.quantize4bit(a, 64, QuantType.NF4, DType.U8)) {} best = Math.min(best, System.nanoTime() - t0); }
      sb.append(String.format("%s %.0f  ", d, best / 1e3)); a.close();
    }
    System.out.println(sb);
  }
}
