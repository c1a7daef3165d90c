import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;
public class RB {
  static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
  static float sum(MemorySegment s, long from, long to) {
    FloatVector a = FloatVector.zero(F), b = a, c = a, d = a;
    for (long o = from; o < to; o += 128) {
      a = a.add(FloatVector.fromMemorySegment(F, s, o, ByteOrder.LITTLE_ENDIAN));
      b = b.add(FloatVector.fromMemorySegment(F, s, o + 32, ByteOrder.LITTLE_ENDIAN));
      c = c.add(FloatVector.fromMemorySegment(F, s, o + 64, ByteOrder.LITTLE_ENDIAN));
      d = d.add(FloatVector.fromMemorySegment(F, s, o + 96, ByteOrder.LITTLE_ENDIAN));
    }
    return a.add(b).add(c).add(d).reduceLanes(VectorOperators.ADD);
  }
  public static void main(String[] x) throws Exception {
    long n = 256L << 20;
    Arena ar = Arena.global();
    MemorySegment src = ar.allocate(n, 64), dst = ar.allocate(n, 64);
    src.fill((byte) 1); dst.fill((byte) 2);
    for (int rep = 0; rep < 8; rep++) {
      long t0 = System.nanoTime();
      MemorySegment.copy(src, 0, dst, 0, n);
      long t1 = System.nanoTime();
      float[] r = new float[2];
      Thread th = new Thread(() -> r[1] = sum(src, n / 2, n));
      long t2 = System.nanoTime();
      th.start(); r[0] = sum(src, 0, n / 2); th.join();
      long t3 = System.nanoTime();
      // 8 MB sub-range read (gemv size), 2 threads, fresh part of the buffer each time
      long off = ((rep * 8L) << 20) % (n - (8L << 20));
      long t4 = System.nanoTime();
      Thread th2 = new Thread(() -> r[1] += sum(dst, off + (4L << 20), off + (8L << 20)));
      th2.start(); r[0] += sum(dst, off, off + (4L << 20)); th2.join();
      long t5 = System.nanoTime();
      System.out.printf("copy(r+w) %.1f GB/s  read2T %.1f GB/s  read8MB(2T, incl thread start) %.1f GB/s %s%n", 2.0 * n / (t1 - t0), (double) n / (t3 - t2), (8.0 * (1 << 20)) / (t5 - t4), r[0] > 0 ? "" : "?");
    }
  }
}
