package io.bnb.backend.cpu;
import java.lang.foreign.*;
public class TT {
  public static void main(String[] x) throws Exception {
    int k = 4096, G = 1024;
    Arena ar = Arena.global();
    MemorySegment at = ar.allocate(16L * k * 4, 64);
    for (long i = 0; i < 16L * k; i++) at.setAtIndex(ValueLayout.JAVA_FLOAT, i, (i % 7) - 3);
    MemorySegment bsrc = ar.allocate(16L << 20, 64);
    float[] b = new float[FloatTiles.blockedSize(k)], nx = new float[FloatTiles.blockedSize(k)], out = new float[64];
    for (int i = 0; i < b.length; i++) b[i] = (i % 5) - 2;
    String[] modes = {"bigA", "smallA(256)", "bigA+widen", "smallA+widen", "bigA kb4096", "bigA+widen(L1 src)", "sepWiden"};
    for (int rep = 0; rep < 4; rep++) {
      StringBuilder sb = new StringBuilder();
      for (int mode = 0; mode < modes.length; mode++) {
        long best = Long.MAX_VALUE;
        for (int it = 0; it < 5; it++) {
          long t0 = System.nanoTime();
          long src = 0;
          for (int g = 0; g < G; g++) {
            int kb = mode == 1 || mode == 3 ? 256 : mode == 4 ? 4096 : 1024;
            for (int k0 = 0; k0 < k; k0 += kb) {
              long ao = (mode == 1 || mode == 3) ? 0 : (long) k0 * 64;
              boolean wid = mode == 2 || mode == 3 || mode == 5;
              int widen = wid && k0 < k / 2 ? kb : 0;
              FloatTiles.fourRows(at, ao, b, k0, kb, out, k0 > 0, wid ? bsrc : null, src, widen, nx, 0);
              if (widen > 0) src = mode == 5 ? 0 : (src + 8L * kb) % (16L << 20);
              if (mode == 6 && k0 < k / 2) { for (int q = 0; q < kb; q++) ((jdk.incubator.vector.FloatVector) jdk.incubator.vector.ByteVector.fromMemorySegment(FloatLanesVec.B, bsrc, src + 8L * q, java.nio.ByteOrder.LITTLE_ENDIAN).convertShape(jdk.incubator.vector.VectorOperators.B2F, FloatLanesVec.F, 0)).intoArray(nx, 8 * q); src = (src + 8L * kb) % (16L << 20); }
            }
          }
          best = Math.min(best, System.nanoTime() - t0);
        }
        sb.append(String.format("%s %.2f  ", modes[mode], best * 3.5 / ((double) G * k)));
      }
      System.out.println("cycles/step @3.5GHz: " + sb + out[3]);
    }
  }
}
