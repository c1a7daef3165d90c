package io.bnb.backend.cpu;

import jdk.incubator.vector.FloatVector;

import static io.bnb.backend.cpu.FloatLanesVec.F;
import static io.bnb.backend.cpu.FloatLanesVec.L;

/**
 * The register tile of the matmuls that widen both operands to float rows first (int8, and the
 * 4-bit one for several activation rows): four rows of A against two rows of B, eight lane sums
 * kept in registers. Six vector loads feed eight FMAs; a dot product per row pair takes two
 * loads per FMA, and loads are what bound it.
 */
final class FloatTiles {
    private FloatTiles() {}

    /**
     * Rows {@code ao + r·as} (r < 4) of {@code a} against rows {@code bo} and {@code bo + bs} of
     * {@code b}, over {@code len} floats (a whole number of vectors), added to the eight lane sums
     * at {@code acc[co + r·accRow + c·L]} (c < 2).
     */
    static void tile42(float[] a, int ao, int as, float[] b, int bo, int bs, int len, float[] acc, int co, int accRow) {
        int r1 = co + accRow, r2 = r1 + accRow, r3 = r2 + accRow;
        FloatVector c00 = FloatVector.fromArray(F, acc, co), c01 = FloatVector.fromArray(F, acc, co + L);
        FloatVector c10 = FloatVector.fromArray(F, acc, r1), c11 = FloatVector.fromArray(F, acc, r1 + L);
        FloatVector c20 = FloatVector.fromArray(F, acc, r2), c21 = FloatVector.fromArray(F, acc, r2 + L);
        FloatVector c30 = FloatVector.fromArray(F, acc, r3), c31 = FloatVector.fromArray(F, acc, r3 + L);
        int a1 = ao + as, a2 = a1 + as, a3 = a2 + as, b1 = bo + bs;
        for (int x = 0; x < len; x += L) {
            FloatVector v0 = FloatVector.fromArray(F, b, bo + x), v1 = FloatVector.fromArray(F, b, b1 + x);
            FloatVector av = FloatVector.fromArray(F, a, ao + x);
            c00 = av.fma(v0, c00);
            c01 = av.fma(v1, c01);
            av = FloatVector.fromArray(F, a, a1 + x);
            c10 = av.fma(v0, c10);
            c11 = av.fma(v1, c11);
            av = FloatVector.fromArray(F, a, a2 + x);
            c20 = av.fma(v0, c20);
            c21 = av.fma(v1, c21);
            av = FloatVector.fromArray(F, a, a3 + x);
            c30 = av.fma(v0, c30);
            c31 = av.fma(v1, c31);
        }
        c00.intoArray(acc, co);
        c01.intoArray(acc, co + L);
        c10.intoArray(acc, r1);
        c11.intoArray(acc, r1 + L);
        c20.intoArray(acc, r2);
        c21.intoArray(acc, r2 + L);
        c30.intoArray(acc, r3);
        c31.intoArray(acc, r3 + L);
    }
}
