package io.bnb.backend.cpu;
import java.lang.foreign.*;
public class Q2 {
  public static void main(String[] a) {
    int n = 4096*4096, bs = 64;
    Arena ar = Arena.ofShared();
    MemorySegment in = ar.allocate(2L*n, 64), out = ar.allocate(n/2, 64), am = ar.allocate(4L*n/bs, 64);
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, Elements.bf16((float) r.nextGaussian()));
    float[] spare = new float[bs]; float s = 0;
    for (int it = 0; it < 40; it++) {
      long t0 = System.nanoTime();
      Nf4Bf16Keys.blocks(in, bs, 0, n / bs, out, am);
      long t1 = System.nanoTime();
      for (int b = 0; b < n / bs; b++) s += Vec.absmaxBf16(in, (long) b * bs, bs, spare);
      long t2 = System.nanoTime();
      for (int b = 0; b < n / bs; b++) s += Vec.absmaxBf16(in, (long) (b & 255) * bs, bs, spare);
      long t3 = System.nanoTime();
      if (it % 5 == 4) System.out.printf("blocks %.2f  absmax %.2f  absmaxL2 %.2f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
    }
    System.out.println(s);
  }
}
