package io.bnb.backend.cpu;
import java.lang.foreign.*;
import io.bnb.api.DType;
import jdk.incubator.vector.*;
import static io.bnb.backend.cpu.Vec.*;
public class B3 {
  static final VectorSpecies<Long> L = LongVector.SPECIES_256;
  static void scaledF32(MemorySegment in, long from, int lv, float s, long[] bits) {
    for (int i = 0; i < lv; i += LANES) Vec.loadF32(in, from + i).mul(s).reinterpretAsLongs().intoArray(bits, i >> 1);
  }
  static void lookup(int[] table, int lv, long[] bits, long[] e) {
    int mask = table.length - 1;
    for (int j = 0; j < lv >> 1; j++) {
      long b = bits[j];
      int lo = table[((int) b >>> 16) & mask], hi = table[(int) (b >>> 48) & mask];
      e[j] = lo & 0xffffffffL | (long) hi << 32;
    }
  }
  static void lookupU(int[] table, int lv, long[] bits, long[] e) {
    int mask = table.length - 1;
    for (int j = 0; j < lv >> 1; j++) {
      long b = bits[j];
      int lo = table[((int) b >>> 16) & mask], hi = table[(int) (b >>> 48) & mask];
      e[j] = Integer.toUnsignedLong(lo) | Integer.toUnsignedLong(hi) << 32;
    }
  }
  static void lookupS(int[] table, int lv, long[] bits, long[] e) {
    for (int j = 0; j < lv >> 1; j++) {
      long b = bits[j];
      int lo = table[(char) ((int) b >>> 16)], hi = table[(char) (b >>> 48)];
      e[j] = Integer.toUnsignedLong(lo) | (long) hi << 32;
    }
  }
  static void lookupInt(int[] table, int lv, long[] bits, int[] e) {
    int mask = table.length - 1;
    for (int j = 0; j < lv >> 1; j++) {
      long b = bits[j];
      e[2*j] = table[((int) b >>> 16) & mask];
      e[2*j+1] = table[(int) (b >>> 48) & mask];
    }
  }
  static void scaledF32I(MemorySegment in, long from, int lv, float s, int[] bits) {
    for (int i = 0; i < lv; i += LANES) Vec.loadF32(in, from + i).mul(s).reinterpretAsInts().intoArray(bits, i);
  }
  static void lookupII(int[] table, int lv, int[] bits, int[] e) {
    int mask = table.length - 1;
    for (int i = 0; i < lv; i++) e[i] = table[(bits[i] >>> 16) & mask];
  }
  static void store(long[] bits, long[] e, int lv, MemorySegment out, long o) {
    for (int i = 0; i < lv; i += LANES) select(bits, e, i >> 1).intoMemorySegment(out, o + i, Vec.LE);
  }
  static ByteVector select(long[] bits, long[] e, int j) {
    IntVector b = LongVector.fromArray(L, bits, j).reinterpretAsInts(), en = LongVector.fromArray(L, e, j).reinterpretAsInts();
    IntVector lo = b.lanewise(VectorOperators.XOR, b.lanewise(VectorOperators.ASHR, 31)).and(0xffff);
    VectorMask<Integer> up = lo.compare(VectorOperators.GT, en.lanewise(VectorOperators.LSHR, 16));
    return en.blend(en.lanewise(VectorOperators.LSHR, 8), up).convertShape(VectorOperators.I2B, Vec.B, 0).reinterpretAsBytes();
  }
  public static void main(String[] a) {
    int n = 16 << 20, bs = 256;
    Arena ar = Arena.ofShared();
    MemorySegment in = ar.allocate(4L*n, 64), out = ar.allocate(n, 64);
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, Boolean.getBoolean("flat") ? 0.5f + (i % 16) * 0.001f : (float) r.nextGaussian());
    NearestCode nc = NearestCode.of(io.bnb.api.Codebooks.dynamicSigned());
    int[] t = nc.table;
    long[] bits = new long[256], e = new long[256]; int[] ei = new int[512], bi = new int[512];
    float s = 1f / 4.5f;
    for (int it = 0; it < 30; it++) {
      long t0 = System.nanoTime();
      for (int b = 0; b < n / bs; b++) scaledF32(in, (long) (b & 7) * bs, bs, s, bits);
      long t1 = System.nanoTime();
      for (int b = 0; b < n / bs; b++) lookup(t, bs, bits, e);
      long t2 = System.nanoTime();
      for (int b = 0; b < n / bs; b++) store(bits, e, bs, out, (long) (b & 7) * bs);
      long t3 = System.nanoTime();
      for (int b = 0; b < n / bs; b++) lookupU(t, bs, bits, e);
      long t4 = System.nanoTime();
      for (int b = 0; b < n / bs; b++) scaledF32I(in, (long) (b & 7) * bs, bs, s, bi);
      long t5 = System.nanoTime();
      for (int b = 0; b < n / bs; b++) lookupS(t, bs, bits, e);
      long t6 = System.nanoTime();
      if (it % 5 == 4) System.out.printf("scaled %.2f  lookup %.2f  store %.2f lookupU %.2f scaledI %.2f lookupS %.2f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4-t3)/1e6, (t5-t4)/1e6, (t6-t5)/1e6);
    }
  }
}
