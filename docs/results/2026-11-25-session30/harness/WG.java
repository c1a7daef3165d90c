package io.bnb.backend.cpu;
import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.util.*;
public class WG {
  static final VectorSpecies<Float> Z = FloatVector.SPECIES_512;
  static final java.nio.ByteOrder LE = java.nio.ByteOrder.LITTLE_ENDIAN;
  // at: [k][16] floats; bp rows of B (float) at bo + j*bs; len even; out[j*16+i]
  static void wino6(MemorySegment at, long ao, float[] b, int bo, int bs, int len, float[] out, int mode) {
    FloatVector one = FloatVector.broadcast(Z, 1f);
    FloatVector c0 = FloatVector.zero(Z), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
    int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs, b4 = b3 + bs, b5 = b4 + bs;
    for (int x = 0; x < len; x += 2) {
      long ax = ao + (long) x * 64;
      FloatVector e = FloatVector.fromMemorySegment(Z, at, ax, LE), o = FloatVector.fromMemorySegment(Z, at, ax + 64, LE);
      // u = e + b[x+1], v = o + b[x]; three of twelve adds on the FMA pipes
      c0 = e.fma(one, FloatVector.broadcast(Z, b[bo + x + 1])).fma(o.add(b[bo + x]), c0);
      c1 = e.add(b[b1 + x + 1]).fma(o.add(b[b1 + x]), c1);
      c2 = e.add(b[b2 + x + 1]).fma(o.add(b[b2 + x]), c2);
      c3 = e.fma(one, FloatVector.broadcast(Z, b[b3 + x + 1])).fma(o.add(b[b3 + x]), c3);
      c4 = e.add(b[b4 + x + 1]).fma(o.add(b[b4 + x]), c4);
      c5 = e.fma(one, FloatVector.broadcast(Z, b[b5 + x + 1])).fma(o.add(b[b5 + x]), c5);
    }
    c0.intoArray(out, 0); c1.intoArray(out, 16); c2.intoArray(out, 32); c3.intoArray(out, 48); c4.intoArray(out, 64); c5.intoArray(out, 80);
  }
  static void wino6plain(MemorySegment at, long ao, float[] b, int bo, int bs, int len, float[] out) {
    FloatVector c0 = FloatVector.zero(Z), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
    int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs, b4 = b3 + bs, b5 = b4 + bs;
    for (int x = 0; x < len; x += 2) {
      long ax = ao + (long) x * 64;
      FloatVector e = FloatVector.fromMemorySegment(Z, at, ax, LE), o = FloatVector.fromMemorySegment(Z, at, ax + 64, LE);
      c0 = e.add(b[bo + x + 1]).fma(o.add(b[bo + x]), c0);
      c1 = e.add(b[b1 + x + 1]).fma(o.add(b[b1 + x]), c1);
      c2 = e.add(b[b2 + x + 1]).fma(o.add(b[b2 + x]), c2);
      c3 = e.add(b[b3 + x + 1]).fma(o.add(b[b3 + x]), c3);
      c4 = e.add(b[b4 + x + 1]).fma(o.add(b[b4 + x]), c4);
      c5 = e.add(b[b5 + x + 1]).fma(o.add(b[b5 + x]), c5);
    }
    c0.intoArray(out, 0); c1.intoArray(out, 16); c2.intoArray(out, 32); c3.intoArray(out, 48); c4.intoArray(out, 64); c5.intoArray(out, 80);
  }
  static void wino8(MemorySegment at, long ao, float[] b, int bo, int bs, int len, float[] out) {
    FloatVector one = FloatVector.broadcast(Z, 1f);
    FloatVector c0 = FloatVector.zero(Z), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
    int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs, b4 = b3 + bs, b5 = b4 + bs, b6 = b5 + bs, b7 = b6 + bs;
    for (int x = 0; x < len; x += 2) {
      long ax = ao + (long) x * 64;
      FloatVector e = FloatVector.fromMemorySegment(Z, at, ax, LE), o = FloatVector.fromMemorySegment(Z, at, ax + 64, LE);
      c0 = e.fma(one, FloatVector.broadcast(Z, b[bo + x + 1])).fma(o.add(b[bo + x]), c0);
      c1 = e.add(b[b1 + x + 1]).fma(o.add(b[b1 + x]), c1);
      c2 = e.add(b[b2 + x + 1]).fma(o.add(b[b2 + x]), c2);
      c3 = e.fma(one, FloatVector.broadcast(Z, b[b3 + x + 1])).fma(o.add(b[b3 + x]), c3);
      c4 = e.add(b[b4 + x + 1]).fma(o.add(b[b4 + x]), c4);
      c5 = e.add(b[b5 + x + 1]).fma(o.add(b[b5 + x]), c5);
      c6 = e.fma(one, FloatVector.broadcast(Z, b[b6 + x + 1])).fma(o.add(b[b6 + x]), c6);
      c7 = e.fma(one, FloatVector.broadcast(Z, b[b7 + x + 1])).fma(o.add(b[b7 + x]), c7);
    }
    c0.intoArray(out, 0); c1.intoArray(out, 16); c2.intoArray(out, 32); c3.intoArray(out, 48); c4.intoArray(out, 64); c5.intoArray(out, 80); c6.intoArray(out, 96); c7.intoArray(out, 112);
  }
  static void winoY(MemorySegment at, long ao, float[] b, int bo, int bs, int len, float[] out) {
    VectorSpecies<Float> Y = FloatVector.SPECIES_256;
    FloatVector one = FloatVector.broadcast(Y, 1f);
    FloatVector c00 = FloatVector.zero(Y), c01 = FloatVector.zero(Y), c02 = FloatVector.zero(Y), c03 = FloatVector.zero(Y), c04 = FloatVector.zero(Y), c05 = FloatVector.zero(Y), c10 = FloatVector.zero(Y), c11 = FloatVector.zero(Y), c12 = FloatVector.zero(Y), c13 = FloatVector.zero(Y), c14 = FloatVector.zero(Y), c15 = FloatVector.zero(Y);
    int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs, b4 = b3 + bs, b5 = b4 + bs;
    for (int x = 0; x < len; x += 2) {
      long ax = ao + (long) x * 64;
      FloatVector e0 = FloatVector.fromMemorySegment(Y, at, ax, LE), e1 = FloatVector.fromMemorySegment(Y, at, ax + 32, LE);
      FloatVector o0 = FloatVector.fromMemorySegment(Y, at, ax + 64, LE), o1 = FloatVector.fromMemorySegment(Y, at, ax + 96, LE);
      { FloatVector p = FloatVector.broadcast(Y, b[bo + x + 1]), q = FloatVector.broadcast(Y, b[bo + x]);
        c00 = e0.add(p).fma(o0.add(q), c00); c10 = e1.add(p).fma(o1.add(q), c10); }
      { FloatVector p = FloatVector.broadcast(Y, b[b1 + x + 1]), q = FloatVector.broadcast(Y, b[b1 + x]);
        c01 = e0.add(p).fma(o0.add(q), c01); c11 = e1.add(p).fma(o1.add(q), c11); }
      { FloatVector p = FloatVector.broadcast(Y, b[b2 + x + 1]), q = FloatVector.broadcast(Y, b[b2 + x]);
        c02 = e0.add(p).fma(o0.add(q), c02); c12 = e1.add(p).fma(o1.add(q), c12); }
      { FloatVector p = FloatVector.broadcast(Y, b[b3 + x + 1]), q = FloatVector.broadcast(Y, b[b3 + x]);
        c03 = e0.add(p).fma(o0.add(q), c03); c13 = e1.add(p).fma(o1.add(q), c13); }
      { FloatVector p = FloatVector.broadcast(Y, b[b4 + x + 1]), q = FloatVector.broadcast(Y, b[b4 + x]);
        c04 = e0.add(p).fma(o0.add(q), c04); c14 = e1.add(p).fma(o1.add(q), c14); }
      { FloatVector p = FloatVector.broadcast(Y, b[b5 + x + 1]), q = FloatVector.broadcast(Y, b[b5 + x]);
        c05 = e0.add(p).fma(o0.add(q), c05); c15 = e1.add(p).fma(o1.add(q), c15); }
    }
    c00.intoArray(out, 0); c10.intoArray(out, 8);
    c01.intoArray(out, 16); c11.intoArray(out, 24);
    c02.intoArray(out, 32); c12.intoArray(out, 40);
    c03.intoArray(out, 48); c13.intoArray(out, 56);
    c04.intoArray(out, 64); c14.intoArray(out, 72);
    c05.intoArray(out, 80); c15.intoArray(out, 88);
  }
  static void winoYb(MemorySegment at, long ao, float[] b, int bo, int bs, int len, float[] out) {
    VectorSpecies<Float> Y = FloatVector.SPECIES_256;
    FloatVector one = FloatVector.broadcast(Y, 1f);
    FloatVector c00 = FloatVector.zero(Y), c01 = FloatVector.zero(Y), c02 = FloatVector.zero(Y), c03 = FloatVector.zero(Y), c04 = FloatVector.zero(Y), c05 = FloatVector.zero(Y), c10 = FloatVector.zero(Y), c11 = FloatVector.zero(Y), c12 = FloatVector.zero(Y), c13 = FloatVector.zero(Y), c14 = FloatVector.zero(Y), c15 = FloatVector.zero(Y);
    int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs, b4 = b3 + bs, b5 = b4 + bs;
    for (int x = 0; x < len; x += 2) {
      long ax = ao + (long) x * 64;
      FloatVector e0 = FloatVector.fromMemorySegment(Y, at, ax, LE), e1 = FloatVector.fromMemorySegment(Y, at, ax + 32, LE);
      FloatVector o0 = FloatVector.fromMemorySegment(Y, at, ax + 64, LE), o1 = FloatVector.fromMemorySegment(Y, at, ax + 96, LE);
      { FloatVector p = FloatVector.broadcast(Y, b[bo + x + 1]), q = FloatVector.broadcast(Y, b[bo + x]);
        c00 = e0.fma(one, p).fma(o0.add(q), c00); c10 = e1.add(p).fma(o1.fma(one, q), c10); }
      { FloatVector p = FloatVector.broadcast(Y, b[b1 + x + 1]), q = FloatVector.broadcast(Y, b[b1 + x]);
        c01 = e0.add(p).fma(o0.add(q), c01); c11 = e1.add(p).fma(o1.add(q), c11); }
      { FloatVector p = FloatVector.broadcast(Y, b[b2 + x + 1]), q = FloatVector.broadcast(Y, b[b2 + x]);
        c02 = e0.fma(one, p).fma(o0.add(q), c02); c12 = e1.add(p).fma(o1.fma(one, q), c12); }
      { FloatVector p = FloatVector.broadcast(Y, b[b3 + x + 1]), q = FloatVector.broadcast(Y, b[b3 + x]);
        c03 = e0.add(p).fma(o0.add(q), c03); c13 = e1.add(p).fma(o1.add(q), c13); }
      { FloatVector p = FloatVector.broadcast(Y, b[b4 + x + 1]), q = FloatVector.broadcast(Y, b[b4 + x]);
        c04 = e0.fma(one, p).fma(o0.add(q), c04); c14 = e1.add(p).fma(o1.fma(one, q), c14); }
      { FloatVector p = FloatVector.broadcast(Y, b[b5 + x + 1]), q = FloatVector.broadcast(Y, b[b5 + x]);
        c05 = e0.add(p).fma(o0.add(q), c05); c15 = e1.add(p).fma(o1.add(q), c15); }
    }
    c00.intoArray(out, 0); c10.intoArray(out, 8);
    c01.intoArray(out, 16); c11.intoArray(out, 24);
    c02.intoArray(out, 32); c12.intoArray(out, 40);
    c03.intoArray(out, 48); c13.intoArray(out, 56);
    c04.intoArray(out, 64); c14.intoArray(out, 72);
    c05.intoArray(out, 80); c15.intoArray(out, 88);
  }
  static void winoYc(MemorySegment at, long ao, float[] b, int bo, int bs, int len, float[] out) {
    VectorSpecies<Float> Y = FloatVector.SPECIES_256;
    FloatVector one = FloatVector.broadcast(Y, 1f);
    FloatVector c00 = FloatVector.zero(Y), c01 = FloatVector.zero(Y), c02 = FloatVector.zero(Y), c03 = FloatVector.zero(Y), c04 = FloatVector.zero(Y), c05 = FloatVector.zero(Y), c10 = FloatVector.zero(Y), c11 = FloatVector.zero(Y), c12 = FloatVector.zero(Y), c13 = FloatVector.zero(Y), c14 = FloatVector.zero(Y), c15 = FloatVector.zero(Y);
    int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs, b4 = b3 + bs, b5 = b4 + bs;
    for (int x = 0; x < len; x += 2) {
      long ax = ao + (long) x * 64;
      FloatVector e0 = FloatVector.fromMemorySegment(Y, at, ax, LE), e1 = FloatVector.fromMemorySegment(Y, at, ax + 32, LE);
      FloatVector o0 = FloatVector.fromMemorySegment(Y, at, ax + 64, LE), o1 = FloatVector.fromMemorySegment(Y, at, ax + 96, LE);
      { FloatVector p = FloatVector.broadcast(Y, b[bo + x + 1]), q = FloatVector.broadcast(Y, b[bo + x]);
        c00 = e0.fma(one, p).fma(o0.add(q), c00); c10 = e1.add(p).fma(o1.fma(one, q), c10); }
      { FloatVector p = FloatVector.broadcast(Y, b[b1 + x + 1]), q = FloatVector.broadcast(Y, b[b1 + x]);
        c01 = e0.add(p).fma(o0.add(q), c01); c11 = e1.add(p).fma(o1.add(q), c11); }
      { FloatVector p = FloatVector.broadcast(Y, b[b2 + x + 1]), q = FloatVector.broadcast(Y, b[b2 + x]);
        c02 = e0.add(p).fma(o0.add(q), c02); c12 = e1.add(p).fma(o1.add(q), c12); }
      { FloatVector p = FloatVector.broadcast(Y, b[b3 + x + 1]), q = FloatVector.broadcast(Y, b[b3 + x]);
        c03 = e0.fma(one, p).fma(o0.add(q), c03); c13 = e1.add(p).fma(o1.fma(one, q), c13); }
      { FloatVector p = FloatVector.broadcast(Y, b[b4 + x + 1]), q = FloatVector.broadcast(Y, b[b4 + x]);
        c04 = e0.add(p).fma(o0.add(q), c04); c14 = e1.add(p).fma(o1.add(q), c14); }
      { FloatVector p = FloatVector.broadcast(Y, b[b5 + x + 1]), q = FloatVector.broadcast(Y, b[b5 + x]);
        c05 = e0.add(p).fma(o0.add(q), c05); c15 = e1.add(p).fma(o1.add(q), c15); }
    }
    c00.intoArray(out, 0); c10.intoArray(out, 8);
    c01.intoArray(out, 16); c11.intoArray(out, 24);
    c02.intoArray(out, 32); c12.intoArray(out, 40);
    c03.intoArray(out, 48); c13.intoArray(out, 56);
    c04.intoArray(out, 64); c14.intoArray(out, 72);
    c05.intoArray(out, 80); c15.intoArray(out, 88);
  }
  public static void main(String[] xx) throws Exception {
    int k = 4096, KB = 512;
    Arena ar = Arena.global();
    int lr = FloatTiles.LANE_ROWS;
    System.out.println("L=" + FloatLanesVec.L + " lr=" + lr);
    MemorySegment at = ar.allocate(4L*16*k, 64);
    Random r = new Random(1);
    float[][] A = new float[16][k];
    for (int i = 0; i < 16; i++) for (int q = 0; q < k; q++) { A[i][q] = r.nextInt(256) - 128; at.setAtIndex(ValueLayout.JAVA_FLOAT, (long) q*16 + i, A[i][q]); }
    float[] bp = new float[8*k], out = new float[8*16], ref = new float[6*lr];
    for (int i = 0; i < bp.length; i++) bp[i] = r.nextInt(256) - 128;
    // check
    winoYb(at, 0, bp, 0, k, KB, out);
    FloatTiles.rowsInLanes(at, 0, bp, 0, k, KB, ref);
    int bad = 0;
    for (int j = 0; j < 6; j++) { long cb = 0; for (int q = 0; q < KB; q += 2) cb += (long) bp[j*k+q]*bp[j*k+q+1];
      for (int i = 0; i < 16; i++) { long ra = 0; for (int q = 0; q < KB; q += 2) ra += (long) A[i][q]*A[i][q+1];
        if ((long) out[j*16+i] - ra - cb != (long) ref[j*lr+i]) bad++; } }
    System.out.println("mismatches " + bad);
    for (int rep = 0; rep < 12; rep++) {
      long t0 = System.nanoTime();
      for (int g = 0; g < 4096 / 6; g++) for (int k0 = 0; k0 < k; k0 += 1024) FloatTiles.rowsInLanes(at, (long) k0 * lr * 4, bp, k0, k, 1024, ref);
      long t1 = System.nanoTime();
      for (int g = 0; g < 4096 / 6; g++) for (int k0 = 0; k0 < k; k0 += KB) wino6(at, (long) k0 * 64, bp, k0, k, KB, out, 0);
      long t2 = System.nanoTime();
      for (int g = 0; g < 4096 / 6; g++) for (int k0 = 0; k0 < k; k0 += KB) wino6plain(at, (long) k0 * 64, bp, k0, k, KB, out);
      long t3 = System.nanoTime();
      for (int g = 0; g < 4096 / 8; g++) for (int k0 = 0; k0 < k; k0 += KB) wino8(at, (long) k0 * 64, bp, k0, k, KB, out);
      long t4 = System.nanoTime();
      for (int g = 0; g < 4096 / 6; g++) for (int k0 = 0; k0 < k; k0 += KB) winoY(at, (long) k0 * 64, bp, k0, k, KB, out);
      long t5 = System.nanoTime();
      for (int g = 0; g < 4096 / 6; g++) for (int k0 = 0; k0 < k; k0 += KB) winoYb(at, (long) k0 * 64, bp, k0, k, KB, out);
      long t6 = System.nanoTime();
      for (int g = 0; g < 4096 / 6; g++) for (int k0 = 0; k0 < k; k0 += KB) winoYc(at, (long) k0 * 64, bp, k0, k, KB, out);
      long t7 = System.nanoTime();
      double g6 = 4096 / 6 * 6.0 * 16 * k, g8 = 4096.0 * 16 * k;
      System.out.printf("orig %.2f  wino6 %.2f  wino6plain %.2f  wino8 %.2f  Y %.2f  Yb %.2f  Yc %.2f MAC/cycle%n", g6/((t1-t0)*3.65), g6/((t2-t1)*3.65), g6/((t3-t2)*3.65), g8/((t4-t3)*3.65), g6/((t5-t4)*3.65), g6/((t6-t5)*3.65), g6/((t7-t6)*3.65));
    }
  }
}
