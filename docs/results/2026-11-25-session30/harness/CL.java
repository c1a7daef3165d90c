package io.bnb.backend.cpu;
import java.lang.foreign.*;
import java.util.*;
import static io.bnb.backend.cpu.FloatLanesVec.L;
public class CL {
  public static void main(String[] x) throws Exception {
    int m = 16, n = 4096, k = 4096, KL = 1024;
    Arena ar = Arena.global();
    MemorySegment a = ar.allocate((long) m*k, 64), b = ar.allocate((long) n*k, 64), c = ar.allocate(4L*m*n, 64);
    Random r = new Random(1);
    for (long i = 0; i < (long) m*k; i++) a.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
    for (long i = 0; i < (long) n*k; i++) b.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
    int lr = FloatTiles.LANE_ROWS, br = 6;
    MemorySegment at = ar.allocate(4L*lr*k, 64);
    int size = FloatTiles.blocked(br - 1, k - 1) + 1;
    float[] bp = new float[size], next = new float[size], out = new float[br * lr];
    int[] sums = new int[br * lr];
    for (int rep = 0; rep < 12; rep++) {
      long t0 = System.nanoTime();
      Int8GemmVec.rowsInLanes(a, b, c, m, n, k, Long.MAX_VALUE);
      long t1 = System.nanoTime();
      // the tile calls of columnsInLanes, same splits and widening, nothing else
      for (int j0 = 0; j0 < n; j0 += br) {
        int nextLen = Math.max(0, Math.min(br, n - j0 - br)) * k, done = 0; long nextFrom = (long) (j0 + br) * k;
        for (int k0 = 0; k0 < k; k0 += KL) {
          int kb = Math.min(KL, k - k0), base = FloatTiles.blocked(0, k0);
          for (int s = 0; s < kb; ) {
            int steps = kb - s, widen = 0, to = 0;
            if (done < nextLen) { int kk = done % k; widen = Math.min(steps, Math.min(FloatTiles.PART - kk % FloatTiles.PART, k - kk) / L); steps = widen; to = FloatTiles.blocked(done / k, kk); }
            FloatTiles.rowsInLanes(at, (long) (k0 + s) * lr * 4, bp, base + s, steps, out, s > 0, b, nextFrom + done, widen, next, to);
            done += widen * L; s += steps;
          }
          if (rep < 0) for (int q = 0; q < sums.length; q++) sums[q] += (int) out[q];
        }
        float[] t = bp; bp = next; next = t;
      }
      long t2 = System.nanoTime();
      // tiles alone, one call per K block, no widening
      for (int j0 = 0; j0 < n; j0 += br)
        for (int k0 = 0; k0 < k; k0 += KL) FloatTiles.rowsInLanes(at, (long) k0 * lr * 4, bp, FloatTiles.blocked(0, k0), KL, out, false, b, 0, 0, next, 0);
      long t3 = System.nanoTime();
      // widening without splits (destination sequential, wrong layout: timing only)
      float[] seq = new float[6 * k + 64];
      for (int j0 = 0; j0 < n; j0 += br) {
        int nextLen = Math.max(0, Math.min(br, n - j0 - br)) * k, done = 0; long nextFrom = (long) (j0 + br) * k;
        for (int k0 = 0; k0 < k; k0 += KL) {
          int steps = Math.min(KL, (nextLen - done) / L);
          FloatTiles.rowsInLanes(at, (long) k0 * lr * 4, bp, FloatTiles.blocked(0, k0), KL, out, false, b, nextFrom + done, steps, seq, done);
          done += steps * L;
        }
      }
      long t4 = System.nanoTime();
      for (int j0 = 0; j0 < n; j0 += br) {
        int nextLen = Math.max(0, Math.min(br, n - j0 - br)) * k, done = 0;
        for (int k0 = 0; k0 < k; k0 += KL) {
          int steps = Math.min(KL, (nextLen - done) / L);
          FloatTiles.rowsInLanes(at, (long) k0 * lr * 4, bp, FloatTiles.blocked(0, k0), KL, out, false, b, done, steps, seq, done);
          done += steps * L;
        }
      }
      long t5 = System.nanoTime();
      if (rep >= 4) System.out.printf("op 1 thread %.2f ms; its tile calls with widening %.2f ms; tiles alone %.2f ms; widening unsplit %.2f ms; from cache %.2f ms%n", (t1-t0)/1e6, (t2-t1)/1e6, (t3-t2)/1e6, (t4-t3)/1e6, (t5-t4)/1e6);
    }
  }
}
