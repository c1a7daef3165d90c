import io.bnb.api.*;
public class DQ2 {
  public static void main(String[] x) throws Exception {
    Backend b = Bnb.backend("cpu");
    int n = 4096;
    java.util.Random r = new java.util.Random(1);
    float[] v = new float[n * n]; for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
    DType dt = DType.valueOf(System.getProperty("dt", "F16"));
    Tensor a = b.upload(v, dt, n, n);
    float thr = Float.parseFloat(System.getProperty("thr", "0"));
    for (int rep = 0; rep < Integer.getInteger("reps", 5); rep++) {
      long bd = Long.MAX_VALUE, bv = Long.MAX_VALUE;
      for (int i = 0; i < 15; i++) {
        long t0 = System.nanoTime();
        try (var q = b.int8DoubleQuant(a, thr)) {}
        long t1 = System.nanoTime();
        try (var q = b.int8VectorwiseQuant(a, thr)) {}
        long t2 = System.nanoTime();
        bd = Math.min(bd, t1 - t0); bv = Math.min(bv, t2 - t1);
      }
      System.out.printf("%s thr %.0f: doubleQuant %.0f us  vectorwiseQuant %.0f us%n", dt, thr, bd / 1e3, bv / 1e3);
    }
  }
}
