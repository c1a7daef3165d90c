package io.bnb.backend.cpu;
import java.lang.foreign.*;
public class TL {
  public static void main(String[] a) {
    int k = 4096, lr = FloatTiles.LANE_ROWS, br = FloatTiles.B_ROWS, kl = Integer.getInteger("kl", 1024);
    MemorySegment at = Segments.nativeSegment(Arena.ofShared().allocate((long) lr * k * 4, 64));
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < lr * k; i++) at.setAtIndex(ValueLayout.JAVA_FLOAT, i, r.nextInt(255) - 127);
    float[] bp = new float[br * k];
    for (int i = 0; i < bp.length; i++) bp[i] = r.nextInt(255) - 127;
    float[] out = new float[br * lr];
    int reps = 400;
    for (int it = 0; it < 30; it++) {
      long t0 = System.nanoTime();
      for (int rep = 0; rep < reps; rep++)
        for (int k0 = 0; k0 < k; k0 += kl) FloatTiles.rowsInLanes(at, (long) k0 * lr * 4, bp, k0, k, kl, out);
      long t = System.nanoTime() - t0;
      double macs = (double) reps * lr * br * k;
      if (it % 10 == 9) System.out.printf("kl=%d: %.1f MAC/cycle at 3.2 GHz (peak 16)%n", kl, macs / t / 3.2);
    }
  }
}
