package io.bnb.backend.cpu;
import io.bnb.api.*;
import java.lang.foreign.*;
public class AB3 {
    static final int BS = 256;
    public static void main(String[] args) throws Exception {
        int n = 4 << 20;
        Arena ar = Arena.ofShared();
        MemorySegment p = ar.allocate(4L * n, 64), g = ar.allocate(4L * n, 64), s1 = ar.allocate(n, 64), s2 = ar.allocate(n, 64);
        MemorySegment a1 = ar.allocate(4L * n / BS, 64), a2 = ar.allocate(4L * n / BS, 64);
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < n; i++) { p.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) r.nextGaussian()); g.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) r.nextGaussian() * 0.01f);
            s1.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt()); s2.set(ValueLayout.JAVA_BYTE, i, (byte) (r.nextInt(100) + 128)); }
        for (int b = 0; b < n / BS; b++) { a1.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, b, 0.01f); a2.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, b, 1e-4f); }
        float[] q1 = Codebooks.dynamicSigned(), q2 = Codebooks.dynamicUnsigned();
        StateCodes c1 = StateCodes.of(q1, true), c2 = StateCodes.of(q2, false);
        byte[] pl1 = VbmiTables.planesOfFloats(q1), pl2 = VbmiTables.planesOfFloats(q2);
        StepConsts k = StepConsts.of(Hyper.adam(1e-3f).withStep(3), 1f);
        float[] wp = new float[BS], wg = new float[BS], wm = new float[BS], wv = new float[BS];
        CodeTableVec.Scratch sc = new CodeTableVec.Scratch();
        int[] t1 = (int[]) grab(c1), t2 = (int[]) grab(c2);
        String[] names = {"full", "-requant", "full-smallio", "-requant-smallio"};
        for (int rep = 0; rep < 6; rep++) {
            StringBuilder sb = new StringBuilder();
            for (int mode = 0; mode < names.length; mode++) {
                long t0 = System.nanoTime();
                for (long off = 0; off < n; off += BS) {
                    long b = off / BS;
                    boolean pio = true, deq = true, rule = true, req = mode != 1 && mode != 3; long io = mode >= 2 ? off % 4096 : off;
                    if (pio) { FloatLanes.read(p, DType.F32, io, wp, 0, BS); FloatLanes.read(g, DType.F32, io, wg, 0, BS); }
                    if (deq) { VbmiTables.lookupScaled(s1, off, pl1, a1.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, b), wm, 0, BS);
                               VbmiTables.lookupScaled(s2, off, pl2, a2.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, b), wv, 0, BS); }
                    if (rule) OptimRulesVec.adam(wp, wg, wm, wv, BS, k, true);
                    if (req) {
                        float m1 = BlockMathVec.absmax(wm, BS), m2 = BlockMathVec.absmax(wv, BS);
                        { CodeTableVec.codesOfQuotients(t1, wm, BS, m1, sc, s1, off); CodeTableVec.codesOfQuotients(t2, wv, BS, m2, sc, s2, off); }
                        a1.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, b, Math.max(m1, 1e-6f)); a2.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, b, Math.max(m2, 1e-6f));
                    }
                    if (pio) FloatLanes.write(p, DType.F32, io, wp, 0, BS);
                }
                long t1_ = System.nanoTime();
                sb.append(String.format("%s %.2f | ", names[mode], (t1_ - t0) * 3.67 / n));
            }
            System.out.println(sb);
        }
    }
    static Object grab(StateCodes c) throws Exception {
        var m = StateCodes.class.getDeclaredMethod("table"); m.setAccessible(true); return m.invoke(c);
    }
}
