package io.bnb.backend.cpu;
import java.lang.foreign.*;
public class GB {
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
    float[] sums = new float[n];
    int rows = Integer.getInteger("rows", 64);
    for (int it = 0; it < 40; it++) {
      long t0 = System.nanoTime();
      for (int rep = 0; rep < n / rows; rep++) FourBitGemvBf16.rows(xp, k, packed, 0, rows, bs, sc, tables, sums);
      long l2 = System.nanoTime() - t0;
      t0 = System.nanoTime();
      FourBitGemvBf16.rows(xp, k, packed, 0, n, bs, sc, tables, sums);
      long full = System.nanoTime() - t0;
      if (it % 10 == 9) System.out.printf("L2-resident %.2f ns/32w   full %.2f ns/32w%n", l2 / (n * (double) k / 32), full / (n * (double) k / 32));
    }
  }
}
