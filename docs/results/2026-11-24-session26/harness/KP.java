package io.bnb.backend.cpu;
import io.bnb.api.*;
import java.lang.foreign.*;
import java.util.*;
public class KP {
  public static void main(String[] a) throws Exception {
    int n = 1 << 24;
    Arena ar = Arena.global();
    MemorySegment in = ar.allocate(2L*n, 64), out = ar.allocate(n, 64), absmax = ar.allocate(4L*n/256, 64);
    Random r = new Random(1);
    for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) (Float.floatToRawIntBits((float) r.nextGaussian()) >>> 16));
    NearestCode search = NearestCode.of(Codebooks.dynamicSigned());
    int[] sizes = {256, 4096};
    double[][] best = new double[2][1];
    for (double[] b : best) b[0] = 1e9;
    for (int rep = 0; rep < 60; rep++) {
      int k = rep % 2, bs = sizes[k];
      long t0 = System.nanoTime();
      Blockwise8Kernels.quantize(in, DType.BF16, n, bs, search, out, absmax);
      double ms = (System.nanoTime() - t0) / 1e6;
      if (rep >= 10) best[k][0] = Math.min(best[k][0], ms);
    }
    System.out.printf("best ms: bs256 %.2f  bs4096 %.2f%n", best[0][0], best[1][0]);
  }
}
