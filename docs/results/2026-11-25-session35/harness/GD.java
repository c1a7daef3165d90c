import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;
public class GD {
  static final VectorSpecies<Integer> I = IntVector.SPECIES_256; static final VectorSpecies<Float> F = FloatVector.SPECIES_256; static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;
  static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
  static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG_UNALIGNED;
  static void scalar(MemorySegment s, long off, float[] code, float absmax, float[] out, int len) {
    int i = 0;
    for (; i + 16 <= len; i += 16) {
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
  static void scalarM(MemorySegment s, long off, float[] code, float absmax, float[] out, int len) {
    int i = 0, m = code.length - 1;
    for (; i + 16 <= len; i += 16) {
      long w = s.get(LE64, off + i), u = s.get(LE64, off + i + 8);
      out[i] = code[(int) w & m] * absmax; out[i + 1] = code[(int) (w >>> 8) & m] * absmax;
      out[i + 2] = code[(int) (w >>> 16) & m] * absmax; out[i + 3] = code[(int) (w >>> 24) & m] * absmax;
      out[i + 4] = code[(int) (w >>> 32) & m] * absmax; out[i + 5] = code[(int) (w >>> 40) & m] * absmax;
      out[i + 6] = code[(int) (w >>> 48) & m] * absmax; out[i + 7] = code[(int) (w >>> 56) & m] * absmax;
      out[i + 8] = code[(int) u & m] * absmax; out[i + 9] = code[(int) (u >>> 8) & m] * absmax;
      out[i + 10] = code[(int) (u >>> 16) & m] * absmax; out[i + 11] = code[(int) (u >>> 24) & m] * absmax;
      out[i + 12] = code[(int) (u >>> 32) & m] * absmax; out[i + 13] = code[(int) (u >>> 40) & m] * absmax;
      out[i + 14] = code[(int) (u >>> 48) & m] * absmax; out[i + 15] = code[(int) (u >>> 56) & m] * absmax;
    }
  }
  static void gather(MemorySegment s, long off, float[] code, float absmax, float[] out, int len, int[] idx) {
    for (int i = 0; i < len; i += 8)
      ((IntVector) ByteVector.fromMemorySegment(B, s, off + i, LE).convertShape(VectorOperators.B2I, I, 0)).and(255).intoArray(idx, i);
    for (int i = 0; i < len; i += 8) FloatVector.fromArray(F, code, 0, idx, i).mul(absmax).intoArray(out, i);
  }
  public static void main(String[] x) {
    int n = 256; MemorySegment a = Arena.global().allocate(n, 64);
    java.util.Random r = new java.util.Random(1); for (int i = 0; i < n; i++) a.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
    float[] code = new float[256]; for (int i = 0; i < 256; i++) code[i] = r.nextFloat(); int[] idx = new int[n];
    float[] o1 = new float[n], o2 = new float[n];
    for (int rep = 0; rep < 8; rep++) {
      long t0 = System.nanoTime(); for (int i = 0; i < 200000; i++) scalar(a, 0, code, 0.3f, o1, n);
      double c1 = (System.nanoTime() - t0) * 3.2 / 200000 / n;
      t0 = System.nanoTime(); for (int i = 0; i < 200000; i++) gather(a, 0, code, 0.3f, o2, n, idx);
      double c2 = (System.nanoTime() - t0) * 3.2 / 200000 / n;
      if (!java.util.Arrays.equals(o1, o2)) throw new AssertionError();
      t0 = System.nanoTime(); for (int i = 0; i < 200000; i++) scalarM(a, 0, code, 0.3f, o2, n);
      double c3 = (System.nanoTime() - t0) * 3.2 / 200000 / n;
      if (!java.util.Arrays.equals(o1, o2)) throw new AssertionError();
      if (rep > 5) System.out.printf("masked %.2f%n", c3);
      if (rep > 5) System.out.printf("scalar %.2f gather %.2f cycles/elem%n", c1, c2);
    }
  }
}
