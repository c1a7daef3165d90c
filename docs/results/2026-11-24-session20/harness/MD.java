public class MD {
  static int dot1(short[] a, short[] b, int n) {
    int s = 0;
    for (int j = 0; j < n / 2; j++) s += a[2 * j] * b[2 * j] + a[2 * j + 1] * b[2 * j + 1];
    return s;
  }
  static int dot0(short[] a, short[] b, int n) {
    int s = 0;
    for (int j = 0; j < n; j++) s += a[j] * b[j];
    return s;
  }
  static void dot4(short[] a0, short[] a1, short[] a2, short[] a3, short[] b, int n, int[] out) {
    int s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (int j = 0; j < n / 2; j++) {
      int b0 = b[2 * j], b1 = b[2 * j + 1];
      s0 += a0[2 * j] * b0 + a0[2 * j + 1] * b1;
      s1 += a1[2 * j] * b0 + a1[2 * j + 1] * b1;
      s2 += a2[2 * j] * b0 + a2[2 * j + 1] * b1;
      s3 += a3[2 * j] * b0 + a3[2 * j + 1] * b1;
    }
    out[0] = s0; out[1] = s1; out[2] = s2; out[3] = s3;
  }
  static void mulAdd(short[] a, short[] b, int[] out, int n) {
    for (int j = 0; j < n / 2; j++) out[j] += a[2 * j] * b[2 * j] + a[2 * j + 1] * b[2 * j + 1];
  }
  public static void main(String[] x) {
    int n = 4096;
    short[] a = new short[n], b = new short[n], a1 = new short[n], a2 = new short[n], a3 = new short[n];
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < n; i++) { a[i] = (short) (r.nextInt(255) - 127); b[i] = (short) (r.nextInt(255) - 127); a1[i] = a[i]; a2[i] = b[i]; a3[i] = a[i]; }
    int[] out = new int[4], o2 = new int[n / 2];
    long s = 0;
    for (int it = 0; it < 6; it++) {
      int reps = 100000;
      long t0 = System.nanoTime();
      for (int k = 0; k < reps; k++) s += dot1(a, b, n);
      long t1 = System.nanoTime();
      for (int k = 0; k < reps; k++) s += dot0(a, b, n);
      long t2 = System.nanoTime();
      for (int k = 0; k < reps / 4; k++) { dot4(a, a1, a2, a3, b, n, out); s += out[0]; }
      long t3 = System.nanoTime();
      for (int k = 0; k < reps; k++) { mulAdd(a, b, o2, n); }
      long t4 = System.nanoTime();
      double macs = (double) reps * n;
      System.out.printf("dot1 %.1f  dot0 %.1f  dot4 %.1f  mulAdd %.1f  GMAC/s%n", macs / (t1 - t0), macs / (t2 - t1), macs / (t3 - t2), macs / (t4 - t3));
    }
    System.out.println(s + o2[5]);
  }
}
