package io.bnb.backend.cpu;
import java.lang.foreign.*;
import io.bnb.api.*;
public class O8 {
  static final int BS = 256;
  static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
  static void dequant(MemorySegment s, long off, float[] code, float absmax, float[] out, int len) {
    for (int i = 0; i + 16 <= len; i += 16) {
      long w = s.get(LE64, off + i), u = s.get(LE64, off + i + 8);
      out[i] = code[(int) w & 0xff] * absmax; out[i + 1] = code[(int) (w >>> 8) & 0xff] * absmax;
      out[i + 2] = code[(int) (w >>> 16) & 0xff] * absmax; out[i + 3] = code[(int) (w >>> 24) & 0xff] * absmax;
      out[i + 4] = code[(int) (w >>> 32) & 0xff] * absmax; out[i + 5] = code[(int) (w >>> 40) & 0xff] * absmax;
      out[i + 6] = code[(int) (w >>> 48) & 0xff] * absmax; out[i + 7] = code[(int) (w >>> 56)] * absmax;
      out[i + 8] = code[(int) u & 0xff] * absmax; out[i + 9] = code[(int) (u >>> 8) & 0xff] * absmax;
      out[i + 10] = code[(int) (u >>> 16) & 0xff] * absmax; out[i + 11] = code[(int) (u >>> 24) & 0xff] * absmax;
      out[i + 12] = code[(int) (u >>> 32) & 0xff] * absmax; out[i + 13] = code[(int) (u >>> 40) & 0xff] * absmax;
      out[i + 14] = code[(int) (u >>> 48) & 0xff] * absmax; out[i + 15] = code[(int) (u >>> 56)] * absmax;
    }
  }
  static final jdk.incubator.vector.VectorSpecies<Float> F8 = jdk.incubator.vector.FloatVector.SPECIES_256;
  static final jdk.incubator.vector.VectorSpecies<Integer> I8 = jdk.incubator.vector.IntVector.SPECIES_256;
  static void dequantG(MemorySegment s, long off, float[] code, float absmax, float[] out, int len, int[] index) {
    for (int i = 0; i + 8 <= len; i += 8) {
      jdk.incubator.vector.ByteVector.fromMemorySegment(jdk.incubator.vector.ByteVector.SPECIES_64, s, off + i, java.nio.ByteOrder.LITTLE_ENDIAN)
        .convertShape(jdk.incubator.vector.VectorOperators.ZERO_EXTEND_B2I, I8, 0).reinterpretAsInts().intoArray(index, 0);
      jdk.incubator.vector.FloatVector.fromArray(F8, code, 0, index, 0).mul(absmax).intoArray(out, i);
    }
  }
  static Object keep;
  public static void main(String[] a) {
    int n = 16 << 20;
    Arena ar = Arena.ofShared();
    MemorySegment p = ar.allocate(4L*n, 64), g = ar.allocate(4L*n, 64), s1 = ar.allocate(n, 64), s2 = ar.allocate(n, 64);
    MemorySegment a1 = ar.allocate(4L*n/BS, 64), a2 = ar.allocate(4L*n/BS, 64);
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < n; i++) { p.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) r.nextGaussian()); g.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) r.nextGaussian()*0.01f); }
    for (int i = 0; i < n; i++) { s1.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt()); s2.set(ValueLayout.JAVA_BYTE, i, (byte) (r.nextInt(100) + 128)); }
    for (int i = 0; i < n / BS; i++) { a1.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, 0.01f); a2.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, 1e-4f); }
    float[] q1 = Codebooks.dynamicSigned(), q2 = Codebooks.dynamicUnsigned();
    StateCodes c1 = StateCodes.of(q1, true), c2 = StateCodes.of(q2, false);
    Hyper h = Hyper.adam(1e-3f).withStep(5);
    StepConsts k = StepConsts.of(h, 1f);
    float[][][] sets = new float[4][4][];
    for (int d = 0; d < 4; d++) for (int j = 0; j < 4; j++) { keep = new byte[8 * d + 1]; sets[d][j] = new float[BS + 4]; }
    CodeTableVec.Scratch sc = new CodeTableVec.Scratch();
    String[] names = {"full", "noRequant", "noDequant", "noApply", "ioOnly", "gatherDq"}; int[] index = new int[8];
    for (int it = 0; it < 25; it++) {
      StringBuilder sb = new StringBuilder();
      for (int v = 0; v < 4; v++) { float[] wp = sets[v][0], wg = sets[v][1], wm = sets[v][2], wv = sets[v][3];
        long t0 = System.nanoTime();
        for (long off = 0; off < n; off += BS) {
          long b = off / BS;
          FloatLanes.read(p, DType.F32, off, wp, 0, BS);
          FloatLanes.read(g, DType.F32, off, wg, 0, BS);
          if (v == 15) { dequantG(s1, off, q1, a1.getAtIndex(FloatLanes.F32, b), wm, BS, index); dequantG(s2, off, q2, a2.getAtIndex(FloatLanes.F32, b), wv, BS, index); }
          else if (v != 2) { dequant(s1, off, q1, a1.getAtIndex(FloatLanes.F32, b), wm, BS); dequant(s2, off, q2, a2.getAtIndex(FloatLanes.F32, b), wv, BS); }
          if (v != 3) Optim32.apply(OptimizerKind.ADAM, wp, wg, wm, null, wv, BS, k, true, true);
          if (v != 1) {
            float m1 = BlockMathVec.absmax(wm, BS); c1.quantizeBlockInto(wm, m1, BS, sc, s1, off); a1.setAtIndex(FloatLanes.F32, b, m1);
            float m2 = BlockMathVec.absmax(wv, BS); c2.quantizeBlockInto(wv, m2, BS, sc, s2, off); a2.setAtIndex(FloatLanes.F32, b, m2);
          }
          FloatLanes.write(p, DType.F32, off, wp, 0, BS);
        }
        sb.append(String.format(" %s %.1f", names[v], (System.nanoTime() - t0) / 1e6));
      }
      if (it % 5 == 4) System.out.println(sb);
    }
  }
}
