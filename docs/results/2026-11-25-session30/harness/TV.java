package io.bnb.backend.cpu;
import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.util.*;
import static io.bnb.backend.cpu.FloatLanesVec.*;
public class TV {
  static final int LR = 16;
  /** at as float[] (offset ao in floats), widen one vector per k from segment. */
  static void arrA(float[] at, int ao, float[] b, int bo, int bs, int len, float[] out, MemorySegment in, long src, int widen, float[] dst, int off) {
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00;
    int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs, b4 = b3 + bs, b5 = b4 + bs;
    int x = 0, xw = Math.min(len, widen);
    for (; x < xw; x++) {
      ByteVector.fromMemorySegment(FloatLanesVec.B, in, src + (long) x * L, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, off + x * L);
      int ax = ao + x * LR;
      FloatVector a0 = FloatVector.fromArray(F, at, ax), a1 = FloatVector.fromArray(F, at, ax + L);
      FloatVector w = FloatVector.broadcast(F, b[bo + x]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[b1 + x]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[b2 + x]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[b3 + x]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, b[b4 + x]); c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
      w = FloatVector.broadcast(F, b[b5 + x]); c05 = a0.fma(w, c05); c15 = a1.fma(w, c15);
    }
    for (; x < len; x++) {
      int ax = ao + x * LR;
      FloatVector a0 = FloatVector.fromArray(F, at, ax), a1 = FloatVector.fromArray(F, at, ax + L);
      FloatVector w = FloatVector.broadcast(F, b[bo + x]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[b1 + x]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[b2 + x]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[b3 + x]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, b[b4 + x]); c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
      w = FloatVector.broadcast(F, b[b5 + x]); c05 = a0.fma(w, c05); c15 = a1.fma(w, c15);
    }
    c00.intoArray(out, 0); c10.intoArray(out, L); c01.intoArray(out, LR); c11.intoArray(out, LR + L);
    c02.intoArray(out, 2 * LR); c12.intoArray(out, 2 * LR + L); c03.intoArray(out, 3 * LR); c13.intoArray(out, 3 * LR + L);
    c04.intoArray(out, 4 * LR); c14.intoArray(out, 4 * LR + L); c05.intoArray(out, 5 * LR); c15.intoArray(out, 5 * LR + L);
  }
  /** B interleaved: bi[x*6 + j]; at float[]; widen from segment into dst row-major (caller interleaves? no: measures tile form only). */
  static void inter(float[] at, int ao, float[] bi, int bio, int len, float[] out, MemorySegment in, long src, int widen, float[] dst, int off) {
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00;
    int x = 0, xw = Math.min(len, widen);
    for (; x < xw; x++) {
      ByteVector.fromMemorySegment(FloatLanesVec.B, in, src + (long) x * L, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, off + x * L);
      int ax = ao + x * LR, bx = bio + x * 6;
      FloatVector a0 = FloatVector.fromArray(F, at, ax), a1 = FloatVector.fromArray(F, at, ax + L);
      FloatVector w = FloatVector.broadcast(F, bi[bx]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, bi[bx + 1]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, bi[bx + 2]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, bi[bx + 3]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, bi[bx + 4]); c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
      w = FloatVector.broadcast(F, bi[bx + 5]); c05 = a0.fma(w, c05); c15 = a1.fma(w, c15);
    }
    c00.intoArray(out, 0); c10.intoArray(out, L); c01.intoArray(out, LR); c11.intoArray(out, LR + L);
    c02.intoArray(out, 2 * LR); c12.intoArray(out, 2 * LR + L); c03.intoArray(out, 3 * LR); c13.intoArray(out, 3 * LR + L);
    c04.intoArray(out, 4 * LR); c14.intoArray(out, 4 * LR + L); c05.intoArray(out, 5 * LR); c15.intoArray(out, 5 * LR + L);
  }
  static void interSeg(MemorySegment at, long ao, float[] bi, int bio, int len, float[] out, MemorySegment in, long src, int widen, float[] dst, int off) {
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00;
    int x = 0, xw = Math.min(len, widen);
    for (; x < xw; x++) {
      ByteVector.fromMemorySegment(FloatLanesVec.B, in, src + (long) x * L, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, off + x * L);
      long ax = ao + (long) x * (4 * LR); int bx = bio + x * 6;
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + 4 * L, LE);
      FloatVector w = FloatVector.broadcast(F, bi[bx]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, bi[bx + 1]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, bi[bx + 2]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, bi[bx + 3]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, bi[bx + 4]); c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
      w = FloatVector.broadcast(F, bi[bx + 5]); c05 = a0.fma(w, c05); c15 = a1.fma(w, c15);
    }
    c00.intoArray(out, 0); c10.intoArray(out, L); c01.intoArray(out, LR); c11.intoArray(out, LR + L);
    c02.intoArray(out, 2 * LR); c12.intoArray(out, 2 * LR + L); c03.intoArray(out, 3 * LR); c13.intoArray(out, 3 * LR + L);
    c04.intoArray(out, 4 * LR); c14.intoArray(out, 4 * LR + L); c05.intoArray(out, 5 * LR); c15.intoArray(out, 5 * LR + L);
  }
  static void blkArr(float[] at, int ao, float[] bi, int bio, int len, float[] out, MemorySegment in, long src, int widen, float[] dst, int off) {
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00;
    int x = 0, xw = Math.min(len, widen);
    for (; x < xw; x++) {
      ByteVector.fromMemorySegment(FloatLanesVec.B, in, src + (long) x * L, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, off + x * L);
      int ax = ao + x * LR, bx = bio + x;
      FloatVector a0 = FloatVector.fromArray(F, at, ax), a1 = FloatVector.fromArray(F, at, ax + L);
      FloatVector w = FloatVector.broadcast(F, bi[bx]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, bi[bx + 1 * 1024]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, bi[bx + 2 * 1024]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, bi[bx + 3 * 1024]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, bi[bx + 4 * 1024]); c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
      w = FloatVector.broadcast(F, bi[bx + 5 * 1024]); c05 = a0.fma(w, c05); c15 = a1.fma(w, c15);
    }
    c00.intoArray(out, 0); c10.intoArray(out, L); c01.intoArray(out, LR); c11.intoArray(out, LR + L);
    c02.intoArray(out, 2 * LR); c12.intoArray(out, 2 * LR + L); c03.intoArray(out, 3 * LR); c13.intoArray(out, 3 * LR + L);
    c04.intoArray(out, 4 * LR); c14.intoArray(out, 4 * LR + L); c05.intoArray(out, 5 * LR); c15.intoArray(out, 5 * LR + L);
  }
  static void blkSeg1040(MemorySegment at, long ao, float[] bi, int bio, int len, float[] out, MemorySegment in, long src, int widen, float[] dst, int off) {
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00;
    int x = 0, xw = Math.min(len, widen);
    for (; x < xw; x++) {
      ByteVector.fromMemorySegment(FloatLanesVec.B, in, src + (long) x * L, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, off + x * L);
      long ax = ao + (long) x * (4 * LR); int bx = bio + x;
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + 4 * L, LE);
      FloatVector w = FloatVector.broadcast(F, bi[bx]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, bi[bx + 1 * 1040]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, bi[bx + 2 * 1040]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, bi[bx + 3 * 1040]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, bi[bx + 4 * 1040]); c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
      w = FloatVector.broadcast(F, bi[bx + 5 * 1040]); c05 = a0.fma(w, c05); c15 = a1.fma(w, c15);
    }
    c00.intoArray(out, 0); c10.intoArray(out, L); c01.intoArray(out, LR); c11.intoArray(out, LR + L);
    c02.intoArray(out, 2 * LR); c12.intoArray(out, 2 * LR + L); c03.intoArray(out, 3 * LR); c13.intoArray(out, 3 * LR + L);
    c04.intoArray(out, 4 * LR); c14.intoArray(out, 4 * LR + L); c05.intoArray(out, 5 * LR); c15.intoArray(out, 5 * LR + L);
  }
  static void blkSeg1032(MemorySegment at, long ao, float[] bi, int bio, int len, float[] out, MemorySegment in, long src, int widen, float[] dst, int off) {
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00;
    int x = 0, xw = Math.min(len, widen);
    for (; x < xw; x++) {
      ByteVector.fromMemorySegment(FloatLanesVec.B, in, src + (long) x * L, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, off + x * L);
      long ax = ao + (long) x * (4 * LR); int bx = bio + x;
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + 4 * L, LE);
      FloatVector w = FloatVector.broadcast(F, bi[bx]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, bi[bx + 1 * 1032]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, bi[bx + 2 * 1032]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, bi[bx + 3 * 1032]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, bi[bx + 4 * 1032]); c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
      w = FloatVector.broadcast(F, bi[bx + 5 * 1032]); c05 = a0.fma(w, c05); c15 = a1.fma(w, c15);
    }
    c00.intoArray(out, 0); c10.intoArray(out, L); c01.intoArray(out, LR); c11.intoArray(out, LR + L);
    c02.intoArray(out, 2 * LR); c12.intoArray(out, 2 * LR + L); c03.intoArray(out, 3 * LR); c13.intoArray(out, 3 * LR + L);
    c04.intoArray(out, 4 * LR); c14.intoArray(out, 4 * LR + L); c05.intoArray(out, 5 * LR); c15.intoArray(out, 5 * LR + L);
  }
  /**
   * Chunked B layout: bc[c*6L + j*L + i] = B[j][c*L + i]. Tile over chunks [c0, c0+nc) of the K range;
   * meanwhile widens chunk c of the next group (rows j at src + j*k + c*L) into nxt with the same layout, for c < wc.
   */
  static void chunked(float[] at, int ao, float[] bc, int c0, int nc, float[] out, MemorySegment in, long src, long k, int wc, float[] nxt) {
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00;
    for (int c = c0; c < c0 + nc; c++) {
      if (c < wc) {
        long p = src + (long) c * L;
        int d = c * 6 * L;
        for (int j = 0; j < 6; j++, p += k, d += L)
          ByteVector.fromMemorySegment(FloatLanesVec.B, in, p, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(nxt, d);
      }
      int base = c * 6 * L, ax = ao + c * L * LR;
      for (int i = 0; i < L; i++, ax += LR) {
        int bx = base + i;
        FloatVector a0 = FloatVector.fromArray(F, at, ax), a1 = FloatVector.fromArray(F, at, ax + L);
        FloatVector w = FloatVector.broadcast(F, bc[bx]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
        w = FloatVector.broadcast(F, bc[bx + L]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
        w = FloatVector.broadcast(F, bc[bx + 2 * L]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
        w = FloatVector.broadcast(F, bc[bx + 3 * L]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
        w = FloatVector.broadcast(F, bc[bx + 4 * L]); c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
        w = FloatVector.broadcast(F, bc[bx + 5 * L]); c05 = a0.fma(w, c05); c15 = a1.fma(w, c15);
      }
    }
    c00.intoArray(out, 0); c10.intoArray(out, L); c01.intoArray(out, LR); c11.intoArray(out, LR + L);
    c02.intoArray(out, 2 * LR); c12.intoArray(out, 2 * LR + L); c03.intoArray(out, 3 * LR); c13.intoArray(out, 3 * LR + L);
    c04.intoArray(out, 4 * LR); c14.intoArray(out, 4 * LR + L); c05.intoArray(out, 5 * LR); c15.intoArray(out, 5 * LR + L);
  }
  public static void main(String[] xx) throws Exception {
    int m = 16, n = 4096, k = 4096;
    Arena ar = Arena.global();
    MemorySegment b = ar.allocate((long) n*k, 64);
    Random r = new Random(1);
    for (long i = 0; i < (long) n*k; i++) b.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
    MemorySegment at = ar.allocate(4L*LR*k, 64);
    float[] atA = new float[LR*k + 64];
    for (int i = 0; i < LR*k; i++) { float v = r.nextInt(256) - 128; at.setAtIndex(ValueLayout.JAVA_FLOAT, i, v); atA[i] = v; }
    float[] bbl = new float[6*k], bpad = new float[6*k + 4096]; float[] out3 = new float[6*LR], nextC = new float[6*k], bc = new float[6*k]; float[] bp = new float[6*k], out = new float[6*LR], out2 = new float[6*LR], next = new float[6*k], bi = new float[6*k];
    for (int i = 0; i < bp.length; i++) bp[i] = r.nextInt(256) - 128;
    for (int j = 0; j < 6; j++) for (int q = 0; q < k; q++) bi[q*6 + j] = bp[j*k + q];
    for (int j = 0; j < 6; j++) for (int q = 0; q < k; q++) bc[(q / L) * 6 * L + j * L + q % L] = bp[j*k + q];
    int groups = n / 6;
    for (int rep = 0; rep < 15; rep++) {
      long t1 = System.nanoTime();
      for (int g = 0; g < groups; g++) { long from = (long) g * 6 * k; int done = 0;
        for (int k0 = 0; k0 < k; k0 += 1024) { int steps = Math.min(1024, (6*k - done) / L);
          FloatTiles.rowsInLanes(at, (long) k0 * LR * 4, bp, k0, k, 1024, out); done += steps * L; } }
      long t2 = System.nanoTime();
      for (int g = 0; g < groups; g++) { long from = (long) g * 6 * k; int done = 0;
        for (int k0 = 0; k0 < k; k0 += 1024) { int steps = Math.min(1024, (6*k - done) / L);
          arrA(atA, k0 * LR, bp, k0, k, 1024, out2, b, from + done, steps, next, done); done += steps * L; } }
      long t3 = System.nanoTime();
      for (int g = 0; g < groups; g++) { long from = (long) g * 6 * k; int done = 0;
        for (int k0 = 0; k0 < k; k0 += 1024) { int steps = Math.min(1024, (6*k - done) / L);
          inter(atA, k0 * LR, bi, k0 * 6, 1024, out2, b, from + done, steps, next, done); done += steps * L; } }
      long t4 = System.nanoTime();
      for (int g = 0; g < groups; g++) { long from = (long) g * 6 * k;
        for (int k0 = 0; k0 < k; k0 += 1024) chunked(atA, 0, bc, k0 / L, 1024 / L, out3, b, from, k, k / L, nextC); }
      long t5 = System.nanoTime();
      for (int g = 0; g < groups; g++) { long from = (long) g * 6 * k; int done = 0;
        for (int k0 = 0; k0 < k; k0 += 1024) { int steps = Math.min(1024, (6*k - done) / L);
          FloatTiles.rowsInLanesBlocked(at, (long) k0 * LR * 4, bbl, k0 / 1024 * 6144, 1024, out, false, b, from + done, steps, next, done); done += steps * L; } }
      long t6 = System.nanoTime();
      for (int g = 0; g < groups; g++) { long from = (long) g * 6 * k; int done = 0;
        for (int k0 = 0; k0 < k; k0 += 1024) { for (int s = 0; s < 1024; s += 128) { int steps = Math.min(128, (6*k - done) / L);
          FloatTiles.rowsInLanesBlocked(at, (long) (k0 + s) * LR * 4, bbl, k0 / 1024 * 6144 + s, 128, out, s > 0, b, from + done, steps, next, done); done += steps * L; } } }
      long t7 = System.nanoTime();
      for (int g = 0; g < groups; g++) { long from = (long) g * 6 * k; int done = 0;
        for (int k0 = 0; k0 < k; k0 += 1024) { int steps = Math.min(1024, (6*k - done) / L);
          interSeg(at, (long) k0 * LR * 4, bi, k0 * 6, 1024, out2, b, from + done, steps, next, done); done += steps * L; } }
      long t8 = System.nanoTime();
      for (int g = 0; g < groups; g++) { long from = (long) g * 6 * k; int done = 0;
        for (int k0 = 0; k0 < k; k0 += 1024) { int steps = Math.min(1024, (6*k - done) / L);
          blkArr(atA, k0 * LR, bbl, k0 / 1024 * 6144, 1024, out2, b, from + done, steps, next, done); done += steps * L; } }
      long t9 = System.nanoTime();
      for (int g = 0; g < groups; g++) { long from = (long) g * 6 * k; int done = 0;
        for (int k0 = 0; k0 < k; k0 += 1024) { int steps = Math.min(1024, (6*k - done) / L);
          blkSeg1040(at, (long) k0 * LR * 4, bpad, k0 / 1024 * 6240, 1024, out2, b, from + done, steps, next, done); done += steps * L; } }
      long t10 = System.nanoTime();
      for (int g = 0; g < groups; g++) { long from = (long) g * 6 * k; int done = 0;
        for (int k0 = 0; k0 < k; k0 += 1024) { int steps = Math.min(1024, (6*k - done) / L);
          blkSeg1032(at, (long) k0 * LR * 4, bpad, k0 / 1024 * 6192, 1024, out2, b, from + done, steps, next, done); done += steps * L; } }
      long t11 = System.nanoTime();
      if (rep == 0) { FloatTiles.rowsInLanes(at, 0, bp, 0, k, 1024, out); chunked(atA, 0, bc, 0, 1024 / L, out3, b, 0, k, 0, nextC); System.out.println("chunked==current " + Arrays.equals(out, out3));
        chunked(atA, 0, bc, 0, k / L, out3, b, 0, k, k / L, nextC); boolean ok = true; for (int j = 0; j < 6; j++) for (int q = 0; q < k; q++) ok &= nextC[(q / L) * 6 * L + j * L + q % L] == b.get(ValueLayout.JAVA_BYTE, (long) j * k + q); System.out.println("widen ok " + ok); }
      if (rep >= 5) System.out.printf("1 thread: tile only (no widen) %.2f ms, at[] %.2f ms, at[]+interleaved B %.2f ms, chunked %.2f ms, blocked %.2f, blocked split %.2f, interSeg %.2f, blocked at[] %.2f, seg1040 %.2f, seg1032 %.2f%n", (t2-t1)/1e6, (t3-t2)/1e6, (t4-t3)/1e6, (t5-t4)/1e6, (t6-t5)/1e6, (t7-t6)/1e6, (t8-t7)/1e6, (t9-t8)/1e6, (t10-t9)/1e6, (t11-t10)/1e6);
    }
  }
}
