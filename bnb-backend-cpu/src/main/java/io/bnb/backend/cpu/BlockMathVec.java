package io.bnb.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import static io.bnb.backend.cpu.FloatLanesVec.F;
import static io.bnb.backend.cpu.FloatLanesVec.L;

/** Vector block reductions of the 8-bit optimizer (same results as the scalar loops in {@link Optim8}). */
final class BlockMathVec {
    private BlockMathVec() {}

    /** max |x[i]| (NaN if any is NaN, as Math.max). */
    static float absmax(float[] x, int len) {
        int lv = len - len % L;
        FloatVector mx = FloatVector.zero(F);
        for (int i = 0; i < lv; i += L) mx = mx.max(FloatVector.fromArray(F, x, i).abs());
        float m = mx.reduceLanes(VectorOperators.MAX);
        for (int i = lv; i < len; i++) m = Math.max(m, Math.abs(x[i]));
        return m;
    }

    /** out[i] = x[i] / d. */
    static void divide(float[] x, float d, float[] out, int len) {
        int lv = len - len % L;
        for (int i = 0; i < lv; i += L) FloatVector.fromArray(F, x, i).div(d).intoArray(out, i);
        for (int i = lv; i < len; i++) out[i] = x[i] / d;
    }
}
