package io.bnb.backend.cpu;
import jdk.incubator.vector.*;
import static io.bnb.backend.cpu.Vec.F;
import static io.bnb.backend.cpu.Vec.LANES;
public class QD {
    static void quotients(float[] x, int off, int lv, float d, long[] bits) {
        for (int i = 0; i < lv; i += LANES) FloatVector.fromArray(F, x, off + i).div(d).reinterpretAsLongs().intoArray(bits, i >> 1);
    }
    static void quotientsF(float[] x, int off, int lv, float d, long[] bits) {
        float r = 1f / d, nd = -d;
        for (int i = 0; i < lv; i += LANES) {
            FloatVector v = FloatVector.fromArray(F, x, off + i);
            FloatVector q = v.mul(r);
            FloatVector rem = q.lanewise(VectorOperators.FMA, FloatVector.broadcast(F, nd), v);
            rem.lanewise(VectorOperators.FMA, FloatVector.broadcast(F, r), q).reinterpretAsLongs().intoArray(bits, i >> 1);
        }
    }
    public static void main(String[] a) {
        int P = 512, R = 1 << 16;
        float[] x = new float[P]; java.util.Random rnd = new java.util.Random(1);
        long[] b1 = new long[P / 2], b2 = new long[P / 2];
        // exhaustive-ish check on random data and divisors
        long bad = 0, tot = 0;
        for (int t = 0; t < 20000; t++) {
            float d = (float) Math.abs(rnd.nextGaussian() * Math.pow(10, rnd.nextInt(20) - 10));
            for (int i = 0; i < P; i++) { x[i] = (float) (rnd.nextGaussian()) * d / 3; if (Math.abs(x[i]) > d) x[i] = Math.copySign(d, x[i]); }
            x[0] = d; x[1] = -d; x[2] = Math.nextDown(d); x[3] = 0f; x[4] = -0f; x[5] = Float.MIN_VALUE; x[6] = d * 1e-30f;
            quotients(x, 0, P, d, b1); quotientsF(x, 0, P, d, b2);
            for (int i = 0; i < P / 2; i++) { tot++; if (b1[i] != b2[i]) bad++; }
        }
        System.out.println("mismatching pairs " + bad + " of " + tot);
        for (int i = 0; i < P; i++) x[i] = (float) rnd.nextGaussian();
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < R; k++) quotients(x, 0, P, 3.3f, b1);
            long t1 = System.nanoTime();
            for (int k = 0; k < R; k++) quotientsF(x, 0, P, 3.3f, b2);
            long t2 = System.nanoTime();
            System.out.printf("div %.3f  fma %.3f cyc/value%n", (t1 - t0) * 3.67 / R / P, (t2 - t1) * 3.67 / R / P);
        }
    }
}
