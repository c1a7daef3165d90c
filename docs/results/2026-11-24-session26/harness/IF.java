package io.bnb.backend.cpu;
import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.util.*;
import static io.bnb.backend.cpu.FloatLanesVec.*;
/** int8 M=16 4096^2: current vs the next group's widening fused into the kernel loop. */
public class IF {
  static final int BR = Integer.getInteger("br", 6), KL = Integer.getInteger("kl", 1024);
  public static void main(String[] x) throws Exception {
    int m = 16, n = 4096, k = 4096, lr = FloatTiles.LANE_ROWS;
    Arena ar = Arena.global();
    MemorySegment a = ar.allocate((long) m*k, 64), b = ar.allocate((long) n*k, 64), c = ar.allocate(4L*m*n, 64), c2 = ar.allocate(4L*m*n, 64);
    MemorySegment flush = ar.allocate(64L << 20, 64);
    Random r = new Random(1);
    for (long i = 0; i < (long) m*k; i++) a.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
    for (long i = 0; i < (long) n*k; i++) b.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
    MemorySegment at = ar.allocate(4L*lr*k, 64);
    float[] wide = new float[k];
    for (int i = 0; i < m; i++) { for (int q = 0; q < k; q++) wide[q] = a.get(ValueLayout.JAVA_BYTE, (long) i*k+q); FloatTiles.putLane(at, 0, i, wide, k); }
    double b1 = 1e9, b2 = 1e9;
    for (int rep = 0; rep < 40; rep++) {
      flush.fill((byte) rep);
      long t0 = System.nanoTime();
      Int8Gemm.multiply(a, b, c, m, n, k, true);
      long t1 = System.nanoTime();
      flush.fill((byte) rep);
      long t2 = System.nanoTime();
      Parallel.forRange(n, BR, BR, (q0, q1) -> fused(at, m, b, c2, n, k, (int) q0, (int) q1));
      long t3 = System.nanoTime();
      if (rep > 5) { b1 = Math.min(b1, t1 - t0); b2 = Math.min(b2, t3 - t2); }
    }
    double ops = 2.0 * m * n * k;
    System.out.printf("threads=%d current %.2f ms (%.3f TOPS), fused %.2f ms (%.3f TOPS), same=%b%n", Parallel.THREADS, b1/1e6, ops/b1/1e3, b2/1e6, ops/b2/1e3, c.mismatch(c2) < 0);
  }
  static void fused(MemorySegment at, int mp, MemorySegment b, MemorySegment c, int n, int k, int n0, int n1) {
    b = Segments.nativeSegment(b); c = Segments.nativeSegment(c);
    int lr = FloatTiles.LANE_ROWS, br = BR;
    float[] bp = new float[br * k], bq = new float[br * k], out = new float[br * lr];
    int[] sums = new int[br * lr];
    // the first group widened on its own; each kernel pass then widens part of the next one
    int first = Math.min(br, n1 - n0);
    widen(b, (long) n0 * k, first * k, bp, 0);
    for (int j0 = n0; j0 < n1; j0 += br) {
      int nb = Math.min(br, n1 - j0);
      int nn = Math.max(0, Math.min(br, n1 - j0 - br)), nextLen = nn * k; // bytes of the next group (contiguous)
      long nextSrc = (long) (j0 + br) * k;
      Arrays.fill(sums, 0);
      int done = 0;
      for (int k0 = 0; k0 < k; k0 += KL) {
        int part = Math.min(nextLen - done, KL * L); // one vector of the next group per k step
        if (BR == 12) kernel12(at, (long) k0 * lr * 4, bp, k0, k, KL, out, b, nextSrc + done, part, bq, done); else kernel(at, (long) k0 * lr * 4, bp, k0, k, KL, out, b, nextSrc + done, part, bq, done);
        done += part;
        for (int q = 0; q < sums.length; q++) sums[q] += (int) out[q];
      }
      if (done < nextLen) widen(b, nextSrc + done, nextLen - done, bq, done);
      for (int j = 0; j < nb; j++) for (int i = 0; i < mp; i++) c.setAtIndex(ValueLayout.JAVA_INT, (long) i * n + j0 + j, sums[j * lr + i]);
      float[] t = bp; bp = bq; bq = t;
    }
  }
  static void widen(MemorySegment s, long src, int len, float[] dst, int off) {
    for (int x = 0; x < len; x += L)
      ByteVector.fromMemorySegment(B, s, src + x, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, off + x);
  }
  /** rowsInLanes, plus: widens {@code wlen} (a multiple of L, at most len * L) bytes of {@code wb} from {@code wsrc} into {@code wdst[woff..]}, one vector per k step. */
  static void kernel(MemorySegment at, long ao, float[] b, int bo, int bs, int len, float[] out, MemorySegment wb, long wsrc, int wlen, float[] wdst, int woff) {
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00;
    int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs, b4 = b3 + bs, b5 = b4 + bs;
    int wsteps = wlen / L;
    int xw = Math.min(len, wsteps), x = 0;
    for (; x < xw; x++) {
      ByteVector.fromMemorySegment(B, wb, wsrc + (long) x * L, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(wdst, woff + x * L);
      long ax = ao + (long) x * (Float.BYTES * FloatTiles.LANE_ROWS);
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
      FloatVector w = FloatVector.broadcast(F, b[bo + x]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[b1 + x]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[b2 + x]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[b3 + x]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, b[b4 + x]); c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
      w = FloatVector.broadcast(F, b[b5 + x]); c05 = a0.fma(w, c05); c15 = a1.fma(w, c15);
    }
    for (; x < len; x++) {
      long ax = ao + (long) x * (Float.BYTES * FloatTiles.LANE_ROWS);
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
      FloatVector w = FloatVector.broadcast(F, b[bo + x]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[b1 + x]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[b2 + x]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[b3 + x]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, b[b4 + x]); c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
      w = FloatVector.broadcast(F, b[b5 + x]); c05 = a0.fma(w, c05); c15 = a1.fma(w, c15);
    }
    int LR = FloatTiles.LANE_ROWS;
    c00.intoArray(out, 0); c10.intoArray(out, L); c01.intoArray(out, LR); c11.intoArray(out, LR + L);
    c02.intoArray(out, 2 * LR); c12.intoArray(out, 2 * LR + L); c03.intoArray(out, 3 * LR); c13.intoArray(out, 3 * LR + L);
    c04.intoArray(out, 4 * LR); c14.intoArray(out, 4 * LR + L); c05.intoArray(out, 5 * LR); c15.intoArray(out, 5 * LR + L);
  }
  static void kernel12(MemorySegment at, long ao, float[] b, int bo, int bs, int len, float[] out, MemorySegment wb, long wsrc, int wlen, float[] wdst, int woff) {
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00, c06 = c00, c07 = c00, c08 = c00, c09 = c00, c0a = c00, c0b = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00, c16 = c00, c17 = c00, c18 = c00, c19 = c00, c1a = c00, c1b = c00;
    int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs, b4 = b3 + bs, b5 = b4 + bs, b6 = b5 + bs, b7 = b6 + bs, b8 = b7 + bs, b9 = b8 + bs, b10 = b9 + bs, b11 = b10 + bs;
    int wsteps = wlen / L;
    int xw = Math.min(len, wsteps), x = 0;
    for (; x < xw; x++) {
      ByteVector.fromMemorySegment(B, wb, wsrc + (long) x * L, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(wdst, woff + x * L);
      long ax = ao + (long) x * (Float.BYTES * FloatTiles.LANE_ROWS);
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
      FloatVector w = FloatVector.broadcast(F, b[bo + x]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[b1 + x]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[b2 + x]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[b3 + x]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, b[b4 + x]); c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
      w = FloatVector.broadcast(F, b[b5 + x]); c05 = a0.fma(w, c05); c15 = a1.fma(w, c15);
      w = FloatVector.broadcast(F, b[b6 + x]); c06 = a0.fma(w, c06); c16 = a1.fma(w, c16);
      w = FloatVector.broadcast(F, b[b7 + x]); c07 = a0.fma(w, c07); c17 = a1.fma(w, c17);
      w = FloatVector.broadcast(F, b[b8 + x]); c08 = a0.fma(w, c08); c18 = a1.fma(w, c18);
      w = FloatVector.broadcast(F, b[b9 + x]); c09 = a0.fma(w, c09); c19 = a1.fma(w, c19);
      w = FloatVector.broadcast(F, b[b10 + x]); c0a = a0.fma(w, c0a); c1a = a1.fma(w, c1a);
      w = FloatVector.broadcast(F, b[b11 + x]); c0b = a0.fma(w, c0b); c1b = a1.fma(w, c1b);
    }
    for (; x < len; x++) {
      long ax = ao + (long) x * (Float.BYTES * FloatTiles.LANE_ROWS);
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
      FloatVector w = FloatVector.broadcast(F, b[bo + x]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[b1 + x]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[b2 + x]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[b3 + x]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, b[b4 + x]); c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
      w = FloatVector.broadcast(F, b[b5 + x]); c05 = a0.fma(w, c05); c15 = a1.fma(w, c15);
      w = FloatVector.broadcast(F, b[b6 + x]); c06 = a0.fma(w, c06); c16 = a1.fma(w, c16);
      w = FloatVector.broadcast(F, b[b7 + x]); c07 = a0.fma(w, c07); c17 = a1.fma(w, c17);
      w = FloatVector.broadcast(F, b[b8 + x]); c08 = a0.fma(w, c08); c18 = a1.fma(w, c18);
      w = FloatVector.broadcast(F, b[b9 + x]); c09 = a0.fma(w, c09); c19 = a1.fma(w, c19);
      w = FloatVector.broadcast(F, b[b10 + x]); c0a = a0.fma(w, c0a); c1a = a1.fma(w, c1a);
      w = FloatVector.broadcast(F, b[b11 + x]); c0b = a0.fma(w, c0b); c1b = a1.fma(w, c1b);
    }
    int LR = FloatTiles.LANE_ROWS;
    c00.intoArray(out, 0 * LR + 0 * L);
    c10.intoArray(out, 0 * LR + 1 * L);
    c01.intoArray(out, 1 * LR + 0 * L);
    c11.intoArray(out, 1 * LR + 1 * L);
    c02.intoArray(out, 2 * LR + 0 * L);
    c12.intoArray(out, 2 * LR + 1 * L);
    c03.intoArray(out, 3 * LR + 0 * L);
    c13.intoArray(out, 3 * LR + 1 * L);
    c04.intoArray(out, 4 * LR + 0 * L);
    c14.intoArray(out, 4 * LR + 1 * L);
    c05.intoArray(out, 5 * LR + 0 * L);
    c15.intoArray(out, 5 * LR + 1 * L);
    c06.intoArray(out, 6 * LR + 0 * L);
    c16.intoArray(out, 6 * LR + 1 * L);
    c07.intoArray(out, 7 * LR + 0 * L);
    c17.intoArray(out, 7 * LR + 1 * L);
    c08.intoArray(out, 8 * LR + 0 * L);
    c18.intoArray(out, 8 * LR + 1 * L);
    c09.intoArray(out, 9 * LR + 0 * L);
    c19.intoArray(out, 9 * LR + 1 * L);
    c0a.intoArray(out, 10 * LR + 0 * L);
    c1a.intoArray(out, 10 * LR + 1 * L);
    c0b.intoArray(out, 11 * LR + 0 * L);
    c1b.intoArray(out, 11 * LR + 1 * L);
  }
}
