package io.bnb.backend.cpu;
import io.bnb.api.*;
import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;
import java.util.*;
import static jdk.incubator.vector.VectorOperators.*;
public class KP2 {
  static byte[][] codes; static int sink; static final int K = Integer.getInteger("k", 0); static final int ABL = Integer.getInteger("abl", 0);
  static final ValueLayout.OfShort SHORTS = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  public static void main(String[] a) throws Exception {
    int n = 1 << 24;
    Arena ar = Arena.global();
    MemorySegment in = ar.allocate(2L*n, 64), out = ar.allocate(n, 64), out2 = ar.allocate(n, 64), absmax = ar.allocate(4L*n/256, 64), absmax2 = ar.allocate(4L*n/256, 64);
    Random r = new Random(1);
    for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) (Float.floatToRawIntBits((float) r.nextGaussian()) >>> 16));
    NearestCode search = NearestCode.of(Codebooks.dynamicSigned());
    Blockwise8Bf16Keys keys = search.bf16Keys();
    java.lang.reflect.Field f = Blockwise8Bf16Keys.class.getDeclaredField("codes"); f.setAccessible(true);
    codes = (byte[][]) f.get(keys);
    int bs = 256;
    double[] best = {1e9, 1e9};
    for (int rep = 0; rep < 60; rep++) {
      int k = rep % 2;
      long t0 = System.nanoTime();
      if (k == 0) Blockwise8Kernels.quantize(in, DType.BF16, n, bs, search, out, absmax);
      else Parallel.forRange(n / bs, 1, 128, (b0, b1) -> pipelined(in, n, bs, search, out2, absmax2, b0, b1));
      double ms = (System.nanoTime() - t0) / 1e6;
      if (rep >= 10) best[k] = Math.min(best[k], ms);
    }
    System.out.printf("best ms: current %.2f  pipelined %.2f same=%b %b%n", best[0], best[1], out.mismatch(out2) < 0, absmax.mismatch(absmax2) < 0);
  }
  static final VectorSpecies<Short> S = ShortVector.SPECIES_256;
  static final int LOW = 0x3f80 - 128 * 40, SIDE = 0x4000 - LOW;
  static void pipelined(MemorySegment in, long n, int bs, NearestCode search, MemorySegment out, MemorySegment absmax, long b0, long b1) {
    in = Segments.nativeSegment(in); out = Segments.nativeSegment(out); absmax = Segments.nativeSegment(absmax);
    float[] spare = new float[bs];
    int[] index = new int[bs / 2];
    float next = Vec.absmaxBf16(in, b0 * bs, bs, spare);
    int acc = 0;
    for (long blk = b0; blk < b1; blk++) {
      long start = blk * bs;
      float m = next;
      absmax.setAtIndex(Elements.F32, blk, m);
      boolean ok = (ABL & 1) != 0 ? Blockwise8Bf16Keys.handles(m) : !Blockwise8Kernels.special(in, DType.BF16, start, bs, m, search, out) && Blockwise8Bf16Keys.handles(m);
      int bits = Float.floatToRawIntBits(m) >>> 16, mu = bits & 0x7f;
      short shift = (short) ((((bits >>> 7) & 0xff) - 127) * 128 + LOW);
      if (ok) for (int i = 0; i < bs; i += 16) {
        ShortVector x = ShortVector.fromMemorySegment(S, in, (start + i) << 1, ByteOrder.LITTLE_ENDIAN);
        ShortVector at = x.and((short) 0x7fff).sub(shift).max((short) 0).add(x.lanewise(ASHR, 15).and((short) SIDE));
        at.reinterpretAsInts().intoArray(index, i >>> 1);
      }
      if (blk + 1 < b1) {
        next = (ABL & 2) != 0 ? 3.5f : Vec.absmaxBf16(in, start + bs, bs, spare);
        if (K > 0) {
          byte[] tn = codes[(Float.floatToRawIntBits(next) >>> 16) & 0x7f];
          int from = 0x4000 - 128 * K - LOW;
          for (int e = from; e < 0x4000 - LOW; e += 64) acc += tn[e] + tn[e + SIDE];
        }
      }
      if (!ok) continue; // (the real one would take the other paths here)
      byte[] table = codes[(ABL & 4) != 0 ? 0 : mu];
      int mask = table.length - 1;
      for (int j = 0; j < bs / 2; j++) {
        int pair = index[j];
        out.set(SHORTS, start + 2L * j, (short) (table[pair & mask] & 0xff | table[(pair >>> 16) & mask] << 8));
      }
    }
    if (acc == 123456789) sink++;
  }

  static final int G = Integer.getInteger("g", 512);
  static void sorted(MemorySegment in, long n, int bs, NearestCode search, MemorySegment out, MemorySegment absmax, long b0, long b1) {
    in = Segments.nativeSegment(in); out = Segments.nativeSegment(out); absmax = Segments.nativeSegment(absmax);
    float[] spare = new float[bs];
    int[] index = new int[bs / 2];
    float[] ms = new float[G];
    int[] count = new int[129], order = new int[G];
    for (long g0 = b0; g0 < b1; g0 += G) {
      int gn = (int) Math.min(G, b1 - g0);
      Arrays.fill(count, 0);
      for (int j = 0; j < gn; j++) {
        float m = Vec.absmaxBf16(in, (g0 + j) * bs, bs, spare);
        ms[j] = m;
        absmax.setAtIndex(Elements.F32, g0 + j, m);
        count[((Float.floatToRawIntBits(m) >>> 16) & 0x7f) + 1]++;
      }
      for (int k = 0; k < 128; k++) count[k + 1] += count[k];
      for (int j = 0; j < gn; j++) order[count[(Float.floatToRawIntBits(ms[j]) >>> 16) & 0x7f]++] = j;
      for (int o = 0; o < gn; o++) {
        int j = order[o];
        long blk = g0 + j, start = blk * bs;
        float m = ms[j];
        if (Blockwise8Kernels.special(in, DType.BF16, start, bs, m, search, out) || !Blockwise8Bf16Keys.handles(m)) continue;
        int bits = Float.floatToRawIntBits(m) >>> 16, mu = bits & 0x7f;
        short shift = (short) ((((bits >>> 7) & 0xff) - 127) * 128 + LOW);
        for (int i = 0; i < bs; i += 16) {
          ShortVector x = ShortVector.fromMemorySegment(S, in, (start + i) << 1, ByteOrder.LITTLE_ENDIAN);
          ShortVector at = x.and((short) 0x7fff).sub(shift).max((short) 0).add(x.lanewise(ASHR, 15).and((short) SIDE));
          at.reinterpretAsInts().intoArray(index, i >>> 1);
        }
        byte[] table = codes[mu];
        int mask = table.length - 1;
        for (int q = 0; q < bs / 2; q++) {
          int pair = index[q];
          out.set(SHORTS, start + 2L * q, (short) (table[pair & mask] & 0xff | table[(pair >>> 16) & mask] << 8));
        }
      }
    }
  }
}
