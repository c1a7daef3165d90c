package io.bnb.backend.cpu;
import java.lang.foreign.*;
public class NB {
  public static void main(String[] a) {
    int n = 4096*4096;
    Arena ar = Arena.ofShared();
    MemorySegment in = ar.allocate(2L*n, 64), out = ar.allocate(n/2, 64), am = ar.allocate(4L*n/32, 64);
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, Elements.bf16((float) r.nextGaussian()));
    for (int it = 0; it < 20; it++) {
      StringBuilder sb = new StringBuilder();
      for (int bs : new int[]{64, 128, 256, 1024, 64}) {
        long t0 = System.nanoTime();
        Nf4Bf16Keys.blocks(in, bs, 0, n / bs, out, am);
        sb.append(String.format(" bs%d %.2f", bs, (System.nanoTime() - t0) / 1e6));
      }
      if (it % 5 == 4) System.out.println(sb);
    }
  }
}
