package io.bnb.backend.cpu;
import java.lang.foreign.*;
import jdk.incubator.vector.*;
import static jdk.incubator.vector.VectorOperators.*;
public class GX {
  static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
  static final VectorSpecies<Integer> I8 = IntVector.SPECIES_256;
  static final java.nio.ByteOrder LE = java.nio.ByteOrder.LITTLE_ENDIAN;
  /** xq[c + 8p + j] = x[c + 8j + sigma(p)] per 64-chunk c. */
  static float[] permute(float[] x, int k) {
    float[] xq = new float[k];
    for (int c = 0; c < k; c += 64) for (int p = 0; p < 8; p++) for (int j = 0; j < 8; j++) {
      int s = (p & 1) == 0 ? p + 1 : p - 1;
      xq[c + 8 * p + j] = x[c + 8 * j + s];
    }
    return xq;
  }
  static IntVector sel(IntVector i, IntVector ta, IntVector tb) {
    return i.selectFrom(ta).blend(i.selectFrom(tb), i.lanewise(LSHL, 28).compare(LT, 0));
  }
  static void rows(float[] xq, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, float[] codeBf, float[] sums) {
    packed = Segments.nativeSegment(packed);
    int shift = Integer.numberOfTrailingZeros(bs);
    float[] sc = new float[k / 64 * (r1 - r0) + 2];
    long blk0 = ((long) r0 * k) >>> shift;
    scales.fill(blk0, (int) ((((long) r1 * k - 1) >>> shift) - blk0 + 1), sc);
    IntVector ta = FloatVector.fromArray(F8, codeBf, 0).reinterpretAsInts(), tb = FloatVector.fromArray(F8, codeBf, 8).reinterpretAsInts();
    for (int row = r0; row < r1; row++) {
      long f0 = (long) row * k;
      FloatVector c0 = FloatVector.zero(F8), c1 = c0;
      for (int kk = 0; kk < k; kk += 64) {
        long f = f0 + kk;
        IntVector pk = IntVector.fromMemorySegment(I8, packed, f >>> 1, LE);
        IntVector i0 = pk;
        FloatVector w0 = i0.selectFrom(ta).blend(i0.selectFrom(tb), pk.lanewise(LSHL, 28).compare(LT, 0)).reinterpretAsFloats();
        IntVector i1 = pk.lanewise(LSHR, 4);
        FloatVector w1 = i1.selectFrom(ta).blend(i1.selectFrom(tb), pk.lanewise(LSHL, 24).compare(LT, 0)).reinterpretAsFloats();
        IntVector i2 = pk.lanewise(LSHR, 8);
        FloatVector w2 = i2.selectFrom(ta).blend(i2.selectFrom(tb), pk.lanewise(LSHL, 20).compare(LT, 0)).reinterpretAsFloats();
        IntVector i3 = pk.lanewise(LSHR, 12);
        FloatVector w3 = i3.selectFrom(ta).blend(i3.selectFrom(tb), pk.lanewise(LSHL, 16).compare(LT, 0)).reinterpretAsFloats();
        IntVector i4 = pk.lanewise(LSHR, 16);
        FloatVector w4 = i4.selectFrom(ta).blend(i4.selectFrom(tb), pk.lanewise(LSHL, 12).compare(LT, 0)).reinterpretAsFloats();
        IntVector i5 = pk.lanewise(LSHR, 20);
        FloatVector w5 = i5.selectFrom(ta).blend(i5.selectFrom(tb), pk.lanewise(LSHL, 8).compare(LT, 0)).reinterpretAsFloats();
        IntVector i6 = pk.lanewise(LSHR, 24);
        FloatVector w6 = i6.selectFrom(ta).blend(i6.selectFrom(tb), pk.lanewise(LSHL, 4).compare(LT, 0)).reinterpretAsFloats();
        IntVector i7 = pk.lanewise(LSHR, 28);
        FloatVector w7 = i7.selectFrom(ta).blend(i7.selectFrom(tb), pk.compare(LT, 0)).reinterpretAsFloats();
        FloatVector a0 = w0.mul(FloatVector.fromArray(F8, xq, kk)), a1 = w1.mul(FloatVector.fromArray(F8, xq, kk + 8));
        a0 = w2.fma(FloatVector.fromArray(F8, xq, kk + 16), a0);
        a1 = w3.fma(FloatVector.fromArray(F8, xq, kk + 24), a1);
        a0 = w4.fma(FloatVector.fromArray(F8, xq, kk + 32), a0);
        a1 = w5.fma(FloatVector.fromArray(F8, xq, kk + 40), a1);
        a0 = w6.fma(FloatVector.fromArray(F8, xq, kk + 48), a0);
        a1 = w7.fma(FloatVector.fromArray(F8, xq, kk + 56), a1);
        FloatVector s = FloatVector.broadcast(F8, sc[(int) ((f >>> shift) - blk0)]);
        c0 = a0.fma(s, c0);
        c1 = a1.fma(s, c1);
      }
      sums[row - r0] = c0.add(c1).reduceLanes(ADD);
    }
  }
  public static void main(String[] a) {
    int n = 4096, k = 4096, bs = 64;
    Arena ar = Arena.ofShared();
    MemorySegment packed = ar.allocate((long) n * k / 2, 64);
    java.util.Random r = new java.util.Random(1);
    for (long i = 0; i < (long) n * k / 2; i++) packed.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
    MemorySegment ams = ar.allocate(4L * n * k / bs, 64);
    for (int i = 0; i < n * k / bs; i++) ams.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, 0.01f + r.nextFloat() * 0.07f);
    float[] x = new float[k];
    for (int i = 0; i < k; i++) x[i] = Elements.round((float) r.nextGaussian(), io.bnb.api.DType.BF16);
    float[] code = io.bnb.api.Codebooks.nf4();
    float[] codeBf = new float[16];
    for (int c = 0; c < 16; c++) codeBf[c] = Elements.round(code[c], io.bnb.api.DType.BF16);
    float[] xp = FourBitGemvBf16.permute(x, k, FourBitGemvBf16.WIDE), xq = permute(x, k);
    byte[] tables = FourBitGemvBf16.tables(code);
    FourBitMatmul.Scales sc = FourBitMatmul.Scales.plain(ams);
    float[] s1 = new float[n], s2 = new float[n];
    int rows = 64;
    for (int it = 0; it < 40; it++) {
      long t0 = System.nanoTime();
      for (int rep = 0; rep < n / rows; rep++) FourBitGemvBf16.rows(xp, k, packed, 0, rows, bs, sc, tables, s1);
      long t1 = System.nanoTime();
      for (int rep = 0; rep < n / rows; rep++) rows(xq, k, packed, 0, rows, bs, sc, codeBf, s2);
      long t2 = System.nanoTime();
      double md = 0; for (int i = 0; i < rows; i++) md = Math.max(md, Math.abs(s1[i] - s2[i]) / (Math.abs(s1[i]) + 1e-3));
      if (it % 5 == 4) System.out.printf("cur %.2f ns/32w   perm %.2f ns/32w   maxrel %.2e%n", (t1 - t0) / (n * (double) k / 32), (t2 - t1) / (n * (double) k / 32), md);
    }
  }
}
