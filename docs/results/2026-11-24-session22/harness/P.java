package io.bnb.backend.cpu;
import java.lang.foreign.*;
public class P {
  public static void main(String[] a) throws Exception {
    int T = Integer.parseInt(a[0]); int mode = Integer.parseInt(a[1]);
    Thread[] ts = new Thread[T];
    for (int t = 0; t < T; t++) {
      ts[t] = new Thread(() -> {
        int k = 4096, n = 2048, lr = FloatTiles.LANE_ROWS;
        Arena ar = Arena.ofShared();
        MemorySegment at = ar.allocate((long) lr * k * 4, 64), b = ar.allocate((long) n * k, 64);
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < lr * k; i++) at.setAtIndex(ValueLayout.JAVA_FLOAT, i, r.nextInt(255) - 127);
        for (long i = 0; i < (long) n * k; i++) b.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
        float[] bp = new float[6 * k]; int[] c = new int[96];
        for (int it = 0; it < 16; it++) {
          long t0 = System.nanoTime();
          I8.cols(at, b, c, n, k, mode, bp);
          long tt = System.nanoTime() - t0;
          if (it >= 13) System.out.printf("%s mode %d: %.2f ms %.1f MAC/cycle%n", Thread.currentThread().getName(), mode, tt / 1e6, 16.0 * n * k / tt / 3.2);
        }
      });
      ts[t].start();
    }
    for (Thread t : ts) t.join();
  }
}
