package io.bnb.backend.cpu;

import io.bnb.api.*;
import java.lang.foreign.*;
import java.util.SplittableRandom;

/** Per-pass cost of the 8-bit Adam block loop on cache-resident data (ns per element). */
public final class Parts {
    public static void main(String[] a) throws Exception {
        int BS = 256, nb = 64; // 16K elements: L2-resident
        int n = BS * nb;
        SplittableRandom r = new SplittableRandom(1);
        float[] q1 = Codebooks.dynamicSigned(), q2 = Codebooks.dynamicUnsigned();
        StateCodes c1 = StateCodes.of(q1, true), c2 = StateCodes.of(q2, false);
        MemorySegment s1 = Arena.global().allocate(n), s2 = Arena.global().allocate(n), p = Arena.global().allocate(4L*n), g = Arena.global().allocate(4L*n);
        float[] pf = new float[BS], gf = new float[BS], m = new float[BS], v = new float[BS], y = new float[BS];
        byte[] codes = new byte[BS];
        CodeTableVec.Scratch w = new CodeTableVec.Scratch();
        for (int i = 0; i < n; i++) { s1.set(ValueLayout.JAVA_BYTE, i, (byte) (100 + r.nextInt(56))); s2.set(ValueLayout.JAVA_BYTE, i, (byte) (r.nextInt(40))); p.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) r.nextGaussian()); g.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, 0.01f*(float) r.nextGaussian());}
        StepConsts k = StepConsts.of(Hyper.adam(1e-3f).withStep(5), 1f);
        java.lang.reflect.Method dq = Optim8.class.getDeclaredMethod("dequant", MemorySegment.class, long.class, float[].class, float.class, float[].class, int.class);
        dq.setAccessible(true);
        float[][] M = new float[nb][BS], V = new float[nb][BS];
        for (int b = 0; b < nb; b++) { dequantCopy(s1, (long) b * BS, q1, 0.5f, M[b], BS); dequantCopy(s2, (long) b * BS, q2, 0.01f, V[b], BS); }
        for (int round = 0; round < 10; round++) {
            double[] acc = new double[6];
            int reps = 100;
            long t0 = System.nanoTime();
            for (int rep = 0; rep < reps; rep++) for (int b = 0; b < nb; b++) { long off = (long) b * BS; FloatLanes.read(p, DType.F32, off, pf, 0, BS); FloatLanes.read(g, DType.F32, off, gf, 0, BS); }
            long t1 = System.nanoTime(); acc[0] = t1 - t0; t0 = t1;
            for (int rep = 0; rep < reps; rep++) for (int b = 0; b < nb; b++) { long off = (long) b * BS; dequantCopy(s1, off, q1, 0.5f, m, BS); dequantCopy(s2, off, q2, 0.01f, v, BS); }
            t1 = System.nanoTime(); acc[1] = t1 - t0; t0 = t1;
            for (int rep = 0; rep < reps; rep++) for (int b = 0; b < nb; b++) { System.arraycopy(M[b], 0, m, 0, BS); System.arraycopy(V[b], 0, v, 0, BS); OptimRulesVec.adam(pf, gf, m, v, BS, k, true); }
            t1 = System.nanoTime(); acc[2] = t1 - t0; t0 = t1;
            float s = 0;
            for (int rep = 0; rep < reps; rep++) for (int b = 0; b < nb; b++) { s += BlockMathVec.absmax(M[b], BS) + BlockMathVec.absmax(V[b], BS); }
            t1 = System.nanoTime(); acc[3] = t1 - t0; t0 = t1;
            for (int rep = 0; rep < reps; rep++) for (int b = 0; b < nb; b++) { c1.quantizeBlock(M[b], 0.5f, BS, y, codes, true, true, w); c2.quantizeBlock(V[b], 0.01f, BS, y, codes, true, true, w); }
            t1 = System.nanoTime(); acc[4] = t1 - t0; t0 = t1;
            for (int rep = 0; rep < reps; rep++) for (int b = 0; b < nb; b++) { System.arraycopy(M[b], 0, m, 0, BS); System.arraycopy(V[b], 0, v, 0, BS); OptimRulesVec.adam(pf, gf, m, v, BS, k, false); }
            t1 = System.nanoTime(); acc[5] = t1 - t0; t0 = t1;
            double per = (double) reps * n;
            System.out.printf("read %.2f dequant2 %.2f rule(+2copy) %.2f absmax2 %.2f requant2 %.2f rule32 %.2f ns/param %s%n", acc[0]/per, acc[1]/per, acc[2]/per, acc[3]/per, acc[4]/per, acc[5]/per, s > 0 ? "" : "!");
        }
    }

    static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    static void dequantCopy(MemorySegment s, long off, float[] code, float absmax, float[] out, int len) {
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            long w = s.get(LE64, off + i);
            out[i] = code[(int) w & 0xff] * absmax;
            out[i + 1] = code[(int) (w >>> 8) & 0xff] * absmax;
            out[i + 2] = code[(int) (w >>> 16) & 0xff] * absmax;
            out[i + 3] = code[(int) (w >>> 24) & 0xff] * absmax;
            out[i + 4] = code[(int) (w >>> 32) & 0xff] * absmax;
            out[i + 5] = code[(int) (w >>> 40) & 0xff] * absmax;
            out[i + 6] = code[(int) (w >>> 48) & 0xff] * absmax;
            out[i + 7] = code[(int) (w >>> 56)] * absmax;
        }
        for (; i < len; i++) out[i] = code[s.get(ValueLayout.JAVA_BYTE, off + i) & 0xff] * absmax;
    }
}
