package io.bnb.backend.cpu;
import java.lang.foreign.*;
import jdk.incubator.vector.*;
public class QL {
  static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
  static void lookupPairs(int[] table, int lv, long[] bits, long[] e) {
    int mask = table.length - 1;
    for (int j = 0; j < lv >> 1; j++) {
      long b = bits[j];
      int lo = table[((int) b >>> 16) & mask], hi = table[(int) (b >>> 48) & mask];
      e[j] = lo & 0xffffffffL | (long) hi << 32;
    }
  }
  static void keys(int[] bits, int lv, int[] idx) {
    for (int i = 0; i < lv; i += 8) IntVector.fromArray(I, bits, i).lanewise(VectorOperators.LSHR, 16).intoArray(idx, i);
  }
  static void lookupIdx(int[] table, int lv, int[] idx, int[] e) {
    for (int i = 0; i < lv; i++) e[i] = table[idx[i]];
  }
  static void lookupIdxMask(int[] table, int lv, int[] idx, int[] e) {
    int mask = table.length - 1;
    for (int i = 0; i < lv; i++) e[i] = table[idx[i] & mask];
  }
  static void lookupBits(int[] table, int lv, int[] bits, int[] e) {
    int mask = table.length - 1;
    for (int i = 0; i < lv; i++) e[i] = table[(bits[i] >>> 16) & mask];
  }
  public static void main(String[] a) {
    NearestCode nc = NearestCode.of(io.bnb.api.Codebooks.dynamicSigned());
    int[] t = nc.table;
    int n = 16 << 20, P = 512;
    java.util.Random r = new java.util.Random(1);
    int pieces = 64;
    int[][] bitsI = new int[pieces][P]; long[][] bitsL = new long[pieces][P / 2];
    for (int p = 0; p < pieces; p++) for (int i = 0; i < P; i++) {
      int x = Float.floatToRawIntBits((float) r.nextGaussian() / 4.5f);
      bitsI[p][i] = x;
      if ((i & 1) == 0) bitsL[p][i >> 1] = x & 0xffffffffL; else bitsL[p][i >> 1] |= (long) x << 32;
    }
    int pad = Integer.getInteger("pad", 0);
    long[] eL = new long[P / 2 + pad]; int[] idx = new int[P + pad]; int[] eI = new int[P + pad];
    for (int it = 0; it < 20; it++) {
      long t0 = System.nanoTime();
      for (int q = 0; q < n / P; q++) lookupPairs(t, P, bitsL[q & (pieces - 1)], eL);
      long t1 = System.nanoTime();
      for (int q = 0; q < n / P; q++) { keys(bitsI[q & (pieces - 1)], P, idx); lookupIdx(t, P, idx, eI); }
      long t2 = System.nanoTime();
      for (int q = 0; q < n / P; q++) { keys(bitsI[q & (pieces - 1)], P, idx); lookupIdxMask(t, P, idx, eI); }
      long t3 = System.nanoTime();
      for (int q = 0; q < n / P; q++) lookupBits(t, P, bitsI[q & (pieces - 1)], eI);
      long t4 = System.nanoTime();
      double c = 3.2 / n;
      if (it >= 17) System.out.printf("cycles/value: pairs %.2f  keys+idx %.2f  keys+idx&mask %.2f  bits %.2f%n", (t1 - t0) * c, (t2 - t1) * c, (t3 - t2) * c, (t4 - t3) * c);
    }
  }
}
