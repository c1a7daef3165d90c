package io.bnb.backend.cpu;
import java.lang.foreign.*;
import io.bnb.api.DType;
public class QB {
  public static void main(String[] a) {
    int n = 4 << 20;
    Arena ar = Arena.ofShared();
    MemorySegment in = ar.allocate(4L*n, 64), out = ar.allocate(n, 64), am = ar.allocate(4L * n / 32, 64);
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) r.nextGaussian());
    NearestCode nc = NearestCode.of(io.bnb.api.Codebooks.dynamicSigned());
    for (int it = 0; it < 40; it++) {
      StringBuilder sb = new StringBuilder();
      for (int bs : new int[]{256, 4096}) {
        long t0 = System.nanoTime();
        Blockwise8Vec.quantize(in, DType.F32, n, bs, nc, out, am, 0, n / bs);
        sb.append(String.format(" bs%d %.2f ns/v", bs, (System.nanoTime() - t0) / (double) n));
      }
      if (it % 10 == 9) System.out.println(sb);
    }
  }
}
