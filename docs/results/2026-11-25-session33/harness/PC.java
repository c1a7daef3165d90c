import io.bnb.api.*;
public class PC {
  public static void main(String[] x) throws Exception {
    Backend b = Bnb.backend("cpu");
    int n = 16 << 20;
    java.util.Random r = new java.util.Random(1);
    float[] v = new float[n]; for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
    for (String d : new String[]{"F32", "BF16", "F16"}) {
      Tensor g = b.upload(v, DType.valueOf(d), n);
      Tensor vec = b.allocate(DType.F32, 100);
      long best = Long.MAX_VALUE; ClipResult c = null;
      for (int i = 0; i < 30; i++) { long t0 = System.nanoTime(); c = b.percentileClipping(g, vec, i + 1, 5); best = Math.min(best, System.nanoTime() - t0); }
      System.out.printf("%s %.0f us gnorm %.9g%n", d, best / 1e3, c.gnorm());
      g.close(); vec.close();
    }
  }
}
