package io.bnb.backend.cpu;
import io.bnb.api.*;
import java.lang.foreign.*;
import java.util.*;
public class KP3 {
  public static void main(String[] a) throws Exception {
    int n = 1 << 20;
    Arena ar = Arena.global();
    MemorySegment in = ar.allocate(2L*n, 64), out = ar.allocate(n, 64), absmax = ar.allocate(4L*n/256, 64);
    Random r = new Random(1);
    for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) (Float.floatToRawIntBits((float) r.nextGaussian()) >>> 16));
    NearestCode search = NearestCode.of(Codebooks.dynamicSigned());
    int[] ns = {n, n - 256};
    double[] best = {1e9, 1e9};
    for (int rep = 0; rep < 400; rep++) {
      int k = rep % 2, bs = 256;
      long t0 = System.nanoTime();
      Blockwise8Vec.quantize(in, DType.BF16, ns[k], bs, search, out, absmax, 0, ns[k] / bs);
      double c = (System.nanoTime() - t0) * 3.67 / ns[k];
      if (rep >= 100) best[k] = Math.min(best[k], c);
    }
    System.out.printf("one thread, c/value: keys %.2f  table %.2f%n", best[0], best[1]);
  }
}
