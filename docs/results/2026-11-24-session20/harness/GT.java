package io.bnb.backend.cpu;
import java.lang.foreign.*;
import io.bnb.api.DType;
public class GT {
  static Object keep;
  public static void main(String[] a) {
    int n = 256, k = 4096, bs = 64, m = 4;
    Arena ar = Arena.ofShared();
    MemorySegment packed = ar.allocate((long) n * k / 2, 64);
    java.util.Random r = new java.util.Random(1);
    for (long i = 0; i < (long) n * k / 2; i++) packed.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
    MemorySegment ams = ar.allocate(4L * n * k / bs, 64);
    for (int i = 0; i < n * k / bs; i++) ams.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, 0.01f + r.nextFloat() * 0.07f);
    float[] x = new float[m * k];
    for (int i = 0; i < x.length; i++) x[i] = Elements.round((float) r.nextGaussian(), DType.BF16);
    float[] codeT = io.bnb.api.Codebooks.nf4();
    FourBitMatmul.Scales sc = FourBitMatmul.Scales.plain(ams);
    float[][] xss = new float[4][];
    for (int d = 0; d < 4; d++) { keep = new byte[8 * d + 1]; xss[d] = FourBitMatmulVec.orderedActivations(x, m, k, bs, DType.BF16); }
    float[] sums = new float[m * n];
    for (int it = 0; it < 30; it++) {
      StringBuilder sb = new StringBuilder();
      for (int d = 0; d < 4; d++) {
        long t0 = System.nanoTime();
        for (int rep = 0; rep < 16; rep++) FourBitMatmulVec.rows(x, m, k, packed, 0, n, bs, sc, codeT, DType.BF16, sums, true, null, xss[d]);
        sb.append(String.format(" d%d %.0f", d, (System.nanoTime() - t0) / 1e3));
      }
      if (it % 5 == 4) System.out.println(sb);
    }
  }
}
