import io.bnb.api.*;
public class DQ {
  public static void main(String[] x) throws Exception {
    Backend b = Bnb.backend("cpu");
    int n = Integer.getInteger("rows", 256), k = 4096;
    java.util.Random r = new java.util.Random(1);
    float[] v = new float[n * k]; for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
    Tensor a = b.upload(v, DType.F32, n, k);
    try (Quantized q = b.quantize4bit(a, 64, QuantType.NF4, DType.U8)) {
      for (int rep = 0; rep < 5; rep++) {
        long best = Long.MAX_VALUE;
        for (int it = 0; it < 200; it++) {
          long s = System.nanoTime();
          try (Tensor o = b.dequantize4bit(q.data(), q.absmax(), 64, QuantType.NF4, new long[]{n, k}, DType.F32)) { b.synchronize(); }
          best = Math.min(best, System.nanoTime() - s);
        }
        System.out.printf("best %.1f us  %.2f cycles/elem @3.5GHz%n", best / 1e3, best * 3.5 * Integer.getInteger("bnb.cpu.threads", 2) / ((double) n * k));
      }
    }
  }
}
