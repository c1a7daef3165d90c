package io.bnb.backend.cpu;
import java.lang.foreign.*;
import jdk.incubator.vector.*;
import static io.bnb.backend.cpu.Vec.*;
public class FU {
  static final VectorSpecies<Long> L = LongVector.SPECIES_256;
  static final int LAG = Integer.getInteger("lag", 2);
  /** Fused: per 16-value chunk c, scale chunk c, look up chunk c-1, select chunk c-2. len multiple of 16, >= 32. */
  static void fused(int[] table, MemorySegment in, long start, int len, float s, long[] bits, long[] e, MemorySegment out, long off) {
    in = Segments.nativeSegment(in); out = Segments.nativeSegment(out);
    int mask = table.length - 1;
    int chunks = len / 16;
    for (int c = 0; c < chunks + LAG; c++) {
      if (c < chunks) {
        int i = c * 16;
        loadF32(in, start + i).mul(s).reinterpretAsLongs().intoArray(bits, i >> 1);
        loadF32(in, start + i + 8).mul(s).reinterpretAsLongs().intoArray(bits, (i + 8) >> 1);
      }
      if (c >= 1 && c - 1 < chunks) {
        int j0 = (c - 1) * 8;
        for (int j = j0; j < j0 + 8; j++) {
          long b = bits[j];
          int lo = table[((int) b >>> 16) & mask], hi = table[(int) (b >>> 48) & mask];
          e[j] = lo & 0xffffffffL | (long) hi << 32;
        }
      }
      if (c >= LAG && c - LAG < chunks) {
        int i = (c - LAG) * 16;
        select(bits, e, i >> 1).intoMemorySegment(out, off + i, LE);
        select(bits, e, (i + 8) >> 1).intoMemorySegment(out, off + i + 8, LE);
      }
    }
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
    MemorySegment in = ar.allocate(4L*n, 64), out = ar.allocate(n, 64), out2 = ar.allocate(n, 64);
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) r.nextGaussian());
    NearestCode nc = NearestCode.of(io.bnb.api.Codebooks.dynamicSigned());
    int[] t = nc.table;
    long[] bits = new long[256], e = new long[256];
    CodeTableVec.Scratch w = new CodeTableVec.Scratch();
    for (int it = 0; it < 30; it++) {
      long t0 = System.nanoTime();
      for (int b = 0; b < n / bs; b++) { long st = (long) b * bs; CodeTableVec.codes(t, in, io.bnb.api.DType.F32, st, bs, 0.25f, w, out, st); }
      long t1 = System.nanoTime();
      for (int b = 0; b < n / bs; b++) { long st = (long) b * bs; fused(t, in, st, bs, 0.25f, bits, e, out2, st); }
      long t2 = System.nanoTime();
      if (it % 5 == 4) System.out.printf("passes %.2f  fused %.2f ms  mismatch %d%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6, out.mismatch(out2));
    }
  }
}
