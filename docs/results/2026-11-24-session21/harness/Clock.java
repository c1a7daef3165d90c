public class Clock {
  public static void main(String[] a) {
    for (int r = 0; r < 8; r++) {
      long x = r; long n = 400_000_000L;
      long t0 = System.nanoTime();
      for (long i = 0; i < n; i++) { x = (x ^ i) + i; x = (x ^ i) + i; }
      long t = System.nanoTime() - t0;
      // 4 dependent 1-cycle ops per iteration
      System.out.printf("%.2f GHz (x=%d)%n", 4.0 * n / t, x & 1);
    }
  }
}
