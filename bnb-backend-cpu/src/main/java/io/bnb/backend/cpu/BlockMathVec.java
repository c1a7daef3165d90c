package io.bnb.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;
import jdk.incubator.vector.VectorOperators;

import static io.bnb.backend.cpu.FloatLanesVec.F;
import static io.bnb.backend.cpu.FloatLanesVec.I;
import static io.bnb.backend.cpu.FloatLanesVec.L;

/** Vector block reductions of the 8-bit optimizer and the widening absmax (same results as the scalar loops in {@link Optim8}). */
final class BlockMathVec {
    private BlockMathVec() {}

    /**
     * max |x[i]| (NaN if any is NaN, as Math.max). The magnitudes are compared as int bits,
     * whose order is the float order for non-negative floats: one integer max per vector, where
     * the float max with its NaN rule compiles to five instructions on AVX2. A NaN has the
     * largest bits; then the float form decides which NaN, as before.
     */
    static float absmax(float[] x, int len) {
        return absmax(x, 0, len);
    }

    /** As {@link #absmax(float[], int)} over {@code x[off..off + len)}. */
    static float absmax(float[] x, int off, int len) {
        int lv = len - len % L;
        IntVector mb = IntVector.zero(I);
        for (int i = 0; i < lv; i += L) mb = mb.max(FloatVector.fromArray(F, x, off + i).reinterpretAsInts().and(0x7fffffff));
        int b = mb.reduceLanes(VectorOperators.MAX);
        if (b > 0x7f800000) return absmaxFloats(x, off, len);
        float m = Float.intBitsToFloat(b);
        for (int i = lv; i < len; i++) m = Math.max(m, Math.abs(x[off + i]));
        return m;
    }

    private static float absmaxFloats(float[] x, int off, int len) {
        int lv = len - len % L;
        FloatVector mx = FloatVector.zero(F);
        for (int i = 0; i < lv; i += L) mx = mx.max(FloatVector.fromArray(F, x, off + i).abs());
        float m = mx.reduceLanes(VectorOperators.MAX);
        for (int i = lv; i < len; i++) m = Math.max(m, Math.abs(x[off + i]));
        return m;
    }

    /** out[i] = x[i] / d. */
    static void divide(float[] x, float d, float[] out, int len) {
        int lv = len - len % L;
        for (int i = 0; i < lv; i += L) FloatVector.fromArray(F, x, i).div(d).intoArray(out, i);
        for (int i = lv; i < len; i++) out[i] = x[i] / d;
    }

    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    private static final VectorSpecies<Double> D4 = DoubleVector.SPECIES_256;

    /**
     * {@code Σ x[i]²} over {@code x[0..len)} in double: each square is exact in double, and eight
     * lanes each keep a sum. Percentile clipping's serial double sum waited four cycles for each
     * add (16 Mi: 7.1 ms); the order differs from it, by rounding in double only.
     */
    static double sumSquares(float[] x, int len) {
        int lv = len & -8;
        DoubleVector s0 = DoubleVector.zero(D4), s1 = s0;
        for (int i = 0; i < lv; i += 8) {
            FloatVector v = FloatVector.fromArray(F8, x, i);
            DoubleVector d0 = (DoubleVector) v.convertShape(VectorOperators.F2D, D4, 0), d1 = (DoubleVector) v.convertShape(VectorOperators.F2D, D4, 1);
            s0 = d0.fma(d0, s0);
            s1 = d1.fma(d1, s1);
        }
        double sum = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (int i = lv; i < len; i++) sum += (double) x[i] * x[i];
        return sum;
    }
}
