package io.bnb.backend.cpu;
import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.util.*;
import static io.bnb.backend.cpu.FloatLanesVec.*;
/** int8 M=16 4096^2 single thread: current vs next-group touching inside the kernel. */
public class IT {
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
    for (int rep = 0; rep < 30; rep++) {
      flush.fill((byte) rep);
      long t0 = System.nanoTime();
      Int8Gemm.multiply(a, b, c, m, n, k, true);
      long t1 = System.nanoTime();
      flush.fill((byte) rep);
      long t2 = System.nanoTime();
      Parallel.forRange(n, 6, 6, (q0, q1) -> touching(at, m, b, c2, n, k, (int) q0, (int) q1));
      long t3 = System.nanoTime();
      if (rep > 5) { b1 = Math.min(b1, t1 - t0); b2 = Math.min(b2, t3 - t2); }
    }
    System.out.printf("threads=%d current %.2f ms, touching (1 thread) %.2f ms, same=%b%n", Parallel.THREADS, b1/1e6, b2/1e6, c.mismatch(c2) < 0);
  }
  static final int T = Integer.getInteger("touch", 8);
  static void touching(MemorySegment at, int mp, MemorySegment b, MemorySegment c, int n, int k, int n0, int n1) {
    b = Segments.nativeSegment(b); c = Segments.nativeSegment(c);
    int lr = FloatTiles.LANE_ROWS, br = FloatTiles.B_ROWS, KL = 1024;
    float[] bp = new float[br * k], out = new float[br * lr];
    int[] sums = new int[br * lr];
    long bEnd = (long) n1 * k;
    for (int j0 = n0; j0 < n1; j0 += br) {
      int nb = Math.min(br, n1 - j0);
      Arrays.fill(sums, 0);
      for (int j = 0; j < nb; j++) widen(b, (long) (j0 + j) * k, k, bp, j * k);
      long next = (long) (j0 + br) * k; // the next group's bytes
      for (int k0 = 0; k0 < k; k0 += KL) {
        long from = Math.min(next + (long) k0 * br, bEnd - 1);
        acc += kernel(at, (long) k0 * lr * 4, bp, k0, k, KL, out, b, from, bEnd);
        for (int q = 0; q < sums.length; q++) sums[q] += (int) out[q];
      }
      for (int j = 0; j < nb; j++) for (int i = 0; i < mp; i++) c.setAtIndex(ValueLayout.JAVA_INT, (long) i * n + j0 + j, sums[j * lr + i]);
    }
  }
  static int acc;
  static void widen(MemorySegment s, long src, int len, float[] dst, int off) {
    for (int x = 0; x < len; x += L)
      ByteVector.fromMemorySegment(B, s, src + x, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, off + x);
  }
  /** rowsInLanes plus one byte read from b every T k-steps, walking 64 bytes at a time from {@code from}. */
  static int kernel(MemorySegment at, long ao, float[] b, int bo, int bs, int len, float[] out, MemorySegment tb, long from, long end) {
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00;
    int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs, b4 = b3 + bs, b5 = b4 + bs;
    int t = 0; long p = from;
    for (int x = 0; x < len; x++) {
      if ((x & (T - 1)) == 0 && p < end) { t += tb.get(ValueLayout.JAVA_BYTE, p); p += 64; }
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
    return t;
  }
}
