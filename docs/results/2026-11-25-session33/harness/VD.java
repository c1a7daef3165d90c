import io.bnb.api.*;
import java.lang.foreign.*;
public class VD {
  public static void main(String[] x) throws Exception {
    Backend b = Bnb.backend("cpu");
    int n = 4096;
    java.util.Random r = new java.util.Random(1);
    byte[] q = new byte[n * n]; r.nextBytes(q);
    float[] st = new float[n]; for (int i = 0; i < n; i++) st[i] = r.nextFloat() * 5;
    Tensor a = b.upload(MemorySegment.ofArray(q), DType.I8, n, n), s = b.upload(st, n);
    for (int rep = 0; rep < 3; rep++) {
      long best = Long.MAX_VALUE; double sum = 0;
      for (int i = 0; i < 20; i++) {
        long t0 = System.nanoTime();
        try (Tensor o = b.int8VectorwiseDequant(a, s)) { best = Math.min(best, System.nanoTime() - t0); if (i == 0) { float[] f = b.downloadFloats(o); for (int j = 0; j < f.length; j += 997) sum += f[j]; } }
      }
      System.out.printf("dequant %.0f us (check %.6f)%n", best / 1e3, sum);
    }
  }
}
