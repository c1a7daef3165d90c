package io.bnb.backend.cpu;
import java.lang.foreign.*;
import io.bnb.api.DType;
public class B2 {
  public static void main(String[] a) {
    int n = 16 << 20, bs = 256;
    Arena ar = Arena.ofShared();
    MemorySegment in = ar.allocate(4L*n, 64), out = ar.allocate(n, 64), am = ar.allocate(4L*n/bs, 64);
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) r.nextGaussian());
    NearestCode nc = NearestCode.of(io.bnb.api.Codebooks.dynamicSigned());
    CodeTableVec.Scratch w = new CodeTableVec.Scratch();
    float[] ms = new float[n / bs];
    for (int it = 0; it < 30; it++) {
      long t0 = System.nanoTime();
      for (int b = 0; b < n / bs; b++) ms[b] = Vec.absmaxF32(in, (long) b * bs, bs);
      long t1 = System.nanoTime();
      for (int b = 0; b < n / bs; b++) CodeTableVec.codes(nc.table, in, DType.F32, (long) b * bs, bs, 1f / ms[b], w, out, (long) b * bs);
      long t2 = System.nanoTime();
      // codes on an L1-resident block only (no memory traffic)
      for (int b = 0; b < n / bs; b++) CodeTableVec.codes(nc.table, in, DType.F32, (long) (b & 7) * bs, bs, 1f / ms[b & 7], w, out, (long) (b & 7) * bs);
      long t3 = System.nanoTime();
      for (int b = 0; b < n / bs; b++) ms[b] = Vec.absmaxF32(in, (long) (b & 7) * bs, bs);
      long t4 = System.nanoTime();
      if (it % 5 == 4) System.out.printf("absmax %.2f  codes %.2f  codesL1 %.2f absmaxL1 %.2f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4-t3)/1e6);
    }
  }
}
