package io.bnb.backend.cpu;
import java.lang.foreign.*;
public class GW {
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
    float[] xp = FourBitGemvBf16.permute(x, k, FourBitGemvBf16.WIDE);
    byte[] tables = FourBitGemvBf16.tables(io.bnb.api.Codebooks.nf4());
    FourBitMatmul.Scales sc = FourBitMatmul.Scales.plain(ams);
    float[] s0 = new float[n], s1 = new float[n], s2 = new float[n];
    int rows = 64;
    for (int it = 0; it < 40; it++) {
      long t0 = System.nanoTime();
      for (int rep = 0; rep < n / rows; rep++) GV.rows(xp, k, packed, rep * rows, rep * rows + rows, bs, sc, tables, s0);
      long t1 = System.nanoTime();
      for (int rep = 0; rep < n / rows; rep++) GV.rowsC(xp, k, packed, rep * rows, rep * rows + rows, bs, sc, tables, s1);
      long t2 = System.nanoTime();
      for (int rep = 0; rep < n / rows; rep++) GV.rowsB(xp, k, packed, rep * rows, rep * rows + rows, bs, sc, tables, s2);
      long t3 = System.nanoTime();
      for (int rep = 0; rep < n / rows; rep++) GV.rowsR2(xp, k, packed, rep * rows, rep * rows + rows, bs, sc, tables, s1);
      long t4 = System.nanoTime();
      for (int rep = 0; rep < n / rows; rep++) GV.rowsH(xp, k, packed, rep * rows, rep * rows + rows, bs, sc, tables, s2);
      long t5 = System.nanoTime();
      double w = n * (double) k / 32;
      if (it % 10 == 9) System.out.printf("A %.2f  C %.2f  B %.2f  R2 %.2f  H %.2f ns/32w   check %g %g%n", (t1 - t0) / w, (t2 - t1) / w, (t3 - t2) / w, (t4 - t3) / w, (t5 - t4) / w, s1[5] - s0[5], s2[7] - s0[7]);
    }
  }
}
