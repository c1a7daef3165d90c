package io.bnb.backend.cpu;
import java.lang.foreign.*;
import java.util.*;
public class IW2 {
  public static void main(String[] x) throws Exception {
    int m = 16, n = 4096, k = 4096;
    Arena ar = Arena.global();
    MemorySegment a = ar.allocate((long) m*k, 64), b = ar.allocate((long) n*k, 64), c = ar.allocate(4L*m*n, 64);
    Random r = new Random(1);
    for (long i = 0; i < (long) m*k; i++) a.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
    for (long i = 0; i < (long) n*k; i++) b.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
    int lr = FloatTiles.LANE_ROWS;
    MemorySegment at = ar.allocate(4L*lr*k, 64);
    float[] bp = new float[6*k], out = new float[6*lr], next = new float[6*k];
    for (int i = 0; i < bp.length; i++) bp[i] = r.nextInt(256) - 128;
    int groups = n / 6;
    for (int rep = 0; rep < 15; rep++) {
      long t0 = System.nanoTime();
      Int8Gemm.multiply(a, b, c, m, n, k, true);
      long t1 = System.nanoTime();
      for (int g = 0; g < groups; g++) for (int k0 = 0; k0 < k; k0 += 1024) FloatTiles.rowsInLanes(at, (long) k0 * lr * 4, bp, k0, k, 1024, out);
      long t2 = System.nanoTime();
      // with widening of the next group from the real B (streams 16 MB)
      for (int g = 0; g < groups; g++) { long from = (long) g * 6 * k; int done = 0;
        for (int k0 = 0; k0 < k; k0 += 1024) { int steps = 1024 * 6 / 8 > 1024 ? 1024 : 1024; steps = Math.min(steps, (6*k - done) / FloatLanesVec.L);
          FloatTiles.rowsInLanes(at, (long) k0 * lr * 4, bp, k0, k, 1024, out, b, from + done, steps, next, done); done += steps * FloatLanesVec.L; } }
      long t3 = System.nanoTime();
      // same, widening from a 24 KB slice (L1/L2)
      for (int g = 0; g < groups; g++) { int done = 0;
        for (int k0 = 0; k0 < k; k0 += 1024) { int steps = Math.min(1024, (6*k - done) / FloatLanesVec.L);
          FloatTiles.rowsInLanes(at, (long) k0 * lr * 4, bp, k0, k, 1024, out, b, done, steps, next, done); done += steps * FloatLanesVec.L; } }
      long t4 = System.nanoTime();
      double macs = (double) m * groups * 6 * k;
      if (rep >= 5) System.out.printf("full 2thr %.2f ms (%.3f TOPS); 1 thread: tile %.2f ms (%.2f MAC/c), +widen DRAM %.2f ms, +widen L2 %.2f ms%n", (t1-t0)/1e6, 2.0*m*n*k/(t1-t0)/1e3, (t2-t1)/1e6, macs/((t2-t1)*3.65), (t3-t2)/1e6, (t4-t3)/1e6);
    }
  }
}
