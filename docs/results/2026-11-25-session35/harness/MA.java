public class MA {
  static int red1(short[] a, short[] b, int n) {
    int s = 0;
    for (int i = 0; i < n; i++) s += a[2*i]*b[2*i] + a[2*i+1]*b[2*i+1];
    return s;
  }
  static void red4(short[] a, int ao, int as, short[] b, int n, int[] out) {
    int s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int a1 = ao + as, a2 = a1 + as, a3 = a2 + as;
    for (int i = 0; i < n; i++) {
      int b0 = b[2*i], b1 = b[2*i+1];
      s0 += a[ao+2*i]*b0 + a[ao+2*i+1]*b1;
      s1 += a[a1+2*i]*b0 + a[a1+2*i+1]*b1;
      s2 += a[a2+2*i]*b0 + a[a2+2*i+1]*b1;
      s3 += a[a3+2*i]*b0 + a[a3+2*i+1]*b1;
    }
    out[0] += s0; out[1] += s1; out[2] += s2; out[3] += s3;
  }
  public static void main(String[] x) {
    int K = 4096; short[] a = new short[4*K], b = new short[K]; java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < a.length; i++) a[i] = (short) (r.nextInt(256) - 128);
    for (int i = 0; i < b.length; i++) b[i] = (short) (r.nextInt(256) - 128);
    int[] out = new int[4]; long chk = 0;
    for (int rep = 0; rep < 10; rep++) {
      int n = 20000; long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) chk += red1(a, b, K/2);
      double c1 = (System.nanoTime() - t0) * 3.2 / n;
      t0 = System.nanoTime();
      for (int i = 0; i < n; i++) red4(a, 0, K, b, K/2, out);
      double c4 = (System.nanoTime() - t0) * 3.2 / n;
      if (rep > 6) System.out.printf("red1 %.2f MAC/cycle, red4 %.2f MAC/cycle %d%n", K / c1, 4 * K / c4, chk + out[0]);
    }
  }
}
