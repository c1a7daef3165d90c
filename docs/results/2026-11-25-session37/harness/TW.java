package io.bnb.backend.cpu;
import jdk.incubator.vector.*;
import java.lang.foreign.*;
import static io.bnb.backend.cpu.FloatLanesVec.F;
import static io.bnb.backend.cpu.FloatLanesVec.L;
import static io.bnb.backend.cpu.FloatLanesVec.LE;
public class TW {
  static final int LR = FloatTiles.LANE_ROWS, ROW = FloatTiles.ROW;
  // two K steps per iteration, widening two vectors (16 bytes) per iteration
  static void four2(MemorySegment at, long ao, float[] b, int bo, int len, float[] out, MemorySegment in, long src, int widen, float[] dst, int off) {
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    int x = 0, xw = Math.min(len, widen) & ~1;
    for (; x < xw; x += 2) {
      ByteVector raw = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, in, src + (long) x * L, LE);
      ((FloatVector) raw.convertShape(VectorOperators.B2F, F, 0)).intoArray(dst, off + x * L);
      ((FloatVector) raw.convertShape(VectorOperators.B2F, F, 1)).intoArray(dst, off + x * L + L);
      long ax = ao + (long) x * (Float.BYTES * LR);
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
      int bx = bo + x;
      FloatVector w = FloatVector.broadcast(F, b[bx]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[bx + ROW]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[bx + 2 * ROW]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[bx + 3 * ROW]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      ax += Float.BYTES * LR;
      a0 = FloatVector.fromMemorySegment(F, at, ax, LE); a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
      bx++;
      w = FloatVector.broadcast(F, b[bx]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[bx + ROW]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[bx + 2 * ROW]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[bx + 3 * ROW]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
    }
    for (; x < len; x++) {
      long ax = ao + (long) x * (Float.BYTES * LR);
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
      int bx = bo + x;
      FloatVector w = FloatVector.broadcast(F, b[bx]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[bx + ROW]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[bx + 2 * ROW]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[bx + 3 * ROW]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
    }
    c00.intoArray(out, 0); c10.intoArray(out, L); c01.intoArray(out, LR); c11.intoArray(out, LR + L);
    c02.intoArray(out, 2 * LR); c12.intoArray(out, 2 * LR + L); c03.intoArray(out, 3 * LR); c13.intoArray(out, 3 * LR + L);
  }
  public static void main(String[] xx) throws Exception {
    int k = 4096, G = 1024;
    Arena ar = Arena.global();
    MemorySegment at = ar.allocate(16L * k * 4, 64);
    for (long i = 0; i < 16L * k; i++) at.setAtIndex(ValueLayout.JAVA_FLOAT, i, (i % 7) - 3);
    MemorySegment bsrc = ar.allocate(16L << 20, 64);
    float[] b = new float[FloatTiles.blockedSize(k)], nx = new float[FloatTiles.blockedSize(k)], out = new float[64];
    for (int i = 0; i < b.length; i++) b[i] = (i % 5) - 2;
    String[] modes = {"noWiden", "widen1/step", "widen2/2steps"};
    for (int rep = 0; rep < 4; rep++) {
      StringBuilder sb = new StringBuilder();
      for (int mode = 0; mode < 3; mode++) {
        long best = Long.MAX_VALUE;
        for (int it = 0; it < 5; it++) {
          long t0 = System.nanoTime(); long src = 0;
          for (int g = 0; g < G; g++) for (int k0 = 0; k0 < k; k0 += 1024) {
            int widen = mode > 0 && k0 < k / 2 ? 1024 : 0;
            if (mode == 2) four2(at, (long) k0 * 64, b, k0, 1024, out, bsrc, src, widen, nx, 0);
            else FloatTiles.fourRows(at, (long) k0 * 64, b, k0, 1024, out, k0 > 0, widen > 0 ? bsrc : null, src, widen, nx, 0);
            if (widen > 0) src = (src + 8L * 1024) % (16L << 20);
          }
          best = Math.min(best, System.nanoTime() - t0);
        }
        sb.append(String.format("%s %.2f  ", modes[mode], best * 3.5 / ((double) G * k)));
      }
      System.out.println("cycles/step @3.5GHz: " + sb + out[3]);
    }
  }
}
