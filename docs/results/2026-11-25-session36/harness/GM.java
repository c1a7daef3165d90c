import io.bnb.api.*;
public class GM {
  public static void main(String[] x) throws Exception {
    Backend b = Bnb.backend("cpu");
    int n = 4096, k = 4096, m = Integer.getInteger("m", 16);
    java.util.Random r = new java.util.Random(1);
    byte[] pk = new byte[n * k / 2]; r.nextBytes(pk);
    float[] am = new float[n * k / 64]; for (int i = 0; i < am.length; i++) am[i] = 0.01f + 0.07f * r.nextFloat();
    float[] xv = new float[m * k]; for (int i = 0; i < xv.length; i++) xv[i] = (float) r.nextGaussian();
    Tensor packed = b.upload(pk, DType.U8, (long) n * k / 2, 1);
    Tensor absmax = b.upload(am, am.length);
    Tensor xt = b.upload(xv, DType.BF16, m, k);
    java.lang.management.ThreadMXBean tb = (java.lang.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (int rep = 0; rep < 5; rep++) {
      long[] ts = new long[30];
      long a0 = ((com.sun.management.ThreadMXBean) tb).getCurrentThreadAllocatedBytes();
      for (int it = 0; it < ts.length; it++) {
        long s = System.nanoTime();
        try (Tensor o = b.gemm4bit(xt, packed, new long[]{n, k}, absmax, 64, QuantType.NF4, null, null)) { b.synchronize(); }
        ts[it] = System.nanoTime() - s;
      }
      long a1 = ((com.sun.management.ThreadMXBean) tb).getCurrentThreadAllocatedBytes();
      java.util.Arrays.sort(ts);
      System.out.printf("m=%d best %.0f med %.0f us  alloc/call(main) %.1f KB%n", m, ts[0] / 1e3, ts[15] / 1e3, (a1 - a0) / 30 / 1e3);
    }
  }
}
