package io.bnb.backend.cpu;
import java.lang.foreign.*;
import jdk.incubator.vector.*;
import static io.bnb.backend.cpu.FloatLanesVec.*;
public class I8 {
  static final int KL = 1024;
  static void widenRow(MemorySegment s, long src, int len, float[] dst, int off) {
    for (int x = 0; x < len; x += L)
      ByteVector.fromMemorySegment(B, s, src + x, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, off + x);
  }
  // mode 0: current; 1: no widening (bp reused, shows widen cost)
  static void cols(MemorySegment at, MemorySegment b, int[] c, int n, int k, int mode, float[] bp) {
    int lr = FloatTiles.LANE_ROWS, br = FloatTiles.B_ROWS;
    float[] out = new float[br * lr];
    int[] sums = new int[br * lr];
    for (int j0 = 0; j0 + br <= n; j0 += br) {
      java.util.Arrays.fill(sums, 0);
      if (mode == 0) for (int j = 0; j < br; j++) widenRow(b, (long) (j0 + j) * k, k, bp, j * k);
      for (int k0 = 0; k0 < k; k0 += KL) {
        FloatTiles.rowsInLanes(at, (long) k0 * lr * Float.BYTES, bp, k0, k, KL, out);
        for (int q = 0; q < sums.length; q++) sums[q] += (int) out[q];
      }
      for (int q = 0; q < sums.length; q++) c[q] += sums[q];
    }
  }

