public class ClockImul {
  public static void main(String[] a) {
    for (int r = 0; r < 6; r++) {
      long x = r | 1; long n = 300_000_000L;
      long t0 = System.nanoTime();
      for (long i = 0; i < n; i++) { x *= 0x9E3779B97F4A7C15L; x *= 0x9E3779B97F4A7C15L; }
      long t = System.nanoTime() - t0;
      System.out.printf("imul chain: %.3f ns per imul -> %.2f GHz if latency 3 (x=%d)%n", t / (2.0 * n), 3 * 2.0 * n / t, x & 1);
    }
  }
}
