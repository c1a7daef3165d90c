package io.bnb.backend.cpu;
import java.lang.foreign.*;
public class GA {
  static Object keep;
  public static void main(String[] a) {
    int n = 4096, k = 4096, bs = 64;
    Arena ar = Arena.ofShared();
    MemorySegment packed = ar.allocate((long) n * k / 2, 64);
    java.util.Random r = new java.util.Random(1);
    for (long i = 0; i < (long) n * k / 2; i++) packed.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
    float[] am = new float[n * k / bs];
    for (int i = 0; i < am.length; i++) am[i] = 0.01f + r.nextFloat() * 0.07f;
    MemorySegment ams = ar.allocate(4L * am.length, 64);
    MemorySegment.copy(am, 0, ams, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, am.length);
    float[] x = new float[k];
    for (int i = 0; i < k; i++) x[i] = Elements.round((float) r.nextGaussian(), io.bnb.api.DType.BF16);
    float[] xp0 = FourBitGemvBf16.permute(x, k, FourBitGemvBf16.WIDE);
    byte[] tables = FourBitGemvBf16.tables(io.bnb.api.Codebooks.nf4());
    FourBitMatmul.Scales sc = FourBitMatmul.Scales.plain(ams);
    float[] sums = new float[n];
    int rows = 64;
    float[][] xps = new float[4][];
    for (int d = 0; d < 4; d++) { keep = new byte[8 * d + 1]; xps[d] = xp0.clone(); }
    for (int it = 0; it < 30; it++) {
      StringBuilder sb = new StringBuilder();
      for (int d = 0; d < 4; d++) {
        long t0 = System.nanoTime();
        for (int rep = 0; rep < n / rows; rep++) FourBitGemvBf16.rows(xps[d], k, packed, 0, rows, bs, sc, tables, sums);
        sb.append(String.format(" d%d %.0f", d, (System.nanoTime() - t0) / 1e3));
      }
      if (it % 5 == 4) System.out.println(sb);
    }
  }
}
