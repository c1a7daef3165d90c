package io.bnb.backend.cpu;
import java.lang.foreign.*;
import jdk.incubator.vector.*;
import static jdk.incubator.vector.VectorOperators.*;
public class GY {
  static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
  static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
  static final VectorSpecies<Short> S16 = ShortVector.SPECIES_256;
  static final java.nio.ByteOrder LE = java.nio.ByteOrder.LITTLE_ENDIAN;
  static final int[] OFF = {0, 2, 1, 3};
  /** xq[c + 8r + j] = x[c + 4j + OFF[r]] per 32-chunk c. */
  static float[] permute(float[] x, int k) {
    float[] xq = new float[k];
    for (int c = 0; c < k; c += 32) for (int r = 0; r < 4; r++) for (int j = 0; j < 8; j++) xq[c + 8 * r + j] = x[c + 4 * j + OFF[r]];
    return xq;
  }
  /** tables: 16 low bytes, 16 high bytes of bf16(code). */
  static void rows(float[] xq, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, byte[] tab, float[] sums) {
    packed = Segments.nativeSegment(packed);
    int shift = Integer.numberOfTrailingZeros(bs);
    float[] sc = new float[k / 64 * (r1 - r0) + 2];
    long blk0 = ((long) r0 * k) >>> shift;
    scales.fill(blk0, (int) ((((long) r1 * k - 1) >>> shift) - blk0 + 1), sc);
    ByteVector tl = ByteVector.fromArray(B16, tab, 0), th = ByteVector.fromArray(B16, tab, 16);
    for (int row = r0; row < r1; row++) {
      long f0 = (long) row * k;
      FloatVector c0 = FloatVector.zero(F8), c1 = c0;
      for (int kk = 0; kk < k; kk += 64) {
        long f = f0 + kk;
        ByteVector pk = ByteVector.fromMemorySegment(B16, packed, f >>> 1, LE);
        ByteVector hn = pk.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
        IntVector wh = ((ShortVector) hn.selectFrom(tl).convertShape(ZERO_EXTEND_B2S, S16, 0)).or(((ShortVector) hn.selectFrom(th).convertShape(ZERO_EXTEND_B2S, S16, 0)).lanewise(LSHL, 8)).reinterpretAsInts();
        IntVector wl = ((ShortVector) pk.selectFrom(tl).convertShape(ZERO_EXTEND_B2S, S16, 0)).or(((ShortVector) pk.selectFrom(th).convertShape(ZERO_EXTEND_B2S, S16, 0)).lanewise(LSHL, 8)).reinterpretAsInts();
        FloatVector a0 = wh.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xq, kk));
        FloatVector a1 = wh.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xq, kk + 8));
        a0 = wl.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xq, kk + 16), a0);
        a1 = wl.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xq, kk + 24), a1);
        pk = ByteVector.fromMemorySegment(B16, packed, (f >>> 1) + 16, LE);
        hn = pk.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
        wh = ((ShortVector) hn.selectFrom(tl).convertShape(ZERO_EXTEND_B2S, S16, 0)).or(((ShortVector) hn.selectFrom(th).convertShape(ZERO_EXTEND_B2S, S16, 0)).lanewise(LSHL, 8)).reinterpretAsInts();
        wl = ((ShortVector) pk.selectFrom(tl).convertShape(ZERO_EXTEND_B2S, S16, 0)).or(((ShortVector) pk.selectFrom(th).convertShape(ZERO_EXTEND_B2S, S16, 0)).lanewise(LSHL, 8)).reinterpretAsInts();
        a0 = wh.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xq, kk + 32), a0);
        a1 = wh.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xq, kk + 40), a1);
        a0 = wl.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xq, kk + 48), a0);
        a1 = wl.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xq, kk + 56), a1);
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
    float[] xp = FourBitGemvBf16.permute(x, k, FourBitGemvBf16.WIDE), xq = permute(x, k);
    byte[] tables = FourBitGemvBf16.tables(code);
    byte[] t16 = FourBitGemvBf16.tables(code, 1);
    FourBitMatmul.Scales sc = FourBitMatmul.Scales.plain(ams);
    float[] s1 = new float[n], s2 = new float[n];
    int rows = 64;
    for (int it = 0; it < 40; it++) {
      long t0 = System.nanoTime();
      for (int rep = 0; rep < n / rows; rep++) FourBitGemvBf16.rows(xp, k, packed, 0, rows, bs, sc, tables, s1);
      long t1 = System.nanoTime();
      for (int rep = 0; rep < n / rows; rep++) rows(xq, k, packed, 0, rows, bs, sc, t16, s2);
      long t2 = System.nanoTime();
      double md = 0; for (int i = 0; i < rows; i++) md = Math.max(md, Math.abs(s1[i] - s2[i]) / (Math.abs(s1[i]) + 1e-3));
      if (it % 5 == 4) System.out.printf("cur %.2f ns/32w   hybrid %.2f ns/32w   maxrel %.2e%n", (t1 - t0) / (n * (double) k / 32), (t2 - t1) / (n * (double) k / 32), md);
    }
  }
}
