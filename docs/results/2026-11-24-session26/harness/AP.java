package io.bnb.backend.cpu;
import io.bnb.api.*;
import java.lang.foreign.*;
import java.util.*;
/** Phase timing of the 8-bit Adam block loop, one thread. */
public class AP {
  public static void main(String[] a) throws Exception {
    int n = 1 << 22, BS = 256; long blocks = n / BS;
    boolean seg = Boolean.parseBoolean(System.getProperty("seg","true"));
    Arena ar = Arena.global();
    MemorySegment p = ar.allocate(4L*n, 64), g = ar.allocate(4L*n, 64), s1 = ar.allocate(n, 64), s2 = ar.allocate(n, 64), a1 = ar.allocate(4*blocks,64), a2 = ar.allocate(4*blocks,64);
    Random r = new Random(1);
    for (int i = 0; i < n; i++) { p.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) r.nextGaussian()); g.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) r.nextGaussian()*0.01f); s1.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt()); s2.set(ValueLayout.JAVA_BYTE, i, (byte) (r.nextInt(100)+150)); }
    for (int b = 0; b < blocks; b++) { a1.setAtIndex(ValueLayout.JAVA_FLOAT, b, 0.01f); a2.setAtIndex(ValueLayout.JAVA_FLOAT, b, 1e-4f); }
    float[] q1 = Codebooks.dynamicSigned(), q2 = Codebooks.dynamicUnsigned();
    StateCodes c1 = StateCodes.of(q1, true), c2 = StateCodes.of(q2, false);
    byte[] pl1 = VbmiTables.planesOfFloats(q1), pl2 = VbmiTables.planesOfFloats(q2);
    Hyper h = Hyper.adam(1e-3f);
    StepConsts k = StepConsts.of(h.withStep(10), 1f);
    float[] P = new float[BS], G = new float[BS], M = new float[BS], V = new float[BS];
    CodeTableVec.Scratch w = new CodeTableVec.Scratch(); SegmentCodes.Scratch ws = seg ? new SegmentCodes.Scratch() : null;
    long[] t = new long[8];
    for (int rep = 0; rep < 30; rep++) {
      Arrays.fill(t, 0);
      long T0 = System.nanoTime();
      for (long off = 0; off < n; off += BS) {
        long b = off / BS, t0 = 0;
        FloatLanes.read(p, DType.F32, off, P, 0, BS); FloatLanes.read(g, DType.F32, off, G, 0, BS);
        long t1 = 0;
        VbmiTables.lookupScaled(s1, off, pl1, a1.getAtIndex(ValueLayout.JAVA_FLOAT, b), M, 0, BS);
        VbmiTables.lookupScaled(s2, off, pl2, a2.getAtIndex(ValueLayout.JAVA_FLOAT, b), V, 0, BS);
        long t2 = 0;
        OptimRulesVec.adam(P, G, M, V, BS, k, true);
        long t3 = 0;
        float m1 = BlockMathVec.absmax(M, BS), m2 = BlockMathVec.absmax(V, BS);
        long t4 = 0;
        c1.quantizeBlockInto(M, m1, BS, w, ws, s1, off); a1.setAtIndex(ValueLayout.JAVA_FLOAT, b, m1);
        long t5 = 0;
        c2.quantizeBlockInto(V, m2, BS, w, ws, s2, off); a2.setAtIndex(ValueLayout.JAVA_FLOAT, b, m2);
        long t6 = 0;
        FloatLanes.write(p, DType.F32, off, P, 0, BS);
        long t7 = 0;
        t[0]+=t1-t0; t[1]+=t2-t1; t[2]+=t3-t2; t[3]+=t4-t3; t[4]+=t5-t4; t[5]+=t6-t5; t[6]+=t7-t6;
      }
      long T = System.nanoTime() - T0;
      double c = 3.67 / n; // cycles per param
      if (rep >= 20) System.out.printf("total %.2f | read %.2f deq %.2f rule %.2f absmax %.2f req1 %.2f req2 %.2f write %.2f c/param%n", T*c, t[0]*c, t[1]*c, t[2]*c, t[3]*c, t[4]*c, t[5]*c, t[6]*c);
    }
  }
}
