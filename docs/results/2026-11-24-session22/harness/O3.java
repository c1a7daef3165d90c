package io.bnb.backend.cpu;
import java.lang.foreign.*;
public class O3 {
  static void panel(float[] rows, int mp, int k, MemorySegment at, long panel) {
    int lr = FloatTiles.LANE_ROWS;
    for (int q = 0; q < k; q++) {
      long o = panel + (long) q * lr;
      for (int i = 0; i < lr; i++) at.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, o + i, i < mp ? rows[i * k + q] : 0f);
    }
  }
  static void panel2(float[] rows, int k, MemorySegment at, long panel, float[] tmp) {
    int lr = FloatTiles.LANE_ROWS;
    for (int q = 0; q < k; q++) {
      int o = q * lr;
      for (int i = 0; i < lr; i++) tmp[o + i] = rows[i * k + q];
    }
    MemorySegment.copy(tmp, 0, at, ValueLayout.JAVA_FLOAT_UNALIGNED, panel * 4, lr * k);
  }
  public static void main(String[] x) throws Exception {
    int m = 16, k = 4096;
    Arena ar = Arena.ofShared();
    MemorySegment as = ar.allocate((long) m * k, 64);
    for (long i = 0; i < (long) m * k; i++) as.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 7));
    int lr = FloatTiles.LANE_ROWS;
    MemorySegment at = Segments.nativeSegment(ar.allocate((long) lr * k * 4, 64));
    MemorySegment at2 = Segments.nativeSegment(ar.allocate((long) lr * k * 4, 64));
    byte[] row = new byte[k]; byte[] all = new byte[m * k]; long m0=Long.MAX_VALUE,m1=Long.MAX_VALUE,m2=Long.MAX_VALUE; float[] wide = new float[k];
    float[] rows = new float[lr * k], tmp = new float[lr * k];
    for (int it = 0; it < 3000; it++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < m; i++) {
        MemorySegment.copy(as, FloatLanes.I8, (long) i * k, row, 0, k);
        for (int q = 0; q < k; q++) wide[q] = row[q];
        FloatTiles.putLane(at, 0, i, wide, k);
      }
      long t1 = System.nanoTime();
      MemorySegment.copy(as, FloatLanes.I8, 0, all, 0, m * k);
      for (int q = 0; q < m * k; q++) rows[q] = all[q];
      panel(rows, m, k, at2, 0);
      long t2 = System.nanoTime();
      MemorySegment.copy(as, FloatLanes.I8, 0, all, 0, m * k);
      for (int q = 0; q < m * k; q++) rows[q] = all[q];
      panel2(rows, k, at2, 0, tmp);
      long t3 = System.nanoTime();
      m0=Math.min(m0,t1-t0); m1=Math.min(m1,t2-t1); m2=Math.min(m2,t3-t2);
      if (it % 1000 == 999) { System.out.printf("min putLane %.1f us, panel %.1f us, panel2 %.1f us, same=%b%n", m0 / 1e3, m1/1e3, m2/1e3, at.mismatch(at2) == -1); m0=m1=m2=Long.MAX_VALUE; }
    }
  }
}
