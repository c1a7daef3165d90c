package io.bnb.backend.cpu;

import io.bnb.api.*;
import jdk.incubator.vector.*;
import java.util.SplittableRandom;

public final class Req {
    public static void main(String[] a) {
        int BS = 256, nb = 64;
        SplittableRandom r = new SplittableRandom(1);
        float[] q1 = Codebooks.dynamicSigned();
        StateCodes c1 = StateCodes.of(q1, true);
        float[][] M = new float[nb][BS];
        float[] am = new float[nb];
        for (int b = 0; b < nb; b++) { for (int i = 0; i < BS; i++) { M[b][i] = q1[100 + r.nextInt(56)] * 0.5f * (1 + 0.01f * (float) r.nextGaussian()); } am[b] = BlockMathVec.absmax(M[b], BS); }
        float[] y = new float[BS]; byte[] codes = new byte[BS]; int[] bits = new int[BS], e = new int[BS];
        CodeTableVec.Scratch w = new CodeTableVec.Scratch();
        int[] table = null;
        try { var f = StateCodes.class.getDeclaredMethod("table"); f.setAccessible(true); table = (int[]) f.invoke(c1); } catch (Exception x) { throw new RuntimeException(x); }
        double[] best = new double[5]; java.util.Arrays.fill(best, 1e9);
        for (int round = 0; round < 15; round++) {
            int reps = 200; double per = (double) reps * nb * BS; long t0, t1; int sink = 0;
            t0 = System.nanoTime();
            for (int rep = 0; rep < reps; rep++) for (int b = 0; b < nb; b++) c1.quantizeBlock(M[b], am[b], BS, y, codes, true, true, w);
            t1 = System.nanoTime(); best[0] = Math.min(best[0], (t1 - t0) / per);
            t0 = System.nanoTime();
            for (int rep = 0; rep < reps; rep++) for (int b = 0; b < nb; b++) divBits(M[b], am[b], bits);
            t1 = System.nanoTime(); best[1] = Math.min(best[1], (t1 - t0) / per);
            t0 = System.nanoTime();
            for (int rep = 0; rep < reps; rep++) for (int b = 0; b < nb; b++) look(table, bits, e);
            t1 = System.nanoTime(); best[2] = Math.min(best[2], (t1 - t0) / per);
            t0 = System.nanoTime();
            for (int rep = 0; rep < reps; rep++) for (int b = 0; b < nb; b++) mulBits(M[b], 1f / am[b], bits);
            t1 = System.nanoTime(); best[3] = Math.min(best[3], (t1 - t0) / per);
            t0 = System.nanoTime();
            for (int rep = 0; rep < reps; rep++) for (int b = 0; b < nb; b++) sel(bits, e, codes);
            t1 = System.nanoTime(); best[4] = Math.min(best[4], (t1 - t0) / per);
        }
        System.out.printf("quantizeBlock %.2f divBits %.2f lookup %.2f mulBits %.2f select %.2f ns/elem (min of rounds)%n", best[0], best[1], best[2], best[3], best[4]);
    }
    static void divBits(float[] x, float d, int[] bits) { for (int i = 0; i < 256; i += 8) FloatVector.fromArray(Vec.F, x, i).div(d).reinterpretAsInts().intoArray(bits, i); }
    static void mulBits(float[] x, float d, int[] bits) { for (int i = 0; i < 256; i += 8) FloatVector.fromArray(Vec.F, x, i).mul(d).reinterpretAsInts().intoArray(bits, i); }
    static void look(int[] table, int[] bits, int[] e) { int mask = table.length - 1; for (int i = 0; i < 256; i++) e[i] = table[(bits[i] >>> 16) & mask]; }
    static void sel(int[] bits, int[] e, byte[] out) {
        for (int i = 0; i < 256; i += 8) {
            IntVector b = IntVector.fromArray(Vec.I, bits, i), en = IntVector.fromArray(Vec.I, e, i);
            IntVector lo = b.lanewise(VectorOperators.XOR, b.lanewise(VectorOperators.ASHR, 31)).and(0xffff);
            VectorMask<Integer> up = lo.compare(VectorOperators.GT, en.lanewise(VectorOperators.LSHR, 16));
            en.blend(en.lanewise(VectorOperators.LSHR, 8), up).convertShape(VectorOperators.I2B, Vec.B, 0).reinterpretAsBytes().intoArray(out, i);
        }
    }
}
