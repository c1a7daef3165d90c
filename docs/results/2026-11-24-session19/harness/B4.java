package io.bnb.backend.cpu;
import java.lang.foreign.*;
public class B4 {
  static void lookupII(int[] table, int lv, int[] bits, int[] e) {
    int mask = table.length - 1;
    for (int i = 0; i < lv; i++) e[i] = table[(bits[i] >>> 16) & mask];
  }
  static void lookupL(int[] table, int lv, long[] bits, long[] e) {
    int mask = table.length - 1;
    for (int j = 0; j < lv >> 1; j++) {
      long b = bits[j];
      int lo = table[((int) b >>> 16) & mask], hi = table[(int) (b >>> 48) & mask];
      e[j] = lo & 0xffffffffL | (long) hi << 32;
    }
  }
  public static void main(String[] a) {
    int n = 16 << 20;
    NearestCode nc = NearestCode.of(io.bnb.api.Codebooks.dynamicSigned());
    int[] t = nc.table;
    java.util.Random r = new java.util.Random(1);
    int[] bi = new int[n]; long[] bl = new long[n / 2];
    for (int i = 0; i < n; i++) bi[i] = Float.floatToRawIntBits((float) r.nextGaussian() / 4.5f);
    for (int i = 0; i < n / 2; i++) bl[i] = bi[2 * i] & 0xffffffffL | (long) bi[2 * i + 1] << 32;
    int[] ei = new int[512]; long[] el = new long[256]; int[] bb = new int[512]; long[] bbl = new long[256];
    String mode = a[0];
    for (int it = 0; it < 40; it++) {
      long t0 = System.nanoTime();
      for (int b = 0; b < n / 512; b++) {
        if (mode.equals("ii")) { System.arraycopy(bi, b * 512, bb, 0, 512); lookupII(t, 512, bb, ei); }
        else { System.arraycopy(bl, b * 256, bbl, 0, 256); lookupL(t, 512, bbl, el); }
      }
      long t1 = System.nanoTime();
      System.out.printf("%s %d %.2f ms%n", mode, it, (t1 - t0) / 1e6);
    }
  }
}
