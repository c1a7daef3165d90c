package io.bnb.backend.cpu;
import jdk.incubator.vector.*;
import java.lang.foreign.*;
import static io.bnb.backend.cpu.Vec.B32;
import static io.bnb.backend.cpu.Vec.LE;
import static jdk.incubator.vector.VectorOperators.*;
public class GK {
  static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
  static final VectorSpecies<Integer> I8 = IntVector.SPECIES_256;
  // V0: current kernel (copy)
  static float v0(float[] xp, int k, MemorySegment packed, long f0, float[] sc, byte[] tables) {
    ByteVector tl = ByteVector.fromArray(B32, tables, 0), th = ByteVector.fromArray(B32, tables, 32);
    VectorMask<Byte> odd = FourBitGemvBf16.ODD_BYTES_256;
    FloatVector c0 = FloatVector.zero(F8), c1 = c0;
    for (int kk = 0; kk < k; kk += 64) {
      long f = f0 + kk;
      ByteVector pk = ByteVector.fromMemorySegment(B32, packed, f >>> 1, LE);
      ByteVector hi = pk.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
      ByteVector lh = hi.selectFrom(tl), hh = hi.selectFrom(th);
      IntVector weH = lh.blend(hh.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
      IntVector woH = lh.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hh, odd).reinterpretAsInts();
      FloatVector a0 = weH.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
      FloatVector a1 = woH.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 16));
      a0 = weH.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
      a1 = woH.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a1);
      ByteVector ll = pk.selectFrom(tl), hl = pk.selectFrom(th);
      IntVector weL = ll.blend(hl.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
      IntVector woL = ll.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hl, odd).reinterpretAsInts();
      a0 = weL.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 8), a0);
      a1 = woL.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
      a0 = weL.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a0);
      a1 = woL.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
      FloatVector s = FloatVector.broadcast(F8, sc[(int) (f >>> 6)]);
      c0 = a0.fma(s, c0);
      c1 = a1.fma(s, c1);
    }
    return c0.add(c1).reduceLanes(ADD);
  }
  // V1: word assembly by and/or in int lanes (no byte blends), hi from an int load
  static float v1(float[] xp, int k, MemorySegment packed, long f0, float[] sc, byte[] tables) {
    ByteVector tl = ByteVector.fromArray(B32, tables, 0), th = ByteVector.fromArray(B32, tables, 32);
    FloatVector c0 = FloatVector.zero(F8), c1 = c0;
    for (int kk = 0; kk < k; kk += 64) {
      long f = f0 + kk;
      ByteVector pk = ByteVector.fromMemorySegment(B32, packed, f >>> 1, LE);
      ByteVector hi = IntVector.fromMemorySegment(I8, packed, f >>> 1, LE).lanewise(LSHR, 4).reinterpretAsBytes();
      IntVector lh = hi.selectFrom(tl).reinterpretAsInts(), hh = hi.selectFrom(th).reinterpretAsInts();
      // float bits of weight at byte p: hh_p << 24 | lh_p << 16
      IntVector hm = hh.and(0xff00ff00), lm = lh.and(0x00ff00ff);
      FloatVector a0 = hh.lanewise(LSHL, 24).or(lm.lanewise(LSHL, 16)).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
      FloatVector a1 = hm.lanewise(LSHL, 16).or(lh.lanewise(LSHL, 8).and(0x00ff0000)).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 16));
      a0 = hh.lanewise(LSHL, 8).and(0xff000000).or(lm.and(0x00ff0000)).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
      a1 = hm.and(0xff000000).or(lh.lanewise(LSHR, 8).and(0x00ff0000)).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a1);
      IntVector ll = pk.selectFrom(tl).reinterpretAsInts(), hl = pk.selectFrom(th).reinterpretAsInts();
      IntVector hm2 = hl.and(0xff00ff00), lm2 = ll.and(0x00ff00ff);
      a0 = hl.lanewise(LSHL, 24).or(lm2.lanewise(LSHL, 16)).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 8), a0);
      a1 = hm2.lanewise(LSHL, 16).or(ll.lanewise(LSHL, 8).and(0x00ff0000)).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
      a0 = hl.lanewise(LSHL, 8).and(0xff000000).or(lm2.and(0x00ff0000)).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a0);
      a1 = hm2.and(0xff000000).or(ll.lanewise(LSHR, 8).and(0x00ff0000)).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
      FloatVector s = FloatVector.broadcast(F8, sc[(int) (f >>> 6)]);
      c0 = a0.fma(s, c0);
      c1 = a1.fma(s, c1);
    }
    return c0.add(c1).reduceLanes(ADD);
  }
  // V2: as V0 with 4 sums (a0..a3 independent chains)
  static float v2(float[] xp, int k, MemorySegment packed, long f0, float[] sc, byte[] tables) {
    ByteVector tl = ByteVector.fromArray(B32, tables, 0), th = ByteVector.fromArray(B32, tables, 32);
    VectorMask<Byte> odd = FourBitGemvBf16.ODD_BYTES_256;
    FloatVector c0 = FloatVector.zero(F8), c1 = c0, c2 = c0, c3 = c0;
    for (int kk = 0; kk < k; kk += 64) {
      long f = f0 + kk;
      ByteVector pk = ByteVector.fromMemorySegment(B32, packed, f >>> 1, LE);
      ByteVector hi = pk.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
      ByteVector lh = hi.selectFrom(tl), hh = hi.selectFrom(th);
      IntVector weH = lh.blend(hh.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
      IntVector woH = lh.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hh, odd).reinterpretAsInts();
      FloatVector a0 = weH.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
      FloatVector a1 = woH.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 16));
      FloatVector a2 = weH.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 32));
      FloatVector a3 = woH.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 48));
      ByteVector ll = pk.selectFrom(tl), hl = pk.selectFrom(th);
      IntVector weL = ll.blend(hl.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
      IntVector woL = ll.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hl, odd).reinterpretAsInts();
      a0 = weL.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 8), a0);
      a1 = woL.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
      a2 = weL.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a2);
      a3 = woL.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a3);
      FloatVector s = FloatVector.broadcast(F8, sc[(int) (f >>> 6)]);
      c0 = a0.fma(s, c0);
      c1 = a1.fma(s, c1);
      c2 = a2.fma(s, c2);
      c3 = a3.fma(s, c3);
    }
    return c0.add(c1).add(c2.add(c3)).reduceLanes(ADD);
  }
  static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
  static final VectorSpecies<Integer> I4 = IntVector.SPECIES_128;
  static final VectorSpecies<Short> S16 = ShortVector.SPECIES_256;
  // V3: 128-bit lookups (one vpshufb each), words by zero-extension to 256 bits; xp3 order: xp3[64c + 8(4h+s) + i] = x[64c + 32h + 4i + s]
  static float v3(float[] xp, int k, MemorySegment packed, long f0, float[] sc, byte[] tables) {
    ByteVector tl = ByteVector.fromArray(B16, tables, 0), th = ByteVector.fromArray(B16, tables, 32);
    FloatVector c0 = FloatVector.zero(F8), c1 = c0;
    for (int kk = 0; kk < k; kk += 64) {
      long f = f0 + kk;
      ByteVector p0 = ByteVector.fromMemorySegment(B16, packed, f >>> 1, LE);
      ByteVector q0 = IntVector.fromMemorySegment(I4, packed, f >>> 1, LE).lanewise(LSHR, 4).reinterpretAsBytes();
      IntVector wh = ((ShortVector) q0.selectFrom(tl).convertShape(ZERO_EXTEND_B2S, S16, 0))
          .or(((ShortVector) q0.selectFrom(th).convertShape(ZERO_EXTEND_B2S, S16, 0)).lanewise(LSHL, 8)).reinterpretAsInts();
      IntVector wl = ((ShortVector) p0.selectFrom(tl).convertShape(ZERO_EXTEND_B2S, S16, 0))
          .or(((ShortVector) p0.selectFrom(th).convertShape(ZERO_EXTEND_B2S, S16, 0)).lanewise(LSHL, 8)).reinterpretAsInts();
      FloatVector a0 = wh.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
      FloatVector a1 = wl.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
      a0 = wh.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
      a1 = wl.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
      ByteVector p1 = ByteVector.fromMemorySegment(B16, packed, (f >>> 1) + 16, LE);
      ByteVector q1 = IntVector.fromMemorySegment(I4, packed, (f >>> 1) + 16, LE).lanewise(LSHR, 4).reinterpretAsBytes();
      wh = ((ShortVector) q1.selectFrom(tl).convertShape(ZERO_EXTEND_B2S, S16, 0))
          .or(((ShortVector) q1.selectFrom(th).convertShape(ZERO_EXTEND_B2S, S16, 0)).lanewise(LSHL, 8)).reinterpretAsInts();
      wl = ((ShortVector) p1.selectFrom(tl).convertShape(ZERO_EXTEND_B2S, S16, 0))
          .or(((ShortVector) p1.selectFrom(th).convertShape(ZERO_EXTEND_B2S, S16, 0)).lanewise(LSHL, 8)).reinterpretAsInts();
      a0 = wh.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
      a1 = wl.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
      a0 = wh.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
      a1 = wl.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
      FloatVector s = FloatVector.broadcast(F8, sc[(int) (f >>> 6)]);
      c0 = a0.fma(s, c0);
      c1 = a1.fma(s, c1);
    }
    return c0.add(c1).reduceLanes(ADD);
  }
  // V4: v3 with four product chains summed in a tree
  static float v4(float[] xp, int k, MemorySegment packed, long f0, float[] sc, byte[] tables) {
    ByteVector tl = ByteVector.fromArray(B16, tables, 0), th = ByteVector.fromArray(B16, tables, 32);
    FloatVector c0 = FloatVector.zero(F8), c1 = c0;
    for (int kk = 0; kk < k; kk += 64) {
      long f = f0 + kk;
      ByteVector p0 = ByteVector.fromMemorySegment(B16, packed, f >>> 1, LE);
      ByteVector q0 = IntVector.fromMemorySegment(I4, packed, f >>> 1, LE).lanewise(LSHR, 4).reinterpretAsBytes();
      IntVector wh = ((ShortVector) q0.selectFrom(tl).convertShape(ZERO_EXTEND_B2S, S16, 0))
          .or(((ShortVector) q0.selectFrom(th).convertShape(ZERO_EXTEND_B2S, S16, 0)).lanewise(LSHL, 8)).reinterpretAsInts();
      IntVector wl = ((ShortVector) p0.selectFrom(tl).convertShape(ZERO_EXTEND_B2S, S16, 0))
          .or(((ShortVector) p0.selectFrom(th).convertShape(ZERO_EXTEND_B2S, S16, 0)).lanewise(LSHL, 8)).reinterpretAsInts();
      FloatVector a0 = wh.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
      FloatVector a1 = wl.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
      FloatVector a2 = wh.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 16));
      FloatVector a3 = wl.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 24));
      ByteVector p1 = ByteVector.fromMemorySegment(B16, packed, (f >>> 1) + 16, LE);
      ByteVector q1 = IntVector.fromMemorySegment(I4, packed, (f >>> 1) + 16, LE).lanewise(LSHR, 4).reinterpretAsBytes();
      wh = ((ShortVector) q1.selectFrom(tl).convertShape(ZERO_EXTEND_B2S, S16, 0))
          .or(((ShortVector) q1.selectFrom(th).convertShape(ZERO_EXTEND_B2S, S16, 0)).lanewise(LSHL, 8)).reinterpretAsInts();
      wl = ((ShortVector) p1.selectFrom(tl).convertShape(ZERO_EXTEND_B2S, S16, 0))
          .or(((ShortVector) p1.selectFrom(th).convertShape(ZERO_EXTEND_B2S, S16, 0)).lanewise(LSHL, 8)).reinterpretAsInts();
      a0 = wh.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
      a1 = wl.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
      a2 = wh.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a2);
      a3 = wl.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a3);
      FloatVector s = FloatVector.broadcast(F8, sc[(int) (f >>> 6)]);
      c0 = a0.add(a1).fma(s, c0);
      c1 = a2.add(a3).fma(s, c1);
    }
    return c0.add(c1).reduceLanes(ADD);
  }
  static int sink;
  static final int D = Integer.getInteger("ahead", 4);
  static float v0t(float[] xp, int k, MemorySegment packed, long f0, float[] sc, byte[] tables, int rows) {
    long ahead = (f0 >>> 1) + (long) D * (k >>> 1);
    if (ahead + (k >>> 1) <= packed.byteSize()) {
      int t = 0;
      for (int q = 0; q < (k >>> 1); q += 64) t += packed.get(ValueLayout.JAVA_BYTE, ahead + q);
      sink += t;
    }
    return v0(xp, k, packed, f0, sc, tables);
  }
  public static void main(String[] x) {
    int k = 4096, rows = Integer.getInteger("rows", 64);
    java.util.Random r = new java.util.Random(1);
    MemorySegment packed = Arena.global().allocate((long) rows * k / 2 * Integer.getInteger("copies", 1), 64);
    for (long i = 0; i < packed.byteSize(); i++) packed.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
    float[] x0 = new float[k]; for (int i = 0; i < k; i++) x0[i] = (float) r.nextGaussian();
    float[] xp = FourBitGemvBf16.permute(x0, k, 8), xp3 = new float[k];
    for (int c = 0; c < k; c += 64) for (int h = 0; h < 2; h++) for (int q = 0; q < 4; q++) for (int i = 0; i < 8; i++) xp3[c + 8 * (4 * h + q) + i] = x0[c + 32 * h + 4 * i + q];
    float[] sc = new float[rows * k / 64 * Integer.getInteger("copies", 1)]; for (int i = 0; i < sc.length; i++) sc[i] = 0.01f + r.nextFloat();
    byte[] tables = FourBitGemvBf16Bytes.tables(io.bnb.api.Codebooks.nf4());
    String only = System.getProperty("v", "012345");
    double[] bestC = new double[6];
    java.util.Arrays.fill(bestC, 1e9);
    float[] chk = new float[6];
    for (int rep = 0; rep < Integer.getInteger("reps", 400); rep++) {
      for (int v = 0; v < 6; v++) {
        if (only.indexOf('0' + v) < 0) continue;
        long t0 = System.nanoTime();
        float acc = 0;
        int copies = Integer.getInteger("copies", 1);
        long base = (long) (rep % copies) * rows * k;
        for (int row = 0; row < rows; row++) {
          long f0 = base + (long) row * k;
          float[] s = sc; 
          acc += switch (v) {
            case 0 -> v0(xp, k, packed, f0, s, tables);
            case 1 -> v1(xp, k, packed, f0, s, tables);
            case 2 -> v2(xp, k, packed, f0, s, tables);
            case 3 -> v3(xp3, k, packed, f0, s, tables);
            case 4 -> v4(xp3, k, packed, f0, s, tables);
            default -> v0t(xp, k, packed, f0, s, tables, rows);
          };
        }
        long t = System.nanoTime() - t0;
        chk[v] = acc;
        bestC[v] = Math.min(bestC[v], t * 3.5 / ((double) rows * k));
      }
    }
    StringBuilder sb = new StringBuilder("cycles/weight @3.5GHz:");
    for (int v = 0; v < 6; v++) if (only.indexOf('0' + v) >= 0) sb.append(String.format(" v%d %.3f (sum %g)", v, bestC[v], chk[v]));
    System.out.println(sb);
  }
}
