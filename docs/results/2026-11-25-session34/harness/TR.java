import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;
public class TR {
  static final VectorSpecies<Float> W = FloatVector.SPECIES_512;
  static final VectorSpecies<Byte> WB = ByteVector.SPECIES_128;
  static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
  static final int K = 4096;
  static void cur(MemorySegment a, MemorySegment at) {
    byte[] row = new byte[K];
    for (int i = 0; i < 16; i++) {
      MemorySegment.copy(a, ValueLayout.JAVA_BYTE, (long) i * K, row, 0, K);
      for (int q = 0; q < K; q++) at.setAtIndex(F32, (long) q * 16 + i, row[q]);
    }
  }
  static void gather(MemorySegment a, MemorySegment at, float[] rows, int[] starts) {
    for (int i = 0; i < 16; i++)
      for (int x = 0; x < K; x += 16)
        ByteVector.fromMemorySegment(WB, a, (long) i * K + x, ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2F, W, 0).reinterpretAsFloats().intoArray(rows, i * K + x);
    for (int q = 0; q < K; q++) FloatVector.fromArray(W, rows, q, starts, 0).intoMemorySegment(at, (long) q * 64, ByteOrder.LITTLE_ENDIAN);
  }
  static void heap(MemorySegment a, MemorySegment at, float[] tmp, byte[] all) {
    MemorySegment.copy(a, ValueLayout.JAVA_BYTE, 0, all, 0, 16 * K);
    for (int i = 0; i < 16; i++)
      for (int q = 0; q < K; q++) tmp[q * 16 + i] = all[i * K + q];
    MemorySegment.copy(tmp, 0, at, F32, 0, 16 * K);
  }
  static void heap2(MemorySegment a, MemorySegment at, float[] tmp, byte[] all) {
    MemorySegment.copy(a, ValueLayout.JAVA_BYTE, 0, all, 0, 16 * K);
    for (int q = 0; q < K; q++) {
      int o = q * 16;
      for (int i = 0; i < 16; i++) tmp[o + i] = all[i * K + q];
    }
    MemorySegment.copy(tmp, 0, at, F32, 0, 16 * K);
  }
  public static void main(String[] s) {
    MemorySegment a = Arena.global().allocate(16 * K, 64), at = Arena.global().allocate(64L * K, 64), ref = Arena.global().allocate(64L * K, 64);
    for (int i = 0; i < 16 * K; i++) a.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 31 + i / 7));
    float[] rows = new float[16 * K], tmp = new float[16 * K]; byte[] all = new byte[16 * K];
    int[] starts = new int[16]; for (int i = 0; i < 16; i++) starts[i] = i * K;
    cur(a, ref);
    for (int rep = 0; rep < 6; rep++) {
      for (String v : new String[]{"cur", "gather", "heap", "heap2"}) {
        long best = Long.MAX_VALUE;
        for (int it = 0; it < 300; it++) {
          long t0 = System.nanoTime();
          switch (v) { case "cur" -> cur(a, at); case "gather" -> gather(a, at, rows, starts); case "heap" -> heap(a, at, tmp, all); case "heap2" -> heap2(a, at, tmp, all); }
          best = Math.min(best, System.nanoTime() - t0);
        }
        if (at.mismatch(ref) != -1) System.out.println(v + " WRONG");
        if (rep >= 4) System.out.printf("%s %.1f us%n", v, best / 1e3);
      }
    }
  }
}
