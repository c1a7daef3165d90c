import jdk.incubator.vector.*;
public class FmB {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    static float fma(float[] m, int iters) {
        FloatVector c0 = FloatVector.fromArray(F, m, 0), c1 = c0.add(1), c2 = c0.add(2), c3 = c0.add(3), c4 = c0.add(4), c5 = c0.add(5), c6 = c0.add(6), c7 = c0.add(7), c8 = c0.add(8), c9 = c0.add(9);
        FloatVector a = FloatVector.fromArray(F, m, 8), b = FloatVector.fromArray(F, m, 16);
        for (int i = 0; i < iters; i++) { c0 = c0.fma(a, b); c1 = c1.fma(a, b); c2 = c2.fma(a, b); c3 = c3.fma(a, b); c4 = c4.fma(a, b); c5 = c5.fma(a, b); c6 = c6.fma(a, b); c7 = c7.fma(a, b); c8 = c8.fma(a, b); c9 = c9.fma(a, b); }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).reduceLanes(VectorOperators.ADD);
    }
    static float add(float[] m, int iters) {
        FloatVector c0 = FloatVector.fromArray(F, m, 0), c1 = c0.add(1), c2 = c0.add(2), c3 = c0.add(3), c4 = c0.add(4), c5 = c0.add(5), c6 = c0.add(6), c7 = c0.add(7), c8 = c0.add(8), c9 = c0.add(9);
        FloatVector a = FloatVector.fromArray(F, m, 8);
        for (int i = 0; i < iters; i++) { c0 = c0.add(a); c1 = c1.add(a); c2 = c2.add(a); c3 = c3.add(a); c4 = c4.add(a); c5 = c5.add(a); c6 = c6.add(a); c7 = c7.add(a); c8 = c8.add(a); c9 = c9.add(a); }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).reduceLanes(VectorOperators.ADD);
    }
    static long dep(int iters) { long x = 1; for (int i = 0; i < iters; i++) x = (x ^ (x >>> 3)) + i; return x; }
    public static void main(String[] a) {
        float[] m = new float[32]; java.util.Arrays.fill(m, 0.5f); float s = 0;
        for (int r = 0; r < 8; r++) {
            int it = 20_000_000;
            long t0 = System.nanoTime(); s += fma(m, it); long t1 = System.nanoTime(); s += add(m, it); long t2 = System.nanoTime(); long d = dep(200_000_000); long t3 = System.nanoTime();
            System.out.printf("fma %.2f /ns   add %.2f /ns   dep-chain (3 ops: shr,xor,add ~3 cyc) -> %.2f GHz  %s%n", 10.0 * it / (t1 - t0), 10.0 * it / (t2 - t1), 3.0 * 200_000_000 / (t3 - t2), s + d > 0 ? "" : " ");
        }
    }
}
