import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;
public class GA {
  static final VectorSpecies<Integer> I = IntVector.SPECIES_256; static final VectorSpecies<Byte> B = ByteVector.SPECIES_64; static final VectorSpecies<Short> S = ShortVector.SPECIES_128;
  static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
  static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;
  static void scalar(MemorySegment a, long start, int len, int[] t, MemorySegment out) {
    for (int i = 0; i < len; i++) out.setAtIndex(I16, start + i, (short) (t[a.get(ValueLayout.JAVA_BYTE, start + i) & 255] >>> 16));
  }
  static void scalarS(MemorySegment a, long start, int len, short[] t, MemorySegment out) {
    for (int i = 0; i < len; i++) out.setAtIndex(I16, start + i, t[a.get(ValueLayout.JAVA_BYTE, start + i) & 255]);
  }
  static void scalarL(MemorySegment a, long start, int len, short[] t, MemorySegment out) {
    int i = 0;
    for (; i + 8 <= len; i += 8) {
      long w = a.get(ValueLayout.JAVA_LONG_UNALIGNED, start + i);
      long o = (t[(int) w & 255] & 0xffffL) | (t[(int) (w >>> 8) & 255] & 0xffffL) << 16 | (t[(int) (w >>> 16) & 255] & 0xffffL) << 32 | (t[(int) (w >>> 24) & 255] & 0xffffL) << 48;
      out.set(ValueLayout.JAVA_LONG_UNALIGNED, (start + i) * 2, o);
      o = (t[(int) (w >>> 32) & 255] & 0xffffL) | (t[(int) (w >>> 40) & 255] & 0xffffL) << 16 | (t[(int) (w >>> 48) & 255] & 0xffffL) << 32 | (t[(int) (w >>> 56) & 255] & 0xffffL) << 48;
      out.set(ValueLayout.JAVA_LONG_UNALIGNED, (start + i) * 2 + 8, o);
    }
  }
  static void gather(MemorySegment a, long start, int len, int[] t, int[] idx, MemorySegment out) {
    int i = 0;
    for (; i + 8 <= len; i += 8)
      ((IntVector) ByteVector.fromMemorySegment(B, a, start + i, LE).convertShape(VectorOperators.B2I, I, 0)).and(255).intoArray(idx, i);
    for (i = 0; i + 8 <= len; i += 8)
      IntVector.fromArray(I, t, 0, idx, i).lanewise(VectorOperators.ASHR, 16).convertShape(VectorOperators.I2S, S, 0).intoMemorySegment(out, (start + i) * 2, LE);
  }
  public static void main(String[] x) {
    int n = 4096; MemorySegment a = Arena.global().allocate(n, 64), o1 = Arena.global().allocate(2 * n, 64), o2 = Arena.global().allocate(2 * n, 64);
    java.util.Random r = new java.util.Random(1); for (int i = 0; i < n; i++) a.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
    int[] t = new int[256]; for (int i = 0; i < 256; i++) t[i] = r.nextInt(); int[] idx = new int[n];
    for (int rep = 0; rep < 8; rep++) {
      long t0 = System.nanoTime(); for (int i = 0; i < 20000; i++) scalar(a, 0, n, t, o1);
      double c1 = (System.nanoTime() - t0) * 3.2 / 20000 / n;
      t0 = System.nanoTime(); for (int i = 0; i < 20000; i++) gather(a, 0, n, t, idx, o2);
      double c2 = (System.nanoTime() - t0) * 3.2 / 20000 / n;
      short[] ts = new short[256]; for (int i = 0; i < 256; i++) ts[i] = (short) (t[i] >>> 16);
      t0 = System.nanoTime(); for (int i = 0; i < 20000; i++) scalarS(a, 0, n, ts, o2);
      double c3 = (System.nanoTime() - t0) * 3.2 / 20000 / n;
      if (!java.util.Arrays.equals(o1.toArray(ValueLayout.JAVA_SHORT), o2.toArray(ValueLayout.JAVA_SHORT))) throw new AssertionError("S");
      t0 = System.nanoTime(); for (int i = 0; i < 20000; i++) scalarL(a, 0, n, ts, o2);
      double c4 = (System.nanoTime() - t0) * 3.2 / 20000 / n;
      if (!java.util.Arrays.equals(o1.toArray(ValueLayout.JAVA_SHORT), o2.toArray(ValueLayout.JAVA_SHORT))) throw new AssertionError("L");
      System.out.printf("short table %.2f, long-packed %.2f%n", c3, c4);
      if (!java.util.Arrays.equals(o1.toArray(ValueLayout.JAVA_SHORT), o2.toArray(ValueLayout.JAVA_SHORT))) throw new AssertionError();
      if (rep > 5) System.out.printf("scalar %.2f gather %.2f cycles/elem%n", c1, c2);
    }
  }
}
