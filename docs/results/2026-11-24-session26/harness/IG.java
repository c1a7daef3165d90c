package io.bnb.backend.cpu;
import java.lang.foreign.*;
import java.util.*;
public class IG {
  public static void main(String[] x) throws Exception {
    int m = 16, n = 4096, k = 4096;
    Arena ar = Arena.global();
    MemorySegment a = ar.allocate((long) m*k, 64), b = ar.allocate((long) n*k, 64), c = ar.allocate(4L*m*n, 64);
    Random r = new Random(1);
    for (long i = 0; i < (long) m*k; i++) a.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
    for (long i = 0; i < (long) n*k; i++) b.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
    // kernel only: a transposed panel and six widened B rows, repeatedly
    int lr = FloatTiles.LANE_ROWS;
    MemorySegment at = ar.allocate(4L*lr*k, 64);
    float[] bp = new float[6*k], out = new float[6*lr];
    for (int i = 0; i < bp.length; i++) bp[i] = r.nextInt(256) - 128;
    double bestAll = 1e9, bestK = 1e9, bestW = 1e9;
    for (int rep = 0; rep < 30; rep++) {
      long t0 = System.nanoTime();
      Int8Gemm.multiply(a, b, c, m, n, k, true);
      long t1 = System.nanoTime();
      for (int g = 0; g < n / 6; g++) for (int k0 = 0; k0 < k; k0 += 1024) FloatTiles.rowsInLanes(at, (long) k0 * lr * 4, bp, k0, k, 1024, out);
      long t2 = System.nanoTime();
      if (rep >= 5) { bestAll = Math.min(bestAll, t1 - t0); bestK = Math.min(bestK, t2 - t1); }
    }
    double macs = (double) m * n * k;
    System.out.printf("L=%d full (2 threads) %.2f ms = %.3f TOPS; kernel only 1 thread %.2f ms = %.2f MAC/cycle%n", FloatLanesVec.L, bestAll/1e6, 2*macs/bestAll/1e3, bestK/1e6, macs/(bestK*3.67));
  }
}
