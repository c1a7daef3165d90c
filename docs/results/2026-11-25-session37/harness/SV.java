import jdk.incubator.vector.*;
public class SV {
  static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
  static float work(long n) {
    FloatVector b = FloatVector.broadcast(F, 0.9999999f), c = FloatVector.broadcast(F, 1e-9f);
    FloatVector a0 = FloatVector.broadcast(F, 1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0;
    for (long i = 0; i < n; i++) { a0 = a0.fma(b, c); a1 = a1.fma(b, c); a2 = a2.fma(b, c); a3 = a3.fma(b, c); a4 = a4.fma(b, c); a5 = a5.fma(b, c); a6 = a6.fma(b, c); a7 = a7.fma(b, c); a8 = a8.fma(b, c); a9 = a9.fma(b, c); }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).reduceLanes(VectorOperators.ADD);
  }
  public static void main(String[] s) throws Exception {
    long n = 100_000_000L;
    for (int rep = 0; rep < 5; rep++) {
      long t0 = System.nanoTime(); float r = work(n); long t1 = System.nanoTime();
      float[] rr = new float[1];
      Thread t = new Thread(() -> rr[0] = work(n)); t.start(); r += work(n); t.join(); long t2 = System.nanoTime();
      System.out.printf("10 indep FMA chains x %d: 1T %.0f ms (%.2f FMA/cycle @3.2GHz), 2T each same work %.0f ms %s%n", n, (t1 - t0) / 1e6, 10.0 * n / ((t1 - t0) * 3.2), (t2 - t1) / 1e6, r + rr[0] != 0 ? "" : "?");
    }
  }
}
