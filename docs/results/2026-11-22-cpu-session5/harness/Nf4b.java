package io.bnb.backend.cpu;

import jdk.incubator.vector.*;
import java.util.*;

/** nf4 code search variants over a float buffer (L1/L2 resident), ns per element */
public final class Nf4b {
    static final VectorSpecies<Float> F4 = FloatVector.SPECIES_128;
    static final VectorSpecies<Integer> I4S = IntVector.SPECIES_128;
    static final float[] NT = FourBitCodes.NF4_THRESHOLDS;
    static FloatVector b4(float v) { return FloatVector.broadcast(F4, v); }
    static final FloatVector N3 = b4(NT[3]), N7 = b4(NT[7]), N11 = b4(NT[11]);
    static final FloatVector T3 = FloatVector.fromArray(F4, new float[] {NT[1], NT[5], NT[9], NT[13]}, 0);
    static final FloatVector T4L = FloatVector.fromArray(F4, new float[] {NT[0], NT[2], NT[4], NT[6]}, 0);
    static final FloatVector T4H = FloatVector.fromArray(F4, new float[] {NT[8], NT[10], NT[12], NT[14]}, 0);
    static final IntVector Z = IntVector.zero(I4S), ONE = IntVector.broadcast(I4S, 1), TWO = IntVector.broadcast(I4S, 2);

    /** 128-bit: q = 2-bit index of the quarter (m8, m4), thresholds by in-lane permutes */
    static IntVector nf4q(FloatVector v) {
        VectorMask<Float> m8 = v.compare(VectorOperators.GT, N7);
        VectorMask<Float> m4 = v.compare(VectorOperators.GT, N3.blend(N11, m8));
        IntVector q = Z.blend(TWO, m8.cast(I4S)).or(Z.blend(ONE, m4.cast(I4S))); // quarter 0..3
        VectorMask<Float> m2 = v.compare(VectorOperators.GT, T3.rearrange(q.toShuffle().cast(F4)));
        IntVector e = q.lanewise(VectorOperators.LSHL, 1).or(Z.blend(ONE, m2.cast(I4S))); // half-code 0..7
        IntVector e3 = e.and(3);
        VectorShuffle<Float> sh = e3.toShuffle().cast(F4);
        FloatVector t4 = T4L.rearrange(sh).blend(T4H.rearrange(sh), m8);
        VectorMask<Float> m1 = v.compare(VectorOperators.GT, t4);
        return e.lanewise(VectorOperators.LSHL, 1).or(Z.blend(ONE, m1.cast(I4S)));
    }

    static final FloatVector[] TS = new FloatVector[15];
    static { for (int i = 0; i < 15; i++) TS[i] = FloatVector.broadcast(Vec.F, NT[i]); }
    static final FloatVector A0 = FloatVector.broadcast(Vec.F, NT[0]), A1 = FloatVector.broadcast(Vec.F, NT[1]), A2 = FloatVector.broadcast(Vec.F, NT[2]),
        A3 = FloatVector.broadcast(Vec.F, NT[3]), A4 = FloatVector.broadcast(Vec.F, NT[4]), A5 = FloatVector.broadcast(Vec.F, NT[5]), A6 = FloatVector.broadcast(Vec.F, NT[6]),
        A7 = FloatVector.broadcast(Vec.F, NT[7]), A8 = FloatVector.broadcast(Vec.F, NT[8]), A9 = FloatVector.broadcast(Vec.F, NT[9]), A10 = FloatVector.broadcast(Vec.F, NT[10]),
        A11 = FloatVector.broadcast(Vec.F, NT[11]), A12 = FloatVector.broadcast(Vec.F, NT[12]), A13 = FloatVector.broadcast(Vec.F, NT[13]), A14 = FloatVector.broadcast(Vec.F, NT[14]);
    static IntVector gt(FloatVector v, FloatVector t) { return (IntVector) v.compare(VectorOperators.GT, t).cast(Vec.I).toVector(); }
    static IntVector nf4c(FloatVector v) {
        IntVector a = gt(v, A0).add(gt(v, A1)).add(gt(v, A2)).add(gt(v, A3));
        IntVector b = gt(v, A4).add(gt(v, A5)).add(gt(v, A6)).add(gt(v, A7));
        IntVector c = gt(v, A8).add(gt(v, A9)).add(gt(v, A10)).add(gt(v, A11));
        IntVector d = gt(v, A12).add(gt(v, A13)).add(gt(v, A14));
        return a.add(b).add(c.add(d)).neg();
    }
    public static void main(String[] a) {
        int n = 1 << 14;
        float[] buf = new float[n];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < n; i++) buf[i] = (float) r.nextDouble(-1.1, 1.1);
        byte[] c1 = new byte[n], c2 = new byte[n + 8];
        String v = System.getProperty("v", "cur");
        // check
        for (int j = 0; j < n; j += 8) FourBitVec.nf4(FloatVector.fromArray(Vec.F, buf, j)).convertShape(VectorOperators.I2B, Vec.B, 0).reinterpretAsBytes().intoArray(c1, j);
        for (int j = 0; j < n; j += 4) { IntVector c = nf4q(FloatVector.fromArray(F4, buf, j)); for (int k = 0; k < 4; k++) c2[j + k] = (byte) c.lane(k); }
        if (!Arrays.equals(c1, Arrays.copyOf(c2, n))) System.out.println("MISMATCH");
        for (int j = 0; j < n; j += 8) nf4c(FloatVector.fromArray(Vec.F, buf, j)).convertShape(VectorOperators.I2B, Vec.B, 0).reinterpretAsBytes().intoArray(c2, j);
        if (!Arrays.equals(c1, Arrays.copyOf(c2, n))) System.out.println("MISMATCH c");
        double best = 1e9;
        for (int rep = 0; rep < 3000; rep++) {
            long t0 = System.nanoTime();
            if (v.equals("cur")) for (int j = 0; j < n; j += 8) FourBitVec.nf4(FloatVector.fromArray(Vec.F, buf, j).mul(1.0001f)).convertShape(VectorOperators.I2B, Vec.B, 0).reinterpretAsBytes().intoArray(c1, j);
            else if (v.equals("c")) for (int j = 0; j < n; j += 8) nf4c(FloatVector.fromArray(Vec.F, buf, j).mul(1.0001f)).convertShape(VectorOperators.I2B, Vec.B, 0).reinterpretAsBytes().intoArray(c2, j);
            else for (int j = 0; j < n; j += 4) nf4q(FloatVector.fromArray(F4, buf, j).mul(1.0001f)).convertShape(VectorOperators.I2B, ByteVector.SPECIES_64, 0).reinterpretAsBytes().intoArray(c2, j);
            best = Math.min(best, (System.nanoTime() - t0) / (double) n);
        }
        System.out.printf("%s best %.3f ns/elem%n", v, best);
    }
}