  /** rowsInLanes unrolled by 4 K steps, plus (widen) widening 6*len bytes of src into junk, 3 vectors per 4 steps (L = 8 only). */
  static void tileW(MemorySegment at, long ao, float[] b, int bo, int bs, int len, float[] out, MemorySegment src, long srcOff, float[] junk, int dstOff, boolean widen) {
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00;
    int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs, b4 = b3 + bs, b5 = b4 + bs;
    int LR = FloatTiles.LANE_ROWS;
    for (int x = 0; x < len; x += 4) {
        long ax; FloatVector a0, a1, w;
        ax = ao + (long) (x + 0) * (Float.BYTES * LR);
        a0 = FloatVector.fromMemorySegment(F, at, ax, LE); a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
        w = FloatVector.broadcast(F, b[bo + x + 0]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
        w = FloatVector.broadcast(F, b[b1 + x + 0]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
        w = FloatVector.broadcast(F, b[b2 + x + 0]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
        w = FloatVector.broadcast(F, b[b3 + x + 0]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
        w = FloatVector.broadcast(F, b[b4 + x + 0]); c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
        w = FloatVector.broadcast(F, b[b5 + x + 0]); c05 = a0.fma(w, c05); c15 = a1.fma(w, c15);

        if (widen) ByteVector.fromMemorySegment(B, src, srcOff + 6L * x + 0, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(junk, dstOff + 6 * x + 0);
        ax = ao + (long) (x + 1) * (Float.BYTES * LR);
        a0 = FloatVector.fromMemorySegment(F, at, ax, LE); a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
        w = FloatVector.broadcast(F, b[bo + x + 1]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
        w = FloatVector.broadcast(F, b[b1 + x + 1]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
        w = FloatVector.broadcast(F, b[b2 + x + 1]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
        w = FloatVector.broadcast(F, b[b3 + x + 1]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
        w = FloatVector.broadcast(F, b[b4 + x + 1]); c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
        w = FloatVector.broadcast(F, b[b5 + x + 1]); c05 = a0.fma(w, c05); c15 = a1.fma(w, c15);
        ax = ao + (long) (x + 2) * (Float.BYTES * LR);
        a0 = FloatVector.fromMemorySegment(F, at, ax, LE); a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
        w = FloatVector.broadcast(F, b[bo + x + 2]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
        w = FloatVector.broadcast(F, b[b1 + x + 2]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
        w = FloatVector.broadcast(F, b[b2 + x + 2]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
        w = FloatVector.broadcast(F, b[b3 + x + 2]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
        w = FloatVector.broadcast(F, b[b4 + x + 2]); c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
        w = FloatVector.broadcast(F, b[b5 + x + 2]); c05 = a0.fma(w, c05); c15 = a1.fma(w, c15);
        if (widen) ByteVector.fromMemorySegment(B, src, srcOff + 6L * x + 8, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(junk, dstOff + 6 * x + 8);
        ax = ao + (long) (x + 3) * (Float.BYTES * LR);
        a0 = FloatVector.fromMemorySegment(F, at, ax, LE); a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
        w = FloatVector.broadcast(F, b[bo + x + 3]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
        w = FloatVector.broadcast(F, b[b1 + x + 3]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
        w = FloatVector.broadcast(F, b[b2 + x + 3]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
        w = FloatVector.broadcast(F, b[b3 + x + 3]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
        w = FloatVector.broadcast(F, b[b4 + x + 3]); c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
        w = FloatVector.broadcast(F, b[b5 + x + 3]); c05 = a0.fma(w, c05); c15 = a1.fma(w, c15);
        if (widen) ByteVector.fromMemorySegment(B, src, srcOff + 6L * x + 16, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(junk, dstOff + 6 * x + 16);
    }
    c00.intoArray(out, 0); c10.intoArray(out, L);
    c01.intoArray(out, LR); c11.intoArray(out, LR + L);
    c02.intoArray(out, 2 * LR); c12.intoArray(out, 2 * LR + L);
    c03.intoArray(out, 3 * LR); c13.intoArray(out, 3 * LR + L);
    c04.intoArray(out, 4 * LR); c14.intoArray(out, 4 * LR + L);
    c05.intoArray(out, 5 * LR); c15.intoArray(out, 5 * LR + L);
  }
    static void tileT(MemorySegment at, long ao, float[] b, int bo, int bs, int len, float[] out, MemorySegment src, long srcOff) {
        int touch = 0; src = Segments.nativeSegment(src); at = Segments.nativeSegment(at);
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00;
        int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs, b4 = b3 + bs, b5 = b4 + bs;
        for (int x = 0; x < len; x++) {
            long ax = ao + (long) x * (Float.BYTES * FloatTiles.LANE_ROWS);
            FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
            touch += src.get(java.lang.foreign.ValueLayout.JAVA_BYTE, srcOff + 6L * x);
            FloatVector w = FloatVector.broadcast(F, b[bo + x]);
            c00 = a0.fma(w, c00);
            c10 = a1.fma(w, c10);
            w = FloatVector.broadcast(F, b[b1 + x]);
            c01 = a0.fma(w, c01);
            c11 = a1.fma(w, c11);
            w = FloatVector.broadcast(F, b[b2 + x]);
            c02 = a0.fma(w, c02);
            c12 = a1.fma(w, c12);
            w = FloatVector.broadcast(F, b[b3 + x]);
            c03 = a0.fma(w, c03);
            c13 = a1.fma(w, c13);
            w = FloatVector.broadcast(F, b[b4 + x]);
            c04 = a0.fma(w, c04);
            c14 = a1.fma(w, c14);
            w = FloatVector.broadcast(F, b[b5 + x]);
            c05 = a0.fma(w, c05);
            c15 = a1.fma(w, c15);
        }
        c00.intoArray(out, 0);
        c10.intoArray(out, L);
        c01.intoArray(out, FloatTiles.LANE_ROWS);
        c11.intoArray(out, FloatTiles.LANE_ROWS + L);
        c02.intoArray(out, 2 * FloatTiles.LANE_ROWS);
        c12.intoArray(out, 2 * FloatTiles.LANE_ROWS + L);
        c03.intoArray(out, 3 * FloatTiles.LANE_ROWS);
        c13.intoArray(out, 3 * FloatTiles.LANE_ROWS + L);
        c04.intoArray(out, 4 * FloatTiles.LANE_ROWS);
        c14.intoArray(out, 4 * FloatTiles.LANE_ROWS + L);
        c05.intoArray(out, 5 * FloatTiles.LANE_ROWS);
        c15.intoArray(out, 5 * FloatTiles.LANE_ROWS + L);
        if (touch == 0x7fffffff) out[0] = 1;
    }

  static void colsW(MemorySegment at, MemorySegment b, int[] c, int n, int k, float[] bpA, float[] bpB, int how) {
    int lr = FloatTiles.LANE_ROWS, br = FloatTiles.B_ROWS;
    float[] out = new float[br * lr];
    int[] sums = new int[br * lr];
    float[] cur = bpA, nxt = bpB;
    for (int j = 0; j < br; j++) widenRow(b, (long) j * k, k, cur, j * k);
    for (int j0 = 0; j0 + br <= n; j0 += br) {
      java.util.Arrays.fill(sums, 0);
      boolean more = j0 + 2 * br <= n;
      long nextOff = (long) (j0 + br) * k;
      for (int k0 = 0; k0 < k; k0 += KL) {
        if (more && how == 0) tileW(at, (long) k0 * lr * Float.BYTES, cur, k0, k, KL, out, b, nextOff + 6L * k0, nxt, 6 * k0, true);
        else if (more && how == 1) tileW(at, (long) k0 * lr * Float.BYTES, cur, k0, k, KL, out, b, nextOff + 6L * k0, nxt, 6 * k0, false);
        else if (more && how == 3) tileV(at, (long) k0 * lr * Float.BYTES, cur, k0, k, KL, out, b, nextOff + 6L * k0, nxt, 6 * k0);
        else if (more) tileT(at, (long) k0 * lr * Float.BYTES, cur, k0, k, KL, out, b, nextOff + 6L * k0);
        else FloatTiles.rowsInLanes(at, (long) k0 * lr * Float.BYTES, cur, k0, k, KL, out);
        for (int q = 0; q < sums.length; q++) sums[q] += (int) out[q];
      }
      for (int q = 0; q < sums.length; q++) c[q] += sums[q];
      if (more && how != 0 && how != 3) for (int j = 0; j < br; j++) widenRow(b, nextOff + (long) j * k, k, nxt, j * k);
      float[] t = cur; cur = nxt; nxt = t;
    }
  }
    static void tileA(MemorySegment at, long ao, float[] b, int bo, int bs, int len, float[] out) {
        int R = FloatTiles.LANE_ROWS;
        FloatVector c00 = FloatVector.fromArray(F, out, 0), c10 = FloatVector.fromArray(F, out, L);
        FloatVector c01 = FloatVector.fromArray(F, out, R), c11 = FloatVector.fromArray(F, out, R + L);
        FloatVector c02 = FloatVector.fromArray(F, out, 2 * R), c12 = FloatVector.fromArray(F, out, 2 * R + L);
        FloatVector c03 = FloatVector.fromArray(F, out, 3 * R), c13 = FloatVector.fromArray(F, out, 3 * R + L);
        FloatVector c04 = FloatVector.fromArray(F, out, 4 * R), c14 = FloatVector.fromArray(F, out, 4 * R + L);
        FloatVector c05 = FloatVector.fromArray(F, out, 5 * R), c15 = FloatVector.fromArray(F, out, 5 * R + L);
        int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs, b4 = b3 + bs, b5 = b4 + bs;
        for (int x = 0; x < len; x++) {
            long ax = ao + (long) x * (Float.BYTES * FloatTiles.LANE_ROWS);
            FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
            FloatVector w = FloatVector.broadcast(F, b[bo + x]);
            c00 = a0.fma(w, c00);
            c10 = a1.fma(w, c10);
            w = FloatVector.broadcast(F, b[b1 + x]);
            c01 = a0.fma(w, c01);
            c11 = a1.fma(w, c11);
            w = FloatVector.broadcast(F, b[b2 + x]);
            c02 = a0.fma(w, c02);
            c12 = a1.fma(w, c12);
            w = FloatVector.broadcast(F, b[b3 + x]);
            c03 = a0.fma(w, c03);
            c13 = a1.fma(w, c13);
            w = FloatVector.broadcast(F, b[b4 + x]);
            c04 = a0.fma(w, c04);
            c14 = a1.fma(w, c14);
            w = FloatVector.broadcast(F, b[b5 + x]);
            c05 = a0.fma(w, c05);
            c15 = a1.fma(w, c15);
        }
        c00.intoArray(out, 0);
        c10.intoArray(out, L);
        c01.intoArray(out, FloatTiles.LANE_ROWS);
        c11.intoArray(out, FloatTiles.LANE_ROWS + L);
        c02.intoArray(out, 2 * FloatTiles.LANE_ROWS);
        c12.intoArray(out, 2 * FloatTiles.LANE_ROWS + L);
        c03.intoArray(out, 3 * FloatTiles.LANE_ROWS);
        c13.intoArray(out, 3 * FloatTiles.LANE_ROWS + L);
        c04.intoArray(out, 4 * FloatTiles.LANE_ROWS);
        c14.intoArray(out, 4 * FloatTiles.LANE_ROWS + L);
        c05.intoArray(out, 5 * FloatTiles.LANE_ROWS);
        c15.intoArray(out, 5 * FloatTiles.LANE_ROWS + L);
    }

    /** rowsInLanes with one vector of src widened into dst per K step over the first 3/4 of the steps (6 len elements). */
    static void tileV(MemorySegment at, long ao, float[] b, int bo, int bs, int len, float[] out, MemorySegment src, long srcOff, float[] dst, int dstOff) {
        src = Segments.nativeSegment(src);
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00;
        int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs, b4 = b3 + bs, b5 = b4 + bs;
        for (int x = 0; x < len; x++) {
            if (x < len / 4 * 3) ByteVector.fromMemorySegment(B, src, srcOff + 8L * x, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, dstOff + 8 * x);
            long ax = ao + (long) x * (Float.BYTES * FloatTiles.LANE_ROWS);
            FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
            FloatVector w = FloatVector.broadcast(F, b[bo + x]);
            c00 = a0.fma(w, c00);
            c10 = a1.fma(w, c10);
            w = FloatVector.broadcast(F, b[b1 + x]);
            c01 = a0.fma(w, c01);
            c11 = a1.fma(w, c11);
            w = FloatVector.broadcast(F, b[b2 + x]);
            c02 = a0.fma(w, c02);
            c12 = a1.fma(w, c12);
            w = FloatVector.broadcast(F, b[b3 + x]);
            c03 = a0.fma(w, c03);
            c13 = a1.fma(w, c13);
            w = FloatVector.broadcast(F, b[b4 + x]);
            c04 = a0.fma(w, c04);
            c14 = a1.fma(w, c14);
            w = FloatVector.broadcast(F, b[b5 + x]);
            c05 = a0.fma(w, c05);
            c15 = a1.fma(w, c15);
        }
        c00.intoArray(out, 0);
        c10.intoArray(out, L);
        c01.intoArray(out, FloatTiles.LANE_ROWS);
        c11.intoArray(out, FloatTiles.LANE_ROWS + L);
        c02.intoArray(out, 2 * FloatTiles.LANE_ROWS);
        c12.intoArray(out, 2 * FloatTiles.LANE_ROWS + L);
        c03.intoArray(out, 3 * FloatTiles.LANE_ROWS);
        c13.intoArray(out, 3 * FloatTiles.LANE_ROWS + L);
        c04.intoArray(out, 4 * FloatTiles.LANE_ROWS);
        c14.intoArray(out, 4 * FloatTiles.LANE_ROWS + L);
        c05.intoArray(out, 5 * FloatTiles.LANE_ROWS);
        c15.intoArray(out, 5 * FloatTiles.LANE_ROWS + L);
    }


  /** Five B rows (10 sums): with wid, one vector of src widened into dst per K step over the first 5/8 of the steps. */
  static void tile5(MemorySegment at, long ao, float[] b, int bo, int bs, int len, float[] out, MemorySegment src, long srcOff, float[] dst, int dstOff, boolean wid) {
    at = Segments.nativeSegment(at); src = Segments.nativeSegment(src);
    int LR = FloatTiles.LANE_ROWS;
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00, c04 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00;
    int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs, b4 = b3 + bs;
    int wl = wid ? len / 8 * 5 : 0;
    int x = 0;
    for (; x < wl; x++) {
      ByteVector.fromMemorySegment(B, src, srcOff + 8L * x, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, dstOff + 8 * x);
      long ax = ao + (long) x * (Float.BYTES * LR);
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
      FloatVector w = FloatVector.broadcast(F, b[bo + x]);
      c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[b1 + x]);
      c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[b2 + x]);
      c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[b3 + x]);
      c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, b[b4 + x]);
      c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
    }
    for (; x < len; x++) {
      long ax = ao + (long) x * (Float.BYTES * LR);
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
      FloatVector w = FloatVector.broadcast(F, b[bo + x]);
      c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[b1 + x]);
      c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[b2 + x]);
      c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[b3 + x]);
      c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, b[b4 + x]);
      c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
    }
    c00.intoArray(out, 0); c10.intoArray(out, L);
    c01.intoArray(out, LR); c11.intoArray(out, LR + L);
    c02.intoArray(out, 2 * LR); c12.intoArray(out, 2 * LR + L);
    c03.intoArray(out, 3 * LR); c13.intoArray(out, 3 * LR + L);
    c04.intoArray(out, 4 * LR); c14.intoArray(out, 4 * LR + L);
  }
  static void tile5h(MemorySegment at, long ao, float[] b, int bo, int bs, int len, float[] out, byte[] src, int srcOff, float[] dst, int dstOff, boolean wid) {
    at = Segments.nativeSegment(at);
    int LR = FloatTiles.LANE_ROWS;
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00, c04 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00;
    int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs, b4 = b3 + bs;
    int wl = wid ? len / 8 * 5 : 0;
    int x = 0;
    for (; x < wl; x++) {
      ByteVector.fromArray(B, src, srcOff + 8 * x).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, dstOff + 8 * x);
      long ax = ao + (long) x * (Float.BYTES * LR);
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
      FloatVector w = FloatVector.broadcast(F, b[bo + x]);
      c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[b1 + x]);
      c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[b2 + x]);
      c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[b3 + x]);
      c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, b[b4 + x]);
      c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
    }
    for (; x < len; x++) {
      long ax = ao + (long) x * (Float.BYTES * LR);
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
      FloatVector w = FloatVector.broadcast(F, b[bo + x]);
      c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[b1 + x]);
      c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[b2 + x]);
      c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[b3 + x]);
      c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, b[b4 + x]);
      c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
    }
    c00.intoArray(out, 0); c10.intoArray(out, L);
    c01.intoArray(out, LR); c11.intoArray(out, LR + L);
    c02.intoArray(out, 2 * LR); c12.intoArray(out, 2 * LR + L);
    c03.intoArray(out, 3 * LR); c13.intoArray(out, 3 * LR + L);
    c04.intoArray(out, 4 * LR); c14.intoArray(out, 4 * LR + L);
  }
  /** Five B rows, the next group's bytes copied to a heap array, then widened inside the tile. */
  static void cols5h(MemorySegment at, MemorySegment b, int[] c, int n, int k, float[] bpA, float[] bpB, byte[] bb) {
    int lr = FloatTiles.LANE_ROWS, br = 5;
    float[] out = new float[6 * lr];
    int[] sums = new int[6 * lr];
    float[] cur = bpA, nxt = bpB;
    for (int j = 0; j < br; j++) widenRow(b, (long) j * k, k, cur, j * k);
    for (int j0 = 0; j0 + br <= n; j0 += br) {
      java.util.Arrays.fill(sums, 0);
      boolean more = j0 + 2 * br <= n;
      if (more) MemorySegment.copy(b, ValueLayout.JAVA_BYTE, (long) (j0 + br) * k, bb, 0, br * k);
      for (int k0 = 0; k0 < k; k0 += KL) {
        tile5h(at, (long) k0 * lr * Float.BYTES, cur, k0, k, KL, out, bb, 5 * k0, nxt, 5 * k0, more);
        for (int q = 0; q < 5 * lr; q++) sums[q] += (int) out[q];
      }
      for (int q = 0; q < 5 * lr; q++) c[q] += sums[q];
      float[] t = cur; cur = nxt; nxt = t;
    }
  }
  static void tile5s(MemorySegment at, long ao, float[] b, int bo, int bs, int len, float[] out, long srcOff, float[] dst, int dstOff, boolean wid) {
    at = Segments.nativeSegment(at);
    int LR = FloatTiles.LANE_ROWS;
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00, c04 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00;
    int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs, b4 = b3 + bs;
    int wl = wid ? len / 8 * 5 : 0;
    int x = 0;
    for (; x < wl; x++) {
      ByteVector.fromMemorySegment(B, at, srcOff + 8L * x, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, dstOff + 8 * x);
      long ax = ao + (long) x * (Float.BYTES * LR);
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
      FloatVector w = FloatVector.broadcast(F, b[bo + x]);
      c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[b1 + x]);
      c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[b2 + x]);
      c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[b3 + x]);
      c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, b[b4 + x]);
      c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
    }
    for (; x < len; x++) {
      long ax = ao + (long) x * (Float.BYTES * LR);
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
      FloatVector w = FloatVector.broadcast(F, b[bo + x]);
      c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[b1 + x]);
      c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[b2 + x]);
      c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[b3 + x]);
      c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, b[b4 + x]);
      c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
    }
    c00.intoArray(out, 0); c10.intoArray(out, L);
    c01.intoArray(out, LR); c11.intoArray(out, LR + L);
    c02.intoArray(out, 2 * LR); c12.intoArray(out, 2 * LR + L);
    c03.intoArray(out, 3 * LR); c13.intoArray(out, 3 * LR + L);
    c04.intoArray(out, 4 * LR); c14.intoArray(out, 4 * LR + L);
  }
  static void tile5x(MemorySegment at, long ao, float[] b, int bo, int bs, int len, float[] out, long srcOff, float[] dst, int dstOff, boolean wid) {
    at = Segments.nativeSegment(at);
    int LR = FloatTiles.LANE_ROWS;
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00, c04 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00;
    int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs, b4 = b3 + bs;
    int wl = wid ? len / 8 * 5 : 0;
    for (int x = 0; x < len; x++) {
      ByteVector.fromMemorySegment(B, at, srcOff + 8L * x, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, dstOff + 8 * x);
      long ax = ao + (long) x * (Float.BYTES * LR);
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
      FloatVector w = FloatVector.broadcast(F, b[bo + x]);
      c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[b1 + x]);
      c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[b2 + x]);
      c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[b3 + x]);
      c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, b[b4 + x]);
      c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
    }
    c00.intoArray(out, 0); c10.intoArray(out, L);
    c01.intoArray(out, LR); c11.intoArray(out, LR + L);
    c02.intoArray(out, 2 * LR); c12.intoArray(out, 2 * LR + L);
    c03.intoArray(out, 3 * LR); c13.intoArray(out, 3 * LR + L);
    c04.intoArray(out, 4 * LR); c14.intoArray(out, 4 * LR + L);
  }
  /** Five B rows, the next group's bytes copied behind the A panel in the same native segment, widened inside the tile. */
  static void cols5s(MemorySegment at, MemorySegment b, int[] c, int n, int k, float[] bpA, float[] bpB) {
    int lr = FloatTiles.LANE_ROWS, br = 5;
    float[] out = new float[6 * lr];
    int[] sums = new int[6 * lr];
    float[] cur = bpA, nxt = bpB;
    long srcBase = (long) lr * k * Float.BYTES; // the bytes live after the panel
    for (int j = 0; j < br; j++) widenRow(b, (long) j * k, k, cur, j * k);
    for (int j0 = 0; j0 + br <= n; j0 += br) {
      java.util.Arrays.fill(sums, 0);
      boolean more = j0 + 2 * br <= n;
      if (more) MemorySegment.copy(b, (long) (j0 + br) * k, at, srcBase, (long) br * k);
      for (int k0 = 0; k0 < k; k0 += KL) {
        if (Boolean.getBoolean("x")) tile5x(at, (long) k0 * lr * Float.BYTES, cur, k0, k, KL, out, srcBase + 8L * k0, nxt, 8 * k0, more);
        else tile5s(at, (long) k0 * lr * Float.BYTES, cur, k0, k, KL, out, srcBase + 5L * k0, nxt, 5 * k0, more);
        for (int q = 0; q < 5 * lr; q++) sums[q] += (int) out[q];
      }
      for (int q = 0; q < 5 * lr; q++) c[q] += sums[q];
      float[] t = cur; cur = nxt; nxt = t;
    }
  }
  /** Groups of five B rows; fused: the next group widened inside the tile; else widened before each group. */
  static void cols5(MemorySegment at, MemorySegment b, int[] c, int n, int k, float[] bpA, float[] bpB, int how) {
    int lr = FloatTiles.LANE_ROWS, br = 5;
    float[] out = new float[6 * lr];
    int[] sums = new int[6 * lr];
    float[] cur = bpA, nxt = bpB;
    if (how == 2) for (int j = 0; j < br; j++) widenRow(b, (long) j * k, k, cur, j * k);
    for (int j0 = 0; j0 + br <= n; j0 += br) {
      java.util.Arrays.fill(sums, 0);
      boolean more = j0 + 2 * br <= n;
      long nextOff = (long) (j0 + br) * k;
      if (how == 0) for (int j = 0; j < br; j++) widenRow(b, (long) (j0 + j) * k, k, cur, j * k);
      for (int k0 = 0; k0 < k; k0 += KL) {
        tile5(at, (long) k0 * lr * Float.BYTES, cur, k0, k, KL, out, b, nextOff + 5L * k0, nxt, 5 * k0, how == 2 && more);
        for (int q = 0; q < 5 * lr; q++) sums[q] += (int) out[q];
      }
      for (int q = 0; q < 5 * lr; q++) c[q] += sums[q];
      if (how == 2) { float[] t = cur; cur = nxt; nxt = t; }
    }
  }

  static void colsC(MemorySegment at, MemorySegment b, int[] c, int n, int k, float[] bpA, float[] bpB, int C) {
    int lr = FloatTiles.LANE_ROWS, br = FloatTiles.B_ROWS;
    float[] out = new float[br * lr];
    int[] sums = new int[br * lr];
    float[] cur = bpA, nxt = bpB;
    for (int j = 0; j < br; j++) widenRow(b, (long) j * k, k, cur, j * k);
    for (int j0 = 0; j0 + br <= n; j0 += br) {
      java.util.Arrays.fill(sums, 0);
      boolean more = j0 + 2 * br <= n;
      long nextOff = (long) (j0 + br) * k;
      for (int k0 = 0; k0 < k; k0 += KL) {
        java.util.Arrays.fill(out, 0f);
        for (int k1 = k0; k1 < k0 + KL; k1 += C) {
          tileA(at, (long) k1 * lr * Float.BYTES, cur, k1, k, C, out);
          if (more) widenRow(b, nextOff + 6L * k1, 6 * C, nxt, 6 * k1);
        }
        for (int q = 0; q < sums.length; q++) sums[q] += (int) out[q];
      }
      for (int q = 0; q < sums.length; q++) c[q] += sums[q];
      float[] t = cur; cur = nxt; nxt = t;
    }
  }
    static void tileB(MemorySegment at, long ao, byte[] b, int bo, int bs, int len, float[] out) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00;
        int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs, b4 = b3 + bs, b5 = b4 + bs;
        for (int x = 0; x < len; x++) {
            long ax = ao + (long) x * (Float.BYTES * FloatTiles.LANE_ROWS);
            FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
            FloatVector w = FloatVector.broadcast(F, b[bo + x]);
            c00 = a0.fma(w, c00);
            c10 = a1.fma(w, c10);
            w = FloatVector.broadcast(F, b[b1 + x]);
            c01 = a0.fma(w, c01);
            c11 = a1.fma(w, c11);
            w = FloatVector.broadcast(F, b[b2 + x]);
            c02 = a0.fma(w, c02);
            c12 = a1.fma(w, c12);
            w = FloatVector.broadcast(F, b[b3 + x]);
            c03 = a0.fma(w, c03);
            c13 = a1.fma(w, c13);
            w = FloatVector.broadcast(F, b[b4 + x]);
            c04 = a0.fma(w, c04);
            c14 = a1.fma(w, c14);
            w = FloatVector.broadcast(F, b[b5 + x]);
            c05 = a0.fma(w, c05);
            c15 = a1.fma(w, c15);
        }
        c00.intoArray(out, 0);
        c10.intoArray(out, L);
        c01.intoArray(out, FloatTiles.LANE_ROWS);
        c11.intoArray(out, FloatTiles.LANE_ROWS + L);
        c02.intoArray(out, 2 * FloatTiles.LANE_ROWS);
        c12.intoArray(out, 2 * FloatTiles.LANE_ROWS + L);
        c03.intoArray(out, 3 * FloatTiles.LANE_ROWS);
        c13.intoArray(out, 3 * FloatTiles.LANE_ROWS + L);
        c04.intoArray(out, 4 * FloatTiles.LANE_ROWS);
        c14.intoArray(out, 4 * FloatTiles.LANE_ROWS + L);
        c05.intoArray(out, 5 * FloatTiles.LANE_ROWS);
        c15.intoArray(out, 5 * FloatTiles.LANE_ROWS + L);
    }

  static void colsB(MemorySegment at, MemorySegment b, int[] c, int n, int k, byte[] bb) {
    int lr = FloatTiles.LANE_ROWS, br = FloatTiles.B_ROWS;
    float[] out = new float[br * lr];
    int[] sums = new int[br * lr];
    for (int j0 = 0; j0 + br <= n; j0 += br) {
      java.util.Arrays.fill(sums, 0);
      MemorySegment.copy(b, ValueLayout.JAVA_BYTE, (long) j0 * k, bb, 0, br * k);
      for (int k0 = 0; k0 < k; k0 += KL) {
        tileB(at, (long) k0 * lr * Float.BYTES, bb, k0, k, KL, out);
        for (int q = 0; q < sums.length; q++) sums[q] += (int) out[q];
      }
      for (int q = 0; q < sums.length; q++) c[q] += sums[q];
    }
  }

  static void colsK(MemorySegment at, MemorySegment b, int[] c, int n, int k, float[] bp, int KB) {
    int lr = FloatTiles.LANE_ROWS, br = FloatTiles.B_ROWS;
    float[] out = new float[br * lr];
    int[] sums = new int[br * lr];
    for (int j0 = 0; j0 + br <= n; j0 += br) {
      java.util.Arrays.fill(sums, 0);
      for (int k0 = 0; k0 < k; k0 += KB) {
        for (int j = 0; j < br; j++) widenRow(b, (long) (j0 + j) * k + k0, KB, bp, j * KB);
        FloatTiles.rowsInLanes(at, (long) k0 * lr * Float.BYTES, bp, 0, KB, KB, out);
        for (int q = 0; q < sums.length; q++) sums[q] += (int) out[q];
      }
      for (int q = 0; q < sums.length; q++) c[q] += sums[q];
    }
  }
  static final String[] NAMES = {"current: widen the group, then tile", "tile only (no widening: the bound)",
      "widening fused into a 4-step unrolled tile", "the same unrolled tile, widening after it", "a byte load per K step in the tile (touch), widening after",
      "byte broadcasts (B copied as bytes, no widening)", "K pieces of 64: tile, widen the next group's piece", "pieces of 128", "pieces of 256",
      "K blocks of 256: widen 6 x 256, tile", "K blocks of 512", "K blocks of 1024", "one vector widened per K step of the plain tile (first 3/4)",
      "five B rows: widen the group, then the tile", "five B rows, tile only (bound)", "five B rows, next group widened in the tile (one vector per K step, first 5/8)",
      "five B rows, next group copied to a byte[] and widened in the tile",
      "five B rows, next group copied behind the A panel (one segment) and widened in the tile",
      "four B rows: widen the group, then the tile", "four B rows, tile only", "four B rows, next group copied behind the panel, widened in the tile (first half)",
      "four B rows, heap panel: widen the group, then the tile", "four B rows, heap panel, next group copied to byte[] and widened in the tile",
      "four B rows, one-loop fused tile widening the next two groups on even groups (timing only)"};

  /** Four B rows (8 sums); with wid, the next group's bytes (behind the panel in at) widened, one vector per step over the first half. */
  static void tile4(MemorySegment at, long ao, float[] b, int bo, int bs, int len, float[] out, long srcOff, float[] dst, int dstOff, boolean wid) {
    at = Segments.nativeSegment(at);
    int LR = FloatTiles.LANE_ROWS;
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs;
    int wl = wid ? len / 2 : 0;
    int x = 0;
    for (; x < wl; x++) {
      ByteVector.fromMemorySegment(B, at, srcOff + 8L * x, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, dstOff + 8 * x);
      long ax = ao + (long) x * (Float.BYTES * LR);
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
      FloatVector w = FloatVector.broadcast(F, b[bo + x]);
      c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[b1 + x]);
      c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[b2 + x]);
      c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[b3 + x]);
      c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
    }
    for (; x < len; x++) {
      long ax = ao + (long) x * (Float.BYTES * LR);
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
      FloatVector w = FloatVector.broadcast(F, b[bo + x]);
      c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[b1 + x]);
      c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[b2 + x]);
      c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[b3 + x]);
      c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
    }
    c00.intoArray(out, 0); c10.intoArray(out, L);
    c01.intoArray(out, LR); c11.intoArray(out, LR + L);
    c02.intoArray(out, 2 * LR); c12.intoArray(out, 2 * LR + L);
    c03.intoArray(out, 3 * LR); c13.intoArray(out, 3 * LR + L);
  }
  /** tile4 in one loop, widening 8 bytes per step over all steps (two groups' worth); the next group's bytes (behind the panel in at) widened, one vector per step over the first half. */
  static void tile4x(MemorySegment at, long ao, float[] b, int bo, int bs, int len, float[] out, long srcOff, float[] dst, int dstOff, boolean wid) {
    at = Segments.nativeSegment(at);
    int LR = FloatTiles.LANE_ROWS;
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs;
    for (int x = 0; x < len; x++) {
      ByteVector.fromMemorySegment(B, at, srcOff + 8L * x, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, dstOff + 8 * x);
      long ax = ao + (long) x * (Float.BYTES * LR);
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
      FloatVector w = FloatVector.broadcast(F, b[bo + x]);
      c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[b1 + x]);
      c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[b2 + x]);
      c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[b3 + x]);
      c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
    }
    c00.intoArray(out, 0); c10.intoArray(out, L);
    c01.intoArray(out, LR); c11.intoArray(out, LR + L);
    c02.intoArray(out, 2 * LR); c12.intoArray(out, 2 * LR + L);
    c03.intoArray(out, 3 * LR); c13.intoArray(out, 3 * LR + L);
  }
  /** Four B rows; even groups widen the next two groups inside a one-loop tile, odd groups run the plain tile. */
  static void cols4x(MemorySegment at, MemorySegment b, int[] c, int n, int k, float[] bpA, float[] bpB, float[] bpC) {
    int lr = FloatTiles.LANE_ROWS, br = 4;
    float[] out = new float[6 * lr];
    int[] sums = new int[6 * lr];
    long srcBase = (long) lr * k * Float.BYTES;
    float[] cur = bpA, n1 = bpB, n2 = bpC; // n1 and n2 hold the next two groups, one contiguous array of 8 rows
    for (int j = 0; j < br; j++) widenRow(b, (long) j * k, k, cur, j * k);
    int g = 0;
    for (int j0 = 0; j0 + br <= n; j0 += br, g++) {
      java.util.Arrays.fill(sums, 0);
      boolean even = (g & 1) == 0, more = j0 + 3 * br <= n;
      float[] tilesFrom = even ? cur : n1;
      int rowOff = even ? 0 : 4 * k; // odd groups read the second half of the 8-row array
      if (even && more) MemorySegment.copy(b, (long) (j0 + br) * k, at, srcBase, 2L * br * k);
      for (int k0 = 0; k0 < k; k0 += KL) {
        if (even && more) tile4x(at, (long) k0 * lr * Float.BYTES, cur, k0, k, KL, out, srcBase + 8L * k0, n1, 8 * k0, true);
        else tile4(at, (long) k0 * lr * Float.BYTES, even ? cur : n1, (even ? 0 : rowOff) + k0, k, KL, out, 0, null, 0, false);
        for (int q = 0; q < 4 * lr; q++) sums[q] += (int) out[q];
      }
      for (int q = 0; q < 4 * lr; q++) c[q] += sums[q];
      if (!even) { float[] tt = cur; cur = n1; n1 = tt; // next even group: its rows are the start of... (timing only)
      }
      if (!more && even) for (int j = 0; j < br; j++) widenRow(b, (long) (j0 + br + j) * k, k, n1, 4 * k + j * k);
    }
  }
  /** Heap form of tile4: A panel in a float[] from float ao, next group's bytes in a byte[]; with wid, the next group's bytes (behind the panel in at) widened, one vector per step over the first half. */
  static void tile4h(float[] ap, int ao, float[] b, int bo, int bs, int len, float[] out, byte[] src, int srcOff, float[] dst, int dstOff, boolean wid) {
    int LR = FloatTiles.LANE_ROWS;
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs;
    int wl = wid ? len / 2 : 0;
    int x = 0;
    for (; x < wl; x++) {
      ByteVector.fromArray(B, src, srcOff + 8 * x).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, dstOff + 8 * x);
      int ax = ao + x * LR;
      FloatVector a0 = FloatVector.fromArray(F, ap, ax), a1 = FloatVector.fromArray(F, ap, ax + L);
      FloatVector w = FloatVector.broadcast(F, b[bo + x]);
      c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[b1 + x]);
      c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[b2 + x]);
      c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[b3 + x]);
      c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
    }
    for (; x < len; x++) {
      int ax = ao + x * LR;
      FloatVector a0 = FloatVector.fromArray(F, ap, ax), a1 = FloatVector.fromArray(F, ap, ax + L);
      FloatVector w = FloatVector.broadcast(F, b[bo + x]);
      c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[b1 + x]);
      c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[b2 + x]);
      c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[b3 + x]);
      c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
    }
    c00.intoArray(out, 0); c10.intoArray(out, L);
    c01.intoArray(out, LR); c11.intoArray(out, LR + L);
    c02.intoArray(out, 2 * LR); c12.intoArray(out, 2 * LR + L);
    c03.intoArray(out, 3 * LR); c13.intoArray(out, 3 * LR + L);
  }
  /** Four B rows, all heap: A panel float[] at offset po (floats), next group's bytes copied to a byte[] and widened in the tile. */
  static void cols4h(MemorySegment at, MemorySegment b, int[] c, int n, int k, float[] bpA, float[] bpB, float[] ap, int po, byte[] bb, boolean fuse) {
    int lr = FloatTiles.LANE_ROWS, br = 4;
    MemorySegment.copy(at, ValueLayout.JAVA_FLOAT, 0, ap, po, lr * k);
    float[] out = new float[6 * lr];
    int[] sums = new int[6 * lr];
    float[] cur = bpA, nxt = bpB;
    if (fuse) for (int j = 0; j < br; j++) widenRow(b, (long) j * k, k, cur, j * k);
    for (int j0 = 0; j0 + br <= n; j0 += br) {
      java.util.Arrays.fill(sums, 0);
      boolean more = j0 + 2 * br <= n;
      if (!fuse) for (int j = 0; j < br; j++) widenRow(b, (long) (j0 + j) * k, k, cur, j * k);
      if (fuse && more) MemorySegment.copy(b, ValueLayout.JAVA_BYTE, (long) (j0 + br) * k, bb, 0, br * k);
      for (int k0 = 0; k0 < k; k0 += KL) {
        tile4h(ap, po + k0 * lr, cur, k0, k, KL, out, bb, 4 * k0, nxt, 4 * k0, fuse && more);
        for (int q = 0; q < 4 * lr; q++) sums[q] += (int) out[q];
      }
      for (int q = 0; q < 4 * lr; q++) c[q] += sums[q];
      if (fuse) { float[] tt = cur; cur = nxt; nxt = tt; }
    }
  }
  /** Four B rows; how 0: widen each group first; 1: tile only; 2: next group copied behind the panel and widened in the tile. */
  static void cols4(MemorySegment at, MemorySegment b, int[] c, int n, int k, float[] bpA, float[] bpB, int how) {
    int lr = FloatTiles.LANE_ROWS, br = 4;
    float[] out = new float[6 * lr];
    int[] sums = new int[6 * lr];
    float[] cur = bpA, nxt = bpB;
    long srcBase = (long) lr * k * Float.BYTES;
    if (how == 2) for (int j = 0; j < br; j++) widenRow(b, (long) j * k, k, cur, j * k);
    for (int j0 = 0; j0 + br <= n; j0 += br) {
      java.util.Arrays.fill(sums, 0);
      boolean more = j0 + 2 * br <= n;
      if (how == 0) for (int j = 0; j < br; j++) widenRow(b, (long) (j0 + j) * k, k, cur, j * k);
      if (how == 2 && more) MemorySegment.copy(b, (long) (j0 + br) * k, at, srcBase, (long) br * k);
      for (int k0 = 0; k0 < k; k0 += KL) {
        tile4(at, (long) k0 * lr * Float.BYTES, cur, k0, k, KL, out, srcBase + 4L * k0, nxt, 4 * k0, how == 2 && more);
        for (int q = 0; q < 4 * lr; q++) sums[q] += (int) out[q];
      }
      for (int q = 0; q < 4 * lr; q++) c[q] += sums[q];
      if (how == 2) { float[] t = cur; cur = nxt; nxt = t; }
    }
  }
  public static void main(String[] a) {
    int k = 4096, n = 4096, lr = FloatTiles.LANE_ROWS;
    Arena ar = Arena.ofShared();
    MemorySegment at = ar.allocate((long) lr * k * 4, 64), b = ar.allocate((long) n * k, 64);
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < lr * k; i++) at.setAtIndex(ValueLayout.JAVA_FLOAT, i, r.nextInt(255) - 127);
    for (long i = 0; i < (long) n * k; i++) b.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
    float[] bp = new float[8 * k], bp2 = new float[8 * k]; byte[] bb = new byte[6 * k]; float[] apH = new float[lr * k + 64]; float[] bp3 = new float[8 * k];
    MemorySegment at3 = ar.allocate((long) lr * k * 4 + 8L * k, 64); at3.copyFrom(at);
    MemorySegment at2 = ar.allocate((long) lr * k * 4 + 8L * k, 64); at2.copyFrom(at.asSlice(0, (long) lr * k * 4).reinterpret((long) lr * k * 4));
    int[] c = new int[96];
    String[] modes = System.getProperty("modes", "0,1,2,3,4,5,6,7,8,9,10,11,12").split(",");
    for (int it = 0; it < 10; it++) {
      for (String ms : modes) {
        int mode = Integer.parseInt(ms);
        long t0 = System.nanoTime();
        switch (mode) {
          case 0, 1 -> cols(at, b, c, n, k, mode, bp);
          case 2, 3, 4 -> colsW(at, b, c, n, k, bp, bp2, mode - 2);
          case 12 -> colsW(at, b, c, n, k, bp, bp2, 3);
          case 13, 14, 15 -> cols5(at, b, c, n, k, bp, bp2, mode - 13);
          case 16 -> cols5h(at, b, c, n, k, bp, bp2, bb);
          case 17 -> cols5s(at2, b, c, n, k, bp, bp2);
          case 18, 19, 20 -> cols4(at2, b, c, n, k, bp, bp2, mode - 18);
          case 23 -> cols4x(at3, b, c, n, k, bp, bp3, bp2);
          case 21, 22 -> cols4h(at, b, c, n, k, bp, bp2, apH, Integer.getInteger("po", 0), bb, mode == 22);
          case 5 -> colsB(at, b, c, n, k, bb);
          case 6, 7, 8 -> colsC(at, b, c, n, k, bp, bp2, 64 << (mode - 6));
          default -> colsK(at, b, c, n, k, bp, 256 << (mode - 9));
        }
        long t = System.nanoTime() - t0;
        if (it == 9 || Boolean.getBoolean("all")) System.out.printf("%2d %-62s %6.2f ms  %4.1f MAC/cycle at 3.2 GHz%n", mode, NAMES[mode], t / 1e6, 16.0 * n * k / t / 3.2);
      }
    }
  }
}
